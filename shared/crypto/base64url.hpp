// File: shared/crypto/base64url.hpp
// base64url without padding (RFC 4648 section 5, as JWS and JWK use it).
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/util/result.hpp"

#include <string>
#include <string_view>

namespace certgate::ossl {

// Encodes `bytes` as unpadded base64url.
std::string base64url_encode(std::string_view bytes);

// Decodes unpadded base64url. Rejects (errc::invalid_base64url) characters outside [A-Za-z0-9_-],
// '=' padding, a length of 4n+1, and non-zero unused trailing bits (so each value has one form).
[[nodiscard]] result<std::string> base64url_decode(std::string_view text);

}  // namespace certgate::ossl
