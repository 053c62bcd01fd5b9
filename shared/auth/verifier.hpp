// File: shared/auth/verifier.hpp
// Verifies JWT bearer tokens (compact JWS) against trusted keys: RS256/PS256 with RSA keys, ES256
// with EC P-256, EdDSA with Ed25519. "none", HS* and anything else are refused. Pure: no I/O after
// create(). Thread-safe: verify() is const and the verifier is immutable.
#pragma once

#include "shared/auth/claims.hpp"
#include "shared/auth/error.hpp"
#include "shared/auth/jwks.hpp"
#include "shared/util/result.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::auth {

struct verifier_options {
    // Keys already loaded (tests, or keys from elsewhere). Default: none.
    std::vector<trusted_key> keys;
    // Public key files in any form ossl::parse_public_key reads (PEM, ...); no kid. Default: none.
    std::vector<std::filesystem::path> key_files;
    // JWKS files; each key keeps its "kid" and "alg". Default: none.
    std::vector<std::filesystem::path> jwks_files;
    // Clock skew tolerated when checking "exp" and "nbf". Default: 60 s.
    std::chrono::seconds leeway{60};
    // Claims holding role arrays, as dot-separated paths; a "*" segment matches every member of
    // an object. The roles are the union of all of them.
    // Default: Keycloak's realm and client roles.
    std::vector<std::string> role_claims = {"realm_access.roles", "resource_access.*.roles"};
    // When not empty, "iss" must equal it. Default: empty (not checked).
    std::string issuer;
    // When not empty, "aud" (a string or an array) must contain it. Default: empty (not checked).
    std::string audience;
    // Tokens longer than this are malformed. Default: 16 KiB.
    std::size_t max_token_size = 16 * 1024;
};

class verifier {
public:
    // Loads the key and JWKS files. Fails with the first unreadable or unusable file's error
    // (ossl::errc or errc::invalid_jwks). A verifier with no keys refuses every token
    // (unknown_key).
    [[nodiscard]] static result<verifier> create(verifier_options opts);

    // Checks `token` (the compact JWS, without "Bearer ") at time `now`: the header's alg must fit
    // the key, the signature must verify, "exp" is required and checked, "nbf" is checked, both
    // with the leeway. Returns the subject and roles, or the errc that refused the token.
    [[nodiscard]] result<claims> verify(std::string_view token,
                                        std::chrono::system_clock::time_point now) const;

    const verifier_options& options() const noexcept { return opts_; }

private:
    explicit verifier(verifier_options opts);
    verifier_options opts_;
    std::vector<std::vector<std::string>> role_paths_;
};

// The token in an Authorization header value "Bearer <token>" (scheme case-insensitive, surrounding
// spaces ignored). errc::missing_token when the header is empty, another scheme, or has no token.
// The view points into `header`.
[[nodiscard]] result<std::string_view> bearer_token(std::string_view header) noexcept;

}  // namespace certgate::auth
