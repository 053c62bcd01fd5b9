// File: shared/crypto/sha256.hpp
// SHA-256 and SHA-384 of byte strings (the LD-proof signing input and JWK thumbprints use SHA-256).
// Thread-safe: the digest algorithms are fetched once and never change.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace certgate::ossl {

using sha256_digest = std::array<std::uint8_t, 32>;
using sha384_digest = std::array<std::uint8_t, 48>;

sha256_digest sha256(std::string_view data) noexcept;
sha384_digest sha384(std::string_view data) noexcept;

// The digest's bytes as a string_view; valid as long as `d` is.
template <std::size_t N>
std::string_view as_chars(const std::array<std::uint8_t, N>& d) noexcept {
    return {reinterpret_cast<const char*>(d.data()), N};
}

}  // namespace certgate::ossl
