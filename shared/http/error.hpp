// File: shared/http/error.hpp
// Errors from the HTTP layer's pure helpers (query and path decoding, listening).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::http {

enum class errc {
    bad_percent_encoding = 1,  // a '%' not followed by two hex digits, or an encoded NUL
    bad_address,               // the listen host is neither an IP address nor resolvable
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::http

template <>
struct boost::system::is_error_code_enum<certgate::http::errc> : std::true_type {};
