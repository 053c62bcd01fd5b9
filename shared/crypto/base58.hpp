// File: shared/crypto/base58.hpp
// base58 with the Bitcoin alphabet, as DIVOC writes Ed25519 keys (`publicKeyBase58`).
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace certgate::ossl {

// The longest text base58_decode accepts (the algorithm is quadratic; keys need ~90 characters).
inline constexpr std::size_t base58_max_text = 1024;

// Encodes `bytes`; each leading zero byte becomes a leading '1'.
std::string base58_encode(std::string_view bytes);

// Decodes base58. Rejects characters outside the alphabet (0, O, I, l, whitespace...) and text
// longer than base58_max_text (errc::invalid_base58).
[[nodiscard]] result<std::string> base58_decode(std::string_view text);

}  // namespace certgate::ossl
