// File: shared/crypto/jwk.hpp
// JSON Web Keys (RFC 7517/7518) for public keys, and the RFC 7638 thumbprint.
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/json/value.hpp"
#include "shared/util/result.hpp"

#include <string>

namespace certgate::ossl {

// The JWK with exactly the members RFC 7638 requires, in its (lexicographic) order:
// RSA {e,kty,n}, EC {crv:"P-256",kty,x,y}, OKP {crv:"Ed25519",kty,x}.
[[nodiscard]] result<json::value> to_jwk(const public_key& key);

// base64url(SHA-256(compact JSON of to_jwk(key))): the RFC 7638 thumbprint.
[[nodiscard]] result<std::string> jwk_thumbprint(const public_key& key);

// A public key from a JWK object: kty RSA (n, e), EC (crv P-256, x, y of 32 bytes each, a point on
// the curve), or OKP (crv Ed25519, x). Other members ("kid", "use", "alg") are ignored. A JWK that
// holds private material ("d") is refused: errc::unrecognized_key, as is any other malformed JWK.
[[nodiscard]] result<public_key> public_key_from_jwk(const json::value& jwk);

}  // namespace certgate::ossl
