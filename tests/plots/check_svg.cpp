// Checks the SVGs examples/plot_activations writes: each file is well-formed XML, and every
// point of every curve (polyline with data-curve) lies on the function it names, recomputed
// here in double from the textbook formulas (not by tensoract), within 0.02 px.
//
//     check_svg DIR      (exit status 0: all four files good)
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Element {
    std::string name;
    std::map<std::string, std::string> attributes;
};

/// A small XML well-formedness check: declaration, comments, elements with quoted attributes
/// (no duplicates), balanced tags, one root, entities in text and attributes. Collects the
/// elements. Returns an error message, empty if well-formed.
std::string parse_xml(const std::string& s, std::vector<Element>& elements) {
    std::vector<std::string> open;
    std::size_t i = 0;
    int roots = 0;
    const auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_' || c == '.'; };
    const auto check_entities = [](const std::string& text) -> bool {
        for (std::size_t k = text.find('&'); k != std::string::npos; k = text.find('&', k + 1)) {
            const std::size_t end = text.find(';', k);
            if (end == std::string::npos) {
                return false;
            }
            const std::string e = text.substr(k + 1, end - k - 1);
            if (e != "amp" && e != "lt" && e != "gt" && e != "quot" && e != "apos" && (e.empty() || e[0] != '#')) {
                return false;
            }
        }
        return true;
    };
    if (s.rfind("<?xml", 0) == 0) {
        i = s.find("?>");
        if (i == std::string::npos) {
            return "unterminated XML declaration";
        }
        i += 2;
    }
    while (i < s.size()) {
        const std::size_t lt = s.find('<', i);
        const std::string text = s.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
        if (!check_entities(text)) {  // '<' cannot occur here: text ends at the next one
            return "bad entity in text near offset " + std::to_string(i);
        }
        if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos) {
            return "text outside the root element";
        }
        if (lt == std::string::npos) {
            break;
        }
        i = lt + 1;
        if (s.compare(i, 3, "!--") == 0) {
            const std::size_t end = s.find("-->", i);
            if (end == std::string::npos) {
                return "unterminated comment";
            }
            i = end + 3;
            continue;
        }
        const bool closing = s[i] == '/';
        i += closing ? 1 : 0;
        const std::size_t name_start = i;
        while (i < s.size() && is_name(s[i])) {
            ++i;
        }
        const std::string name = s.substr(name_start, i - name_start);
        if (name.empty()) {
            return "missing element name at offset " + std::to_string(name_start);
        }
        Element element{name, {}};
        bool self_closing = false;
        for (;;) {
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) {
                ++i;
            }
            if (i >= s.size()) {
                return "unterminated tag <" + name;
            }
            if (s[i] == '>') {
                ++i;
                break;
            }
            if (s[i] == '/' && !closing && i + 1 < s.size() && s[i + 1] == '>') {
                self_closing = true;
                i += 2;
                break;
            }
            if (closing) {
                return "attributes in closing tag </" + name;
            }
            const std::size_t a = i;
            while (i < s.size() && is_name(s[i])) {
                ++i;
            }
            const std::string attribute = s.substr(a, i - a);
            if (attribute.empty() || i + 1 >= s.size() || s[i] != '=' || (s[i + 1] != '"' && s[i + 1] != '\'')) {
                return "bad attribute in <" + name;
            }
            const char quote = s[i + 1];
            const std::size_t end = s.find(quote, i + 2);
            if (end == std::string::npos) {
                return "unterminated attribute value in <" + name;
            }
            const std::string value = s.substr(i + 2, end - i - 2);
            if (value.find('<') != std::string::npos || !check_entities(value)) {
                return "bad character in attribute " + attribute + " of <" + name;
            }
            if (!element.attributes.emplace(attribute, value).second) {
                return "duplicate attribute " + attribute + " in <" + name;
            }
            i = end + 1;
        }
        if (closing) {
            if (open.empty() || open.back() != name) {
                return "mismatched closing tag </" + name + ">";
            }
            open.pop_back();
            continue;
        }
        if (open.empty() && ++roots > 1) {
            return "more than one root element";
        }
        elements.push_back(element);
        if (!self_closing) {
            open.push_back(name);
        }
    }
    if (!open.empty()) {
        return "unclosed element <" + open.back() + ">";
    }
    return roots == 1 ? "" : "no root element";
}

