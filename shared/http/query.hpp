// File: shared/http/query.hpp
// Query-string and percent-decoding helpers: "?doses=1,2&allDoses=true" → name/value pairs.
// Pure functions over strings; malformed percent-encoding is an error value, never an exception.
#pragma once

#include "shared/http/error.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::http {

// Decodes %XY escapes (and '+' as a space when `plus_as_space`, the form-encoding rule for
// queries). Rejects a '%' without two hex digits and an encoded NUL (%00):
// errc::bad_percent_encoding.
[[nodiscard]] result<std::string> percent_decode(std::string_view s, bool plus_as_space = false);

// Decoded query parameters in order. A name may repeat; a bare name ("?flag") has an empty value.
class query_params {
public:
    // The first value of `name`, or empty when absent.
    std::optional<std::string_view> get(std::string_view name) const noexcept;
    std::vector<std::string_view> get_all(std::string_view name) const;
    bool contains(std::string_view name) const noexcept { return get(name).has_value(); }
    std::size_t size() const noexcept { return items_.size(); }
    const std::vector<std::pair<std::string, std::string>>& items() const noexcept {
        return items_;
    }
    void add(std::string name, std::string value);

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

// Parses a query string (without the leading '?'). Empty pieces ("a=1&&b=2") are skipped.
[[nodiscard]] result<query_params> parse_query(std::string_view query);

// Splits "1,2,3" at `sep` into views of `s`; an empty `s` gives no items, "1,,2" gives an empty
// middle item (the caller decides whether that is valid).
std::vector<std::string_view> split(std::string_view s, char sep = ',');

}  // namespace certgate::http
