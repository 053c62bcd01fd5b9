#include "shared/http/query.hpp"

namespace certgate::http {

namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

result<std::string> percent_decode(std::string_view s, bool plus_as_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (s.size() - i < 3) {
                return errc::bad_percent_encoding;
            }
            int hi = hex_value(s[i + 1]);
            int lo = hex_value(s[i + 2]);
            // An encoded NUL is refused: no caller wants one, and store keys use it as separator.
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                return errc::bad_percent_encoding;
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<std::string_view> query_params::get(std::string_view name) const noexcept {
    for (const auto& [n, v] : items_) {
        if (n == name) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> query_params::get_all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [n, v] : items_) {
        if (n == name) {
            out.emplace_back(v);
        }
    }
    return out;
}

void query_params::add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
}

result<query_params> parse_query(std::string_view query) {
    query_params out;
    for (auto piece : split(query, '&')) {
        if (piece.empty()) {
            continue;
        }
        auto eq = piece.find('=');
        auto name = percent_decode(piece.substr(0, eq), true);
        if (!name) {
            return name.error();
        }
        std::string value;
        if (eq != std::string_view::npos) {
            auto v = percent_decode(piece.substr(eq + 1), true);
            if (!v) {
                return v.error();
            }
            value = std::move(*v);
        }
        out.add(std::move(*name), std::move(value));
    }
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    if (s.empty()) {
        return out;
    }
    for (;;) {
        auto pos = s.find(sep);
        out.push_back(s.substr(0, pos));
        if (pos == std::string_view::npos) {
            return out;
        }
        s.remove_prefix(pos + 1);
    }
}

}  // namespace certgate::http