std::vector<double> numbers(const std::string& text) {
    std::vector<double> v;
    std::istringstream in(text);
    for (double d = 0; in >> d;) {
        v.push_back(d);
        if (in.peek() == ',') {
            in.ignore();
        }
    }
    return v;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double softmax0(double x) { return std::exp(x) / (std::exp(x) + std::exp(1.0) + std::exp(0.1)); }

double reference(const std::string& curve, double x) {
    if (curve == "sigmoid") return sigmoid(x);
    if (curve == "sigmoid_derivative") return sigmoid(x) * (1 - sigmoid(x));
    if (curve == "tanh") return std::tanh(x);
    if (curve == "tanh_derivative") return 1 - std::tanh(x) * std::tanh(x);
    if (curve == "relu") return x > 0 ? x : 0;
    if (curve == "relu_derivative") return x > 0 ? 1 : 0;
    if (curve == "softmax") return softmax0(x);
    if (curve == "softmax_derivative") return softmax0(x) * (1 - softmax0(x));
    return NAN;
}

/// Errors found in one file (empty: good).
std::vector<std::string> check(const std::string& path, const std::string& expected_function) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return {"cannot read " + path};
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<Element> elements;
    if (const std::string error = parse_xml(text, elements); !error.empty()) {
        return {path + ": not well-formed XML: " + error};
    }
    std::vector<std::string> errors;
    const Element& root = elements.front();
    const auto area = numbers(root.attributes.count("data-plot-area") ? root.attributes.at("data-plot-area") : "");
    const auto xr = numbers(root.attributes.count("data-x-range") ? root.attributes.at("data-x-range") : "");
    const auto yr = numbers(root.attributes.count("data-y-range") ? root.attributes.at("data-y-range") : "");
    if (root.name != "svg" || area.size() != 4 || xr.size() != 2 || yr.size() != 2) {
        return {path + ": the root is not an <svg> with data-plot-area, data-x-range and data-y-range"};
    }
    const auto to_x = [&](double px) { return xr[0] + (px - area[0]) / area[2] * (xr[1] - xr[0]); };
    const auto to_py = [&](double y) { return area[1] + (yr[1] - y) / (yr[1] - yr[0]) * area[3]; };
    // half a printed unit (0.005 px) of x either side: a step function may jump inside it
    const double dx = 0.005 / area[2] * (xr[1] - xr[0]);
    std::map<std::string, int> curves;
    for (const Element& e : elements) {
        if (e.name != "polyline" || !e.attributes.count("data-curve")) {
            continue;
        }
        const std::string& name = e.attributes.at("data-curve");
        const auto v = numbers(e.attributes.count("points") ? e.attributes.at("points") : "");
        if (v.size() < 200 || v.size() % 2 != 0 || std::isnan(reference(name, 0))) {
            errors.push_back(path + ": curve " + name + " is unknown or has too few points");
            continue;
        }
        int bad = 0;
        for (std::size_t k = 0; k < v.size(); k += 2) {
            const double x = to_x(v[k]);
            bool ok = false;
            for (const double at : {x, x - dx, x + dx}) {
                ok = ok || std::fabs(to_py(reference(name, at)) - v[k + 1]) <= 0.02;
            }
            if (!ok && bad++ < 3) {
                char msg[200];
                std::snprintf(msg, sizeof msg, "%s: curve %s: point (%.2f, %.2f) is off the function (expected y %.3f px)",
                              path.c_str(), name.c_str(), v[k], v[k + 1], to_py(reference(name, x)));
                errors.emplace_back(msg);
            }
        }
        ++curves[name];
    }
    for (const std::string& name : {expected_function, expected_function + "_derivative"}) {
        if (curves[name] != 1) {
            errors.push_back(path + ": expected one curve " + name);
        }
    }
    return errors;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    int failures = 0;
    for (const std::string f : {"sigmoid", "tanh", "relu", "softmax"}) {
        const auto errors = check(std::string(argv[1]) + "/" + f + ".svg", f);
        for (const std::string& e : errors) {
            std::fprintf(stderr, "%s\n", e.c_str());
        }
        failures += errors.empty() ? 0 : 1;
        std::printf("%s.svg: %s\n", f.c_str(), errors.empty() ? "well-formed, every point on its curve" : "FAILED");
    }
    return failures == 0 ? 0 : 1;
}
