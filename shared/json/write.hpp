// File: shared/json/write.hpp
// Compact JSON serialization, in the form JavaScript's JSON.stringify gives (member order kept,
// integral numbers without a fraction, shortest round-trip form otherwise).
#pragma once

#include "shared/json/value.hpp"

#include <string>
#include <string_view>

namespace certgate::json {

// Appends the compact serialization of `v` to `out`. Non-finite numbers become null.
void write(std::string& out, const value& v);
std::string to_string(const value& v);

// Appends `s` as a quoted JSON string, escaping quotes, backslashes and control characters.
void write_string(std::string& out, std::string_view s);

// Appends a number as JavaScript prints it (1, 1.5, 1e+21).
void write_number(std::string& out, double d);

}  // namespace certgate::json
