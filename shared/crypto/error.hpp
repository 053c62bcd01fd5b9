// File: shared/crypto/error.hpp
// Errors from encodings (base64url, base58, hex), key loading, signing and verification.
// OpenSSL's own error queue is drained where an error is returned; it never leaks to callers.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::ossl {

enum class errc {
    invalid_base64url =
        1,             // not unpadded base64url (bad character, padding, length, trailing bits)
    invalid_base58,    // a character outside the Bitcoin alphabet, or text too long
    invalid_hex,       // odd length or a non-hex character
    file_unreadable,   // the key file is missing, unreadable or larger than the limit
    unrecognized_key,  // the bytes are in none of the supported key forms
    unsupported_key,   // a key, but not RSA (2048..8192 bits), Ed25519 or EC P-256
    wrong_key_type,    // the key's type does not fit the signature algorithm
    bad_signature,     // the signature does not verify over the data
    openssl_failure,   // OpenSSL failed internally (allocation, provider)
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

// Empties this thread's OpenSSL error queue and returns `e` (for `return fail(errc::...)`).
errc fail(errc e) noexcept;

}  // namespace certgate::ossl

template <>
struct boost::system::is_error_code_enum<certgate::ossl::errc> : std::true_type {};
