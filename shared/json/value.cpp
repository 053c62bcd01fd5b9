#include "shared/json/value.hpp"

#include <algorithm>
#include <cmath>

namespace certgate::json {

bool value::is_integral() const noexcept {
    if (!is_number()) {
        return false;
    }
    double d = std::get<double>(v_);
    return std::isfinite(d) && std::trunc(d) == d;
}

const value* value::find(std::string_view key) const noexcept {
    if (!is_object()) {
        return nullptr;
    }
    for (const auto& m : std::get<object>(v_)) {
        if (m.first == key) {
            return &m.second;
        }
    }
    return nullptr;
}

value* value::find(std::string_view key) noexcept {
    return const_cast<value*>(static_cast<const value&>(*this).find(key));
}

value& value::set(std::string_view key, value v) {
    if (value* existing = find(key)) {
        *existing = std::move(v);
        return *existing;
    }
    auto& obj = std::get<object>(v_);
    obj.emplace_back(std::string(key), std::move(v));
    return obj.back().second;
}

bool value::erase(std::string_view key) {
    if (!is_object()) {
        return false;
    }
    auto& obj = std::get<object>(v_);
    auto it =
        std::remove_if(obj.begin(), obj.end(), [&](const member& m) { return m.first == key; });
    bool found = it != obj.end();
    obj.erase(it, obj.end());
    return found;
}

bool operator==(const value& a, const value& b) noexcept { return a.v_ == b.v_; }

}  // namespace certgate::json
