// tensoract — closes a region opened by contract_off_begin.hpp. No include guard.
// SPDX-License-Identifier: MIT
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif
