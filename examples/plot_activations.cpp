// The notebook's pictures (assets/sigmoid.png, tanh.png, ReLU.png, softmax.png), drawn by
// tensoract itself: one SVG per activation with the function and its derivative.
//
//     plot_activations [DIR]     writes DIR/sigmoid.svg, tanh.svg, relu.svg, softmax.svg
//
// SVG is text, so no plotting library is needed. Each file states its plot area and ranges
// (data-* attributes on the root) and marks its curves (data-curve), so that a test can read
// the points back and check them against the functions; a style sheet adapts the colours to
// light and dark mode.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <tensoract/tensoract.hpp>

namespace {

struct Curve {
    std::string name;   // data-curve: what the test recomputes
    std::string label;  // the legend's text
    std::string css;    // the line's class: "f" (the function) or "df" (its derivative)
    std::vector<double> x;
    std::vector<double> y;
};

struct Plot {
    std::string title;
    std::string subtitle;
    double x_min, x_max, y_min, y_max;
    std::vector<Curve> curves;
};

constexpr double width = 640;
constexpr double height = 400;
constexpr double left = 64;
constexpr double top = 56;
constexpr double right = 24;
constexpr double bottom = 48;

std::string fixed(double v, int decimals) {
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals).ptr;
    std::string s(buf, end);
    if (s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) {
        s.erase(0, 1);  // "-0.00" is 0
    }
    return s;
}

/// A step of 1, 2 or 5 times a power of ten giving about `count` intervals over `span`.
double nice_step(double span, int count) {
    const double raw = span / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * power >= raw * (1 - 1e-9)) {  // 1.2 / 6 is a hair above 0.2
            return m * power;
        }
    }
    return 10 * power;
}

int decimals_for(double step) { return step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9)); }

std::string svg(const Plot& p) {
    const double w = width - left - right;
    const double h = height - top - bottom;
    const auto px = [&](double x) { return fixed(left + (x - p.x_min) / (p.x_max - p.x_min) * w, 2); };
    const auto py = [&](double y) { return fixed(top + (p.y_max - y) / (p.y_max - p.y_min) * h, 2); };
    // (streamed, not `"..." + std::string`: GCC 12 warns falsely on those chains, bug 105329)
    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << ' ' << height << "\" data-plot-area=\"" << left << ' ' << top << ' ' << w
      << ' ' << h << "\" data-x-range=\"" << p.x_min << ' ' << p.x_max << "\" data-y-range=\"" << p.y_min << ' '
      << p.y_max << "\">\n";
    o << "<style>\n"
         "  text { font: 13px sans-serif; fill: #24292f; }\n"
         "  .title { font-size: 15px; font-weight: bold; }\n"
         "  .frame { fill: #ffffff; stroke: #57606a; }\n"
         "  .grid { stroke: #d8dee4; stroke-width: 1; }\n"
         "  .axis { stroke: #57606a; stroke-width: 1.2; }\n"
         "  .f { fill: none; stroke: #0969da; stroke-width: 2.5; }\n"
         "  .df { fill: none; stroke: #cf222e; stroke-width: 2; stroke-dasharray: 7 4; }\n"
         "  @media (prefers-color-scheme: dark) {\n"
         "    text { fill: #e6edf3; }\n"
         "    .frame { fill: #0d1117; stroke: #8b949e; }\n"
         "    .grid { stroke: #30363d; }\n"
         "    .axis { stroke: #8b949e; }\n"
         "    .f { stroke: #58a6ff; }\n"
         "    .df { stroke: #ff7b72; }\n"
         "  }\n"
         "</style>\n";
    o << "<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"" << width - 1 << "\" height=\"" << height - 1
      << "\" rx=\"6\"/>\n";
    o << "<text class=\"title\" x=\"" << left << "\" y=\"22\">" << p.title << "</text>\n";
    o << "<text x=\"" << left << "\" y=\"40\">" << p.subtitle << "</text>\n";

    // grid lines and tick labels
    const double xs = nice_step(p.x_max - p.x_min, 8);
    const double ys = nice_step(p.y_max - p.y_min, 6);
    for (double t = std::ceil(p.x_min / xs) * xs; t <= p.x_max + 1e-9; t += xs) {
        o << "<line class=\"grid\" x1=\"" << px(t) << "\" y1=\"" << top << "\" x2=\"" << px(t) << "\" y2=\""
          << top + h << "\"/>\n";
        o << "<text x=\"" << px(t) << "\" y=\"" << top + h + 18 << "\" text-anchor=\"middle\">"
          << fixed(t, decimals_for(xs)) << "</text>\n";
    }
    for (double t = std::ceil(p.y_min / ys) * ys; t <= p.y_max + 1e-9; t += ys) {
        o << "<line class=\"grid\" x1=\"" << left << "\" y1=\"" << py(t) << "\" x2=\"" << left + w << "\" y2=\""
          << py(t) << "\"/>\n";
        o << "<text x=\"" << left - 8 << "\" y=\"" << py(t) << "\" dy=\"4.5\" text-anchor=\"end\">"
          << fixed(t, decimals_for(ys)) << "</text>\n";
    }
    // the axes through 0 where 0 is in range, else along the plot's edges
    const std::string x0 = px(std::clamp(0.0, p.x_min, p.x_max));
    const std::string y0 = py(std::clamp(0.0, p.y_min, p.y_max));
    o << "<line class=\"axis\" x1=\"" << left << "\" y1=\"" << y0 << "\" x2=\"" << left + w << "\" y2=\"" << y0
      << "\"/>\n";
    o << "<line class=\"axis\" x1=\"" << x0 << "\" y1=\"" << top << "\" x2=\"" << x0 << "\" y2=\"" << top + h
      << "\"/>\n";
    o << "<text x=\"" << left + w << "\" y=\"" << top + h + 36 << "\" text-anchor=\"end\">x</text>\n";

    for (const Curve& c : p.curves) {
        o << "<polyline class=\"" << c.css << "\" data-curve=\"" << c.name << "\" points=\"";
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            o << (i == 0 ? "" : " ") << px(c.x[i]) << ',' << py(c.y[i]);
        }
        o << "\"/>\n";
    }
    // legend, top left inside the plot
    double ly = top + 20;
    for (const Curve& c : p.curves) {
        o << "<line class=\"" << c.css << "\" x1=\"" << left + 14 << "\" y1=\"" << ly << "\" x2=\"" << left + 44
          << "\" y2=\"" << ly << "\"/>\n";
        o << "<text x=\"" << left + 52 << "\" y=\"" << ly << "\" dy=\"4.5\">" << c.label << "</text>\n";
        ly += 22;
    }
    o << "</svg>\n";
    return o.str();
}

