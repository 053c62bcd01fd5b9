// File: shared/auth/jwks.hpp
// Trusted token-signing keys, and reading them from a JWKS document (RFC 7517 section 5), e.g. the
// one Keycloak serves at /realms/<realm>/protocol/openid-connect/certs.
#pragma once

#include "shared/auth/error.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::auth {

struct trusted_key {
    ossl::public_key key;
    // Matched against the token header's "kid"; empty: the key fits any kid.
    std::string kid;
    // When set (a JWK's "alg"), the only algorithm this key accepts.
    std::optional<ossl::alg> alg;
};

// The signing keys of a JWKS document. Keys with "use":"enc" are skipped. Anything else that is not
// an RSA, EC P-256 or Ed25519 public key with a supported "alg" (if any), or a document without
// keys, is refused: errc::invalid_jwks.
[[nodiscard]] result<std::vector<trusted_key>> parse_jwks(std::string_view text);
// parse_jwks on the contents of `path` (at most ossl::max_key_file_size bytes;
// ossl::errc::file_unreadable otherwise).
[[nodiscard]] result<std::vector<trusted_key>> load_jwks_file(const std::filesystem::path& path);

}  // namespace certgate::auth
