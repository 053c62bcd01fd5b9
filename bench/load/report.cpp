#include "bench/load/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace certgate::bench {

namespace {

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

double ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            continue;  // labels are the user's text: drop control characters
        } else {
            out += c;
        }
    }
    return out;
}

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::uint64_t run_result::errors() const noexcept {
    std::uint64_t n = transport_errors;
    for (const auto& [code, count] : status) {
        if (code < 200 || code >= 300) {
            n += count;
        }
    }
    return n;
}

std::string to_text(const run_result& r) {
    std::string s;
    s += r.label + ": " + r.workload + " against " + r.target + ", " +
         std::to_string(r.connections) + " connections, " + std::to_string(r.threads) +
         " client thread(s), " +
         (r.rate > 0 ? "open loop at " + fmt("%.0f", r.rate) + "/s" : std::string("closed loop")) +
         "\n";
    s += "  requests   " + std::to_string(r.completed) + " in " + fmt("%.2f", r.elapsed_s) +
         " s = " + fmt("%.0f", r.throughput()) + " /s\n";
    if (r.distinct > 0 && r.completed > r.distinct) {
        s += "  note       the workload has " + std::to_string(r.distinct) +
             " distinct requests; this run repeated them (a verify cache sees hits)\n";
    }
    s += "  status    ";
    for (const auto& [code, count] : r.status) {
        s += " " + std::to_string(code) + ":" + std::to_string(count);
    }
    s += "  transport errors:" + std::to_string(r.transport_errors) + "\n";
    s += "  latency    mean " + fmt("%.3f", r.latency_ns.mean() / 1e6) + " ms";
    for (double p : report_percentiles) {
        s += "  p" + fmt("%g", p) + " " + fmt("%.3f", ms(r.latency_ns.percentile(p))) + " ms";
    }
    s += "  max " + fmt("%.3f", ms(r.latency_ns.max())) + " ms\n";
    return s;
}

std::string to_json(const run_result& r) {
    std::string s = "{";
    s += "\"label\":\"" + json_escape(r.label) + "\",";
    s += "\"workload\":\"" + json_escape(r.workload) + "\",";
    s += "\"target\":\"" + json_escape(r.target) + "\",";
    s += "\"connections\":" + std::to_string(r.connections) + ",";
    s += "\"threads\":" + std::to_string(r.threads) + ",";
    s += "\"rate\":" + fmt("%.3f", r.rate) + ",";
    s += "\"elapsed_s\":" + fmt("%.6f", r.elapsed_s) + ",";
    s += "\"completed\":" + std::to_string(r.completed) + ",";
    s += "\"throughput\":" + fmt("%.3f", r.throughput()) + ",";
    s += "\"errors\":" + std::to_string(r.errors()) + ",";
    s += "\"transport_errors\":" + std::to_string(r.transport_errors) + ",";
    s += "\"distinct\":" + std::to_string(r.distinct) + ",";
    s += "\"status\":{";
    bool first = true;
    for (const auto& [code, count] : r.status) {
        s += (first ? "\"" : ",\"") + std::to_string(code) + "\":" + std::to_string(count);
        first = false;
    }
    s += "},\"latency_ms\":{";
    s += "\"mean\":" + fmt("%.6f", r.latency_ns.mean() / 1e6);
    s += ",\"min\":" + fmt("%.6f", ms(r.latency_ns.min()));
    for (double p : report_percentiles) {
        s += ",\"p" + fmt("%g", p) + "\":" + fmt("%.6f", ms(r.latency_ns.percentile(p)));
    }
    s += ",\"max\":" + fmt("%.6f", ms(r.latency_ns.max())) + "}}";
    return s;
}

std::string to_svg(const run_result& r) {
    // x = log10(1 / (1 - p)): 0 at p0, 1 at p90, 2 at p99, ... up to p99.999.
    constexpr double w = 720, h = 420, left = 70, right = 20, top = 40, bottom = 50;
    constexpr double x_max = 5;
    std::vector<std::pair<double, double>> pts;  // (x, ms)
    for (double x = 0; x <= x_max + 1e-9; x += 0.02) {
        double p = 100.0 * (1.0 - std::pow(10.0, -x));
        pts.emplace_back(x, ms(r.latency_ns.percentile(p)));
    }
    double y_max = ms(r.latency_ns.max());
    for (const auto& pt : pts) {
        y_max = std::max(y_max, pt.second);
    }
    // A round upper bound for the axis.
    double step = y_max > 0 ? std::pow(10.0, std::floor(std::log10(y_max))) : 1.0;
    double y_top = std::max(step, std::ceil(y_max / step) * step);
    auto px = [&](double x) { return left + x / x_max * (w - left - right); };
    auto py = [&](double y) { return h - bottom - y / y_top * (h - top - bottom); };

    std::string s;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt("%.0f", w) + "\" height=\"" +
         fmt("%.0f", h) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    s += "<text x=\"" + fmt("%.0f", left) + "\" y=\"20\" font-size=\"14\">" +
         xml_escape(r.label + " (" + r.workload + "): " + fmt("%.0f", r.throughput()) + " req/s, " +
                    std::to_string(r.connections) + " conns, " +
                    (r.rate > 0 ? "open loop " + fmt("%.0f", r.rate) + "/s" : "closed loop")) +
         "</text>\n";
    // Axes, grid and labels.
    const char* xlabels[] = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int i = 0; i <= 5; ++i) {
        double x = px(i);
        s += "<line x1=\"" + fmt("%.1f", x) + "\" y1=\"" + fmt("%.1f", top) + "\" x2=\"" +
             fmt("%.1f", x) + "\" y2=\"" + fmt("%.1f", h - bottom) + "\" stroke=\"#ddd\"/>\n";
        s += "<text x=\"" + fmt("%.1f", x) + "\" y=\"" + fmt("%.1f", h - bottom + 16) +
             "\" text-anchor=\"middle\">" + xlabels[i] + "</text>\n";
    }
    for (int i = 0; i <= 5; ++i) {
        double yv = y_top * i / 5.0;
        double y = py(yv);
        s += "<line x1=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", y) + "\" x2=\"" +
             fmt("%.1f", w - right) + "\" y2=\"" + fmt("%.1f", y) + "\" stroke=\"#ddd\"/>\n";
        s += "<text x=\"" + fmt("%.1f", left - 6) + "\" y=\"" + fmt("%.1f", y + 4) +
             "\" text-anchor=\"end\">" + fmt("%g", yv) + "</text>\n";
    }
    s += "<text x=\"" + fmt("%.1f", (left + w - right) / 2) + "\" y=\"" + fmt("%.1f", h - 12) +
         "\" text-anchor=\"middle\">percentile</text>\n";
    s += "<text x=\"16\" y=\"" + fmt("%.1f", (top + h - bottom) / 2) +
         "\" text-anchor=\"middle\" transform=\"rotate(-90 16 " +
         fmt("%.1f", (top + h - bottom) / 2) + ")\">latency (ms)</text>\n";
    s += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"";
    for (const auto& [x, y] : pts) {
        s += fmt("%.1f", px(x)) + "," + fmt("%.1f", py(y)) + " ";
    }
    s += "\"/>\n</svg>\n";
    return s;
}

}  // namespace certgate::bench