template <class F>
Curve curve(std::string name, std::string label, std::string css, const tensoract::Tensor<float>& x, F f) {
    const tensoract::Tensor<float> y = f(x);
    return {std::move(name), std::move(label), std::move(css), std::vector<double>(x.begin(), x.end()),
            std::vector<double>(y.begin(), y.end())};
}

}  // namespace

int main(int argc, char** argv) {
    namespace ta = tensoract;
    const std::string dir = argc > 1 ? argv[1] : ".";
    std::filesystem::create_directories(dir);
    constexpr std::int64_t samples = 401;
    std::vector<std::pair<std::string, Plot>> plots;

    const auto xs = ta::linspace<float>(-8, 8, samples);
    plots.emplace_back("sigmoid", Plot{"sigmoid(x) = 1 / (1 + e^(-x))", "sigmoid′(x) = sigmoid(x) · (1 − sigmoid(x))",
                                       -8, 8, -0.1, 1.1,
                                       {curve("sigmoid", "sigmoid(x)", "f", xs, [](const auto& x) { return ta::sigmoid(x); }),
                                        curve("sigmoid_derivative", "sigmoid′(x)", "df", xs,
                                              [](const auto& x) { return ta::sigmoid_derivative(x); })}});

    const auto xt = ta::linspace<float>(-4, 4, samples);
    plots.emplace_back("tanh", Plot{"tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = 2 sigmoid(2x) − 1",
                                    "tanh′(x) = 1 − tanh²(x)", -4, 4, -1.2, 1.2,
                                    {curve("tanh", "tanh(x)", "f", xt, [](const auto& x) { return ta::tanh(x); }),
                                     curve("tanh_derivative", "tanh′(x)", "df", xt,
                                           [](const auto& x) { return ta::tanh_derivative(x); })}});

    const auto xr = ta::linspace<float>(-3, 3, samples);
    plots.emplace_back("relu", Plot{"relu(x) = max(0, x)", "relu′(x) = 1 for x &gt; 0, else 0 (as PyTorch)", -3, 3, -0.5, 3.2,
                                    {curve("relu", "relu(x)", "f", xr, [](const auto& x) { return ta::relu(x); }),
                                     curve("relu_derivative", "relu′(x)", "df", xr,
                                           [](const auto& x) { return ta::relu_derivative(x); })}});

    // softmax of [x, 1, 0.1] as x varies: the first probability, and its derivative in x
    // (softmax_backward with the upstream gradient e0, one row per sample)
    const auto xm = ta::linspace<float>(-6, 6, samples);
    ta::Tensor<float> logits(ta::Shape{samples, 3});
    ta::Tensor<float> e0(ta::Shape{samples, 3});
    for (std::int64_t i = 0; i < samples; ++i) {
        logits.at(i, 0) = xm[i];
        logits.at(i, 1) = 1.0F;
        logits.at(i, 2) = 0.1F;
        e0.at(i, 0) = 1.0F;
    }
    const ta::Tensor<float> p = ta::softmax(logits, 1);
    const ta::Tensor<float> dp = ta::softmax_backward(e0, p, 1);
    Curve first{"softmax", "softmax([x, 1, 0.1])₀", "f", {}, {}};
    Curve slope{"softmax_derivative", "∂/∂x softmax([x, 1, 0.1])₀", "df", {}, {}};
    for (std::int64_t i = 0; i < samples; ++i) {
        first.x.push_back(xm[i]);
        first.y.push_back(p.at(i, 0));
        slope.x.push_back(xm[i]);
        slope.y.push_back(dp.at(i, 0));
    }
    plots.emplace_back("softmax", Plot{"softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), here z = [x, 1, 0.1]",
                                       "∂softmax(z)₀ / ∂z₀ = softmax(z)₀ · (1 − softmax(z)₀)", -6, 6, -0.1, 1.1,
                                       {std::move(first), std::move(slope)}});

    for (const auto& [name, plot] : plots) {
        const std::string path = dir + "/" + name + ".svg";
        std::ofstream out(path, std::ios::binary);
        out << svg(plot);
        if (!out) {
            std::fprintf(stderr, "plot_activations: cannot write %s\n", path.c_str());
            return 1;
        }
        std::printf("%s\n", path.c_str());
    }
}
