// File: crl/trust.hpp
// The trust list that GET /crl/v1/trust serves (signed like every CRL body): every trusted
// verificationMethod with its public keys as JWKs, so a replica verifies exactly what the primary
// verifies. Pure; thread-safe.
#pragma once

#include "shared/proof/key_ring.hpp"
#include "shared/util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace certgate::crl {

// {"issuedAt","methods":[{"verificationMethod","keys":[JWK + "kid"]}]} in method order. Keys of a
// type JWK cannot express are an error (ossl::errc).
[[nodiscard]] result<std::string> trust_json(const proof::key_ring& ring,
                                             std::int64_t issued_at_ms);

// The key ring of a trust list body. Errors: std::errc::invalid_argument.
[[nodiscard]] result<proof::key_ring> parse_trust(std::string_view body);

}  // namespace certgate::crl
