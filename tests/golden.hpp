// Reading tests/data/*.txt (written by tools/make_golden.py) and comparing in ULPs.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <tensoract/tensoract.hpp>

namespace golden {

struct Case {
    std::string op;
    std::string dtype;                          // "float32" or "float64"
    std::map<std::string, std::string> params;  // shape=2,3 dim=-1 steps=10 ...
    std::map<std::string, std::vector<double>> arrays;
    std::string text;                           // repr cases: the expected text
    int line = 0;                               // where the case starts, for messages

    [[nodiscard]] tensoract::Shape shape() const {
        std::vector<std::int64_t> dims;
        const std::string& s = params.at("shape");
        std::stringstream ss(s);
        std::string tok;
        while (std::getline(ss, tok, ',')) {
            dims.push_back(std::stoll(tok));
        }
        return tensoract::Shape(std::span<const std::int64_t>(dims));
    }
    [[nodiscard]] std::int64_t integer(const std::string& key) const { return std::stoll(params.at(key)); }
    [[nodiscard]] const std::vector<double>& array(const std::string& key) const {
        const auto it = arrays.find(key);
        if (it == arrays.end()) {
            throw std::runtime_error("golden case at line " + std::to_string(line) + " has no '" + key + "'");
        }
        return it->second;
    }
    template <class T>
    [[nodiscard]] tensoract::Tensor<T> tensor(const std::string& key) const {
        const auto& a = array(key);
        return tensoract::Tensor<T>(shape(), std::vector<T>(a.begin(), a.end()));
    }
    [[nodiscard]] std::string where() const {
        return op + " " + dtype + " (data line " + std::to_string(line) + ")";
    }
};

inline std::string data_path(const std::string& name) { return std::string(TENSORACT_TEST_DATA_DIR) + "/" + name; }

/// Values are read at their own precision (strtof for float32), so they are exact.
inline std::vector<Case> parse(const std::string& name) {
    std::ifstream in(data_path(name));
    if (!in) {
        throw std::runtime_error("cannot open golden file " + data_path(name));
    }
    std::vector<Case> cases;
    std::string ln;
    int lineno = 0;
    while (std::getline(in, ln)) {
        ++lineno;
        if (ln.empty() || ln[0] == '#') {
            continue;
        }
        std::istringstream ss(ln);
        std::string head;
        ss >> head;
        if (head == "case") {
            Case c;
            c.line = lineno;
            ss >> c.op >> c.dtype;
            std::string kv;
            while (ss >> kv) {
                const auto eq = kv.find('=');
                c.params[kv.substr(0, eq)] = kv.substr(eq + 1);
            }
            cases.push_back(std::move(c));
        } else if (head == "text") {
            std::string text;
            while (std::getline(in, ln) && ln != "@@end") {
                ++lineno;
                text += (text.empty() ? "" : "\n") + ln;
            }
            ++lineno;
            cases.back().text = text;
        } else {
            std::vector<double> values;
            std::string tok;
            const bool single = cases.back().dtype == "float32";
            while (ss >> tok) {
                values.push_back(single ? static_cast<double>(std::strtof(tok.c_str(), nullptr))
                                        : std::strtod(tok.c_str(), nullptr));
            }
            cases.back().arrays[head] = std::move(values);
        }
    }
    return cases;
}

/// The cases of a golden file, parsed once per process: Catch2 runs a test case again for
/// each of its SECTIONs, and a test with a section per case re-read its file each time
/// (the family test: 24 s natively, 270 s under qemu, instead of well under a second).
inline const std::vector<Case>& load(const std::string& name) {
    static std::map<std::string, std::vector<Case>> parsed;
    auto it = parsed.find(name);
    if (it == parsed.end()) {
        it = parsed.emplace(name, parse(name)).first;
    }
    return it->second;
}

/// Distance in units in the last place between two values of T: the number of representable
/// values between them (0 when equal, also for two NaNs or for 0 and -0; huge when one is NaN).
template <class T>
std::uint64_t ulp_distance(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) {
        return std::isnan(a) && std::isnan(b) ? 0 : UINT64_MAX;
    }
    using Bits = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
    const auto ordered = [](T v) {
        Bits bits;
        std::memcpy(&bits, &v, sizeof v);
        // map sign-magnitude onto a monotonic integer line (-0 and +0 both to 0)
        return bits < 0 ? static_cast<std::int64_t>(std::numeric_limits<Bits>::min()) - bits
                        : static_cast<std::int64_t>(bits);
    };
    const std::int64_t ia = ordered(a);
    const std::int64_t ib = ordered(b);
    if constexpr (sizeof(T) == 4) {
        return static_cast<std::uint64_t>(ia > ib ? ia - ib : ib - ia);
    } else {
        // differences of two int64 can overflow int64: go through uint64
        return ia > ib ? static_cast<std::uint64_t>(ia) - static_cast<std::uint64_t>(ib)
                       : static_cast<std::uint64_t>(ib) - static_cast<std::uint64_t>(ia);
    }
}

/// Bitwise equality that treats every NaN alike.
template <class T>
bool same_value(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) {
        return std::isnan(a) && std::isnan(b);
    }
    return a == b && std::signbit(a) == std::signbit(b);
}

}  // namespace golden
