// File: shared/crypto/signature.hpp
// Signing and verification in JOSE's algorithms: PS256 (DIVOC's RsaSignature2018), RS256, ES256
// (raw r||s, as JWS writes it) and EdDSA (Ed25519). Thread-safe: keys are shared read-only and
// each call makes its own OpenSSL contexts.
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace certgate::ossl {

enum class alg {
    ps256,  // RSA-PSS, SHA-256, MGF1-SHA-256, salt length exactly 32 (signing and verifying)
    rs256,  // RSASSA-PKCS1-v1_5 with SHA-256
    es256,  // ECDSA P-256 with SHA-256; the signature is r||s, 64 bytes
    eddsa,  // Ed25519 (pure, over the data itself)
};

// The JOSE name: "PS256", "RS256", "ES256", "EdDSA".
std::string_view to_string(alg a) noexcept;
// The algorithm with JOSE name `name` (case-sensitive), or nullopt ("none", "HS256", ...).
std::optional<alg> alg_from_string(std::string_view name) noexcept;
// The key type `a` needs.
key_type key_type_for(alg a) noexcept;

// The signature of `data`. errc::wrong_key_type when the key does not fit `a`.
[[nodiscard]] result<std::string> sign(const private_key& key, alg a, std::string_view data);

// Success when `sig` is a valid signature of `data` by `key` under `a`; errc::bad_signature when it
// is not (including a malformed signature), errc::wrong_key_type when the key does not fit `a`.
[[nodiscard]] result<void> verify(const public_key& key, alg a, std::string_view data,
                                  std::string_view sig);

}  // namespace certgate::ossl
