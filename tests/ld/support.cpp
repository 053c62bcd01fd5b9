#include "tests/ld/support.hpp"

#include "shared/json/parse.hpp"
#include "shared/ld/error.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace certgate::ld::test {

std::optional<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::optional<json::value> read_json(const std::filesystem::path& p) {
    auto text = read_file(p);
    if (!text) {
        return std::nullopt;
    }
    auto v = json::parse(*text, {.max_depth = 256, .max_size = 1 << 24});
    if (!v) {
        return std::nullopt;
    }
    return std::move(*v);
}

result<remote_document> w3c_loader::load(std::string_view url) const {
    if (!url.starts_with(prefix_)) {
        return errc::loading_remote_context_failed;
    }
    auto doc = read_json(dir_ / std::string(url.substr(prefix_.size())));
    if (!doc) {
        return errc::loading_remote_context_failed;
    }
    return remote_document{std::string(url), std::make_shared<const json::value>(std::move(*doc))};
}

bool json_equivalent(const json::value& a, const json::value& b, bool any_order) {
    if (a.is_object() && b.is_object()) {
        const auto& x = a.as_object();
        const auto& y = b.as_object();
        if (x.size() != y.size()) {
            return false;
        }
        for (const auto& [k, v] : x) {
            const json::value* other = b.find(k);
            if (other == nullptr || !json_equivalent(v, *other, any_order)) {
                return false;
            }
        }
        return true;
    }
    if (a.is_array() && b.is_array()) {
        const auto& x = a.as_array();
        const auto& y = b.as_array();
        if (x.size() != y.size()) {
            return false;
        }
        if (!any_order) {
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (!json_equivalent(x[i], y[i], false)) {
                    return false;
                }
            }
            return true;
        }
        std::vector<bool> used(y.size(), false);
        for (const auto& item : x) {
            bool found = false;
            for (std::size_t i = 0; i < y.size() && !found; ++i) {
                if (!used[i] && json_equivalent(item, y[i], true)) {
                    used[i] = true;
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
    return a == b;
}

}  // namespace certgate::ld::test
