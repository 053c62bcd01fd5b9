// File: update/error.hpp
// Errors of the write API. `errc` names each failure; `api_error` carries what the HTTP answer
// shows: the code, a message for a person, and for a bad request item its index and field path.
// The HTTP adapter only serializes it (to_json) with the status http_status() gives.
#pragma once

#include "shared/json/value.hpp"

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace certgate::update {

enum class errc {
    invalid_request = 1,  // 400: the body, a query parameter or a request item breaks the schema
    not_found,            // 404: no such certificate, or no current certificate matches
    conflict,            // 409: the state forbids it (lift of a revocation, certify of a held dose)
    update_not_allowed,  // 412: nothing to update, or the update limit for the dose is reached
    signing_failed,      // 500: the signer failed (a key or configuration problem, not the input)
    storage_failure,     // 500: the store failed; details are logged
};

// The JSON `code` ("invalid_request", ...) and the HTTP status of each error.
std::string_view code_name(errc e) noexcept;
unsigned http_status(errc e) noexcept;

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

// A failed call, as the HTTP answer shows it: {"code","message","item"?,"field"?}.
struct api_error {
    errc code = errc::invalid_request;
    std::string message;
    std::optional<std::size_t> item;  // index of the offending request item
    std::string field;                // its path, e.g. "vaccination.date"; empty when none

    unsigned status() const noexcept { return http_status(code); }
    friend bool operator==(const api_error&, const api_error&) = default;
};

api_error make_error(errc code, std::string message);
api_error item_error(std::size_t item, std::string field, std::string message);

json::value to_json(const api_error& e);

// A value or an api_error. Use has_value()/operator*/error(); value() on an error throws
// std::runtime_error (a bug: callers check first).
template <class T>
using outcome = boost::system::result<T, api_error>;

[[noreturn]] void throw_exception_from_error(const api_error& e, const boost::source_location& loc);

}  // namespace certgate::update

template <>
struct boost::system::is_error_code_enum<certgate::update::errc> : std::true_type {};
