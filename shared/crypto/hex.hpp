// File: shared/crypto/hex.hpp
// Lower-case hex encoding of bytes, and strict decoding.
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/util/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace certgate::ossl {

// Lower-case hex of `bytes`.
std::string to_hex(std::span<const std::uint8_t> bytes);
std::string to_hex(std::string_view bytes);

// Decodes hex (either case). Rejects odd lengths and other characters (errc::invalid_hex).
[[nodiscard]] result<std::string> from_hex(std::string_view text);

}  // namespace certgate::ossl
