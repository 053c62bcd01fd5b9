// File: shared/json/error.hpp
// Errors from parsing JSON text.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::json {

enum class errc {
    malformed = 1,  // not JSON (syntax, bad UTF-8, trailing content)
    too_deep,       // nesting beyond parse_options::max_depth
    too_large,      // text beyond parse_options::max_size
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::json

template <>
struct boost::system::is_error_code_enum<certgate::json::errc> : std::true_type {};
