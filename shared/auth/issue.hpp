// File: shared/auth/issue.hpp
// Issues JWT bearer tokens that verifier accepts (for `certgate token`, tests and benchmarks).
#pragma once

#include "shared/crypto/keys.hpp"
#include "shared/util/result.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::auth {

// A compact JWT signed by `key`: RS256 for RSA, ES256 for EC P-256, EdDSA for Ed25519. Claims:
// "sub" (when not empty), "iat" and "nbf" = now, "exp" = now + ttl, and
// "realm_access":{"roles":[roles...]}. The header carries "kid" when `kid` is not empty.
[[nodiscard]] result<std::string> issue_token(const ossl::private_key& key,
                                              const std::vector<std::string>& roles,
                                              std::chrono::seconds ttl, std::string_view subject,
                                              std::chrono::system_clock::time_point now,
                                              std::string_view kid = {});

}  // namespace certgate::auth
