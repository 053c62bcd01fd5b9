// File: shared/crypto/key_write.hpp
// Writes keys: PEM (SPKI for public keys, unencrypted PKCS#8 for private keys) and raw Ed25519.
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/util/result.hpp"

#include <string>

namespace certgate::ossl {

// "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo) text.
[[nodiscard]] result<std::string> to_pem(const public_key& key);
// "-----BEGIN PRIVATE KEY-----" (PKCS#8, unencrypted) text. Handle the output as a secret.
[[nodiscard]] result<std::string> to_pem(const private_key& key);

// The 32 raw bytes of an Ed25519 public key (base58 them for DIVOC's form); errc::wrong_key_type
// for other keys.
[[nodiscard]] result<std::string> ed25519_raw(const public_key& key);

}  // namespace certgate::ossl
