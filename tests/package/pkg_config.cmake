# Compiles and runs consumer/main.cpp with the flags `pkg-config --cflags --libs tensoract`
# gives from an installed tensoract (-DPREFIX), as a Makefile-based project would.
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/share/pkgconfig")
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs tensoract
    OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config does not know tensoract under ${PREFIX}/share/pkgconfig")
endif()
message(STATUS "pkg-config --cflags --libs tensoract: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND ${CXX} -std=c++20 -O2 ${SOURCE} ${flags} -o "${WORK_DIR}/consumer" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling with pkg-config's flags failed")
endif()
execute_process(COMMAND "${WORK_DIR}/consumer" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the consumer built with pkg-config's flags failed")
endif()
