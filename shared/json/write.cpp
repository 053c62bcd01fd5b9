#include "shared/json/write.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace certgate::json {

void write_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out.push_back(hex[u >> 4]);
                    out.push_back(hex[u & 0xF]);
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

void write_number(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    char buf[40];
    // Integers below 1e21 print in full decimal, as JavaScript does.
    if (std::trunc(d) == d && std::fabs(d) < 1e21) {
        if (d == 0) {
            out.push_back('0');  // JavaScript prints -0 as 0
            return;
        }
        auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 0);
        out.append(buf, r.ptr);
        return;
    }
    // Shortest round-trip; JavaScript switches to exponent form below 1e-6 and from 1e21.
    double a = std::fabs(d);
    if (a >= 1e-6 && a < 1e21) {
        auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
        out.append(buf, r.ptr);
        return;
    }
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
    auto e = s.find('e');
    out.append(s.substr(0, e));
    out.push_back('e');
    std::string_view exp = s.substr(e + 1);
    if (exp[0] == '-') {
        out.push_back('-');
        exp.remove_prefix(1);
    } else {
        out.push_back('+');
        if (exp[0] == '+') {
            exp.remove_prefix(1);
        }
    }
    while (exp.size() > 1 && exp[0] == '0') {
        exp.remove_prefix(1);
    }
    out.append(exp);
}

void write(std::string& out, const value& v) {
    switch (v.type()) {
        case kind::null_value:
            out += "null";
            break;
        case kind::bool_value:
            out += v.as_bool() ? "true" : "false";
            break;
        case kind::number_value:
            write_number(out, v.as_number());
            break;
        case kind::string_value:
            write_string(out, v.as_string());
            break;
        case kind::array_value: {
            out.push_back('[');
            bool first = true;
            for (const auto& e : v.as_array()) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                write(out, e);
            }
            out.push_back(']');
            break;
        }
        case kind::object_value: {
            out.push_back('{');
            bool first = true;
            for (const auto& [k, e] : v.as_object()) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                write_string(out, k);
                out.push_back(':');
                write(out, e);
            }
            out.push_back('}');
            break;
        }
    }
}

std::string to_string(const value& v) {
    std::string out;
    write(out, v);
    return out;
}

}  // namespace certgate::json
