// File: shared/json/value.hpp
// An owned, mutable JSON value tree. Objects keep their members in document order (JSON-LD and
// DIVOC's certificates are small, so lookups are linear). Numbers are doubles, as in JavaScript,
// which is what JSON-LD's number rules and DIVOC's jsonld.js assume.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace certgate::json {

class value;
using array = std::vector<value>;
using member = std::pair<std::string, value>;
using object = std::vector<member>;

enum class kind : std::uint8_t {
    null_value,
    bool_value,
    number_value,
    string_value,
    array_value,
    object_value
};

class value {
public:
    value() noexcept = default;
    value(std::nullptr_t) noexcept {}
    value(bool b) noexcept : v_(b) {}
    value(double d) noexcept : v_(d) {}
    value(int i) noexcept : v_(static_cast<double>(i)) {}
    value(std::int64_t i) noexcept : v_(static_cast<double>(i)) {}
    value(std::uint64_t i) noexcept : v_(static_cast<double>(i)) {}
    value(std::string s) : v_(std::move(s)) {}
    value(std::string_view s) : v_(std::string(s)) {}
    value(const char* s) : v_(std::string(s)) {}
    value(array a) : v_(std::move(a)) {}
    value(object o) : v_(std::move(o)) {}

    kind type() const noexcept { return static_cast<kind>(v_.index()); }
    bool is_null() const noexcept { return type() == kind::null_value; }
    bool is_bool() const noexcept { return type() == kind::bool_value; }
    bool is_number() const noexcept { return type() == kind::number_value; }
    bool is_string() const noexcept { return type() == kind::string_value; }
    bool is_array() const noexcept { return type() == kind::array_value; }
    bool is_object() const noexcept { return type() == kind::object_value; }
    // True for a JSON number with no fractional part (what JSON-LD maps to xsd:integer when it is
    // also below 1e21 in magnitude).
    bool is_integral() const noexcept;

    // Accessors: the caller checks the kind first; a wrong kind throws std::bad_variant_access (a
    // bug).
    bool as_bool() const { return std::get<bool>(v_); }
    double as_number() const { return std::get<double>(v_); }
    const std::string& as_string() const { return std::get<std::string>(v_); }
    std::string& as_string() { return std::get<std::string>(v_); }
    const array& as_array() const { return std::get<array>(v_); }
    array& as_array() { return std::get<array>(v_); }
    const object& as_object() const { return std::get<object>(v_); }
    object& as_object() { return std::get<object>(v_); }

    // Object lookup: the first member named `key`, or nullptr (also when this is not an object).
    const value* find(std::string_view key) const noexcept;
    value* find(std::string_view key) noexcept;
    // Sets (replacing the first member of that name) or appends a member; *this must be an object.
    value& set(std::string_view key, value v);
    // Removes every member named `key`; returns whether one existed. No-op on non-objects.
    bool erase(std::string_view key);

    friend bool operator==(const value& a, const value& b) noexcept;

private:
    std::variant<std::nullptr_t, bool, double, std::string, array, object> v_{nullptr};
};

}  // namespace certgate::json
