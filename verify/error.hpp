// File: verify/error.hpp
// Why a scanned payload is not a valid certificate. Each value is also the verdict's `reason`
// (see reason_name), so the HTTP answer and the CLI line name the input problem precisely.
#pragma once

#include <boost/system/error_code.hpp>

#include <string_view>
#include <type_traits>

namespace certgate::verify {

enum class errc {
    malformed = 1,       // not JSON, not a credential, or a required field is missing or mistyped
    unsupported_format,  // neither JSON nor a ZIP holding exactly one certificate.json
    too_large,           // the payload or the unzipped certificate is over the size limit
    too_complex,         // nesting or canonicalization work over its limit
    unknown_context,     // an @context URL that the context registry does not hold
    unsupported_proof,   // proof type, JWS header (alg, b64, crit) or proof shape not supported
    unknown_key,         // no trusted key for the proof's verificationMethod fits its algorithm
    bad_signature,       // the signature does not verify against any fitting trusted key
    id_mismatch,         // certificateId differs from the last segment of evidence[0].id
};

// The verdict reason string for an error ("bad_signature", ...).
std::string_view reason_name(errc e) noexcept;

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::verify

template <>
struct boost::system::is_error_code_enum<certgate::verify::errc> : std::true_type {};
