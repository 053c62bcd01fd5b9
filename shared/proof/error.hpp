// File: shared/proof/error.hpp
// Why a Linked Data proof cannot be checked or does not hold. JSON-LD errors (ld::errc), such
// as an unknown context, and canonicalization limits (rdf::errc) pass through unchanged.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::proof {

enum class errc {
    malformed_credential = 1,  // not an object, or no `proof` object
    malformed_proof,           // proof fields missing or mistyped; JWS not "header..signature"
    unsupported_proof,         // proof type, JWS alg, b64 or crit not what the suite allows
    unknown_key,               // no trusted key for the verification method fits the algorithm
    bad_signature,             // no fitting trusted key verifies the signature
    signing_failed,            // the private key could not sign (wrong type for the suite)
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::proof

template <>
struct boost::system::is_error_code_enum<certgate::proof::errc> : std::true_type {};
