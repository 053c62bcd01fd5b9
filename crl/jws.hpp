// File: crl/jws.hpp
// Signatures of CRL bodies: a compact JWS with a detached payload (RFC 7515 appendix F), i.e.
// "<b64url(header)>..<b64url(signature)>", where the header is {"alg","kid"} and the signing input
// is b64url(header) + "." + b64url(body). `kid` is the RFC 7638 thumbprint of the signing key.
// It travels in the `CRL-Signature` header. Pure functions; thread-safe.
#pragma once

#include "shared/crypto/keys.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/value.hpp"
#include "shared/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace certgate::crl {

// A signing key with its JOSE algorithm and key id. Copies share the key.
struct crl_signer {
    ossl::private_key key;
    ossl::public_key public_key;
    ossl::alg alg = ossl::alg::ps256;
    std::string kid;  // RFC 7638 thumbprint
};

// RSA → PS256, Ed25519 → EdDSA, EC P-256 → ES256.
ossl::alg alg_for(ossl::key_type t) noexcept;

// The signer for `key`. Errors: the crypto errors of public_of / jwk_thumbprint.
[[nodiscard]] result<crl_signer> make_signer(const ossl::private_key& key);

// A public key the verifier trusts, with its thumbprint.
struct trusted_key {
    ossl::public_key key;
    std::string kid;
};
[[nodiscard]] result<trusted_key> make_trusted(const ossl::public_key& key);

// The detached compact JWS of `body`. Errors: signing failures (ossl::errc).
[[nodiscard]] result<std::string> sign_detached(const crl_signer& s, std::string_view body);

// Checks a detached compact JWS over `body` against `keys`: the header must be JSON with a
// supported `alg` that fits the key named by `kid` (which must be in `keys`), no `crit`, and the
// payload part must be empty. Returns the kid that signed. Errors: ossl::errc::bad_signature for
// any malformed, unknown-key or failing signature.
[[nodiscard]] result<std::string> verify_detached(std::string_view jws, std::string_view body,
                                                  const std::vector<trusted_key>& keys);

// {"keys":[JWK + "kid","alg","use":"sig"]} for `keys` (the GET /crl/v1/keys body).
[[nodiscard]] result<json::value> jwks(const std::vector<trusted_key>& keys);
// The keys of a JWKS body (members other than the RFC 7638 ones are ignored; a kid that does not
// match the key's thumbprint is refused). Errors: std::errc::invalid_argument.
[[nodiscard]] result<std::vector<trusted_key>> parse_jwks(std::string_view body);

}  // namespace certgate::crl
