// File: shared/crypto/key_load.hpp
// Reads keys in the forms DIVOC and its deployments use. parse_* look at the bytes and pick the
// form; load_*_file read a file (at most max_key_file_size bytes) and parse it.
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace certgate::ossl {

inline constexpr std::size_t max_key_file_size = 64 * 1024;

// A public key from one of:
//  - PEM "PUBLIC KEY" (SPKI: RSA, Ed25519, EC P-256) or "RSA PUBLIC KEY" (PKCS#1);
//  - base58 text of 32 raw Ed25519 bytes (DIVOC's key file form), surrounding whitespace allowed;
//  - a JSON object with "publicKeyPem" (PEM as above) or "publicKeyBase58" (Ed25519), as in a DID
//    verification method, or a JWK (see jwk.hpp).
// Private keys, certificates and encrypted keys are refused: errc::unrecognized_key. A key of
// another type or size: errc::unsupported_key.
[[nodiscard]] result<public_key> parse_public_key(std::string_view bytes);
[[nodiscard]] result<public_key> load_public_key_file(const std::filesystem::path& path);

// A private key from one of:
//  - PEM "PRIVATE KEY" (PKCS#8, unencrypted), "RSA PRIVATE KEY" (PKCS#1), "EC PRIVATE KEY" (SEC1);
//  - a JSON object with "privateKeyPem", or "privateKeyBase58" holding an Ed25519 seed (32 bytes)
//    or DIVOC's (tweetnacl's) 64-byte seed||public form, whose public half must match.
// Encrypted keys are refused (errc::unrecognized_key); no passphrase is ever prompted for.
[[nodiscard]] result<private_key> parse_private_key(std::string_view bytes);
[[nodiscard]] result<private_key> load_private_key_file(const std::filesystem::path& path);

// The bytes of a key (or JWKS) file: errc::file_unreadable when missing, unreadable or larger
// than max_key_file_size.
[[nodiscard]] result<std::string> read_key_file(const std::filesystem::path& path);

// An Ed25519 public key from its 32 raw bytes (errc::unrecognized_key for another length).
[[nodiscard]] result<public_key> ed25519_public_from_raw(std::string_view raw);

}  // namespace certgate::ossl
