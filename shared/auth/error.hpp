// File: shared/auth/error.hpp
// Why a bearer token was refused, and why a verifier could not be built. Messages are for a
// person reading a 401 body; none of them reveals which key or check was closest to passing.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::auth {

enum class errc {
    missing_token = 1,  // no token, or no "Authorization: Bearer" header
    malformed_token,    // not a compact JWS with a JSON header and payload, or a bad claim type
    unsupported_alg,    // "alg" is none, HS*, or another algorithm certgate does not accept
    unknown_key,        // no trusted key fits the token's alg and kid
    bad_signature,      // the signature does not verify with any fitting trusted key
    missing_expiry,     // the token has no "exp" claim
    expired,            // "exp" (plus leeway) has passed
    not_yet_valid,      // "nbf" (minus leeway) is still ahead
    wrong_issuer,       // "iss" differs from the configured issuer
    wrong_audience,     // "aud" does not contain the configured audience
    invalid_jwks,       // a JWKS document is not {"keys":[...]} of usable signing keys
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::auth

template <>
struct boost::system::is_error_code_enum<certgate::auth::errc> : std::true_type {};
