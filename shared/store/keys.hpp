// File: shared/store/keys.hpp
// Key encoding for RocksDB's bytewise order. Integers are fixed-width big-endian, so they sort
// numerically. A composite key is a sequence of parts: a string part is its bytes followed by the
// separator '\0' (so it must not contain '\0'), and a u64 part is 8 big-endian bytes with no
// separator (its width is fixed). Hence "a" and every key below it sort before "ab", and a key
// built from a prefix of the parts is a byte prefix of the full key:
//   key_builder{}.add("PEC1").add_u64(dose).add_u64(seq)  ==  "PEC1\0" dose(8 BE) seq(8 BE)
#pragma once

#include "shared/store/error.hpp"
#include "shared/util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::store {

// The separator after each string part of a composite key.
inline constexpr char key_separator = '\0';

// 8 big-endian bytes.
std::string encode_u64_be(std::uint64_t v);
void append_u64_be(std::string& out, std::uint64_t v);
// Decodes exactly 8 big-endian bytes; anything else is errc::corrupt_value.
[[nodiscard]] result<std::uint64_t> decode_u64_be(std::string_view bytes);

// Builds a composite key. A string part containing '\0' poisons the builder: finish() then
// returns errc::invalid_key. Not thread-safe (a value type).
class key_builder {
public:
    key_builder& add(std::string_view part);
    key_builder& add_u64(std::uint64_t v);
    // The key so far, or errc::invalid_key.
    [[nodiscard]] result<std::string> finish() const;

private:
    std::string key_;
    bool ok_ = true;
};

// Reads the parts of a composite key back, in the order they were added. Views point into the
// key passed to the constructor. A malformed key gives std::nullopt.
class key_reader {
public:
    explicit key_reader(std::string_view key) noexcept : rest_(key) {}
    std::optional<std::string_view> next_string() noexcept;
    std::optional<std::uint64_t> next_u64() noexcept;
    bool at_end() const noexcept { return rest_.empty(); }

private:
    std::string_view rest_;
};

// The smallest key greater than every key starting with `prefix` (the exclusive upper bound of a
// prefix scan); empty when none exists (prefix empty or all 0xFF).
std::string prefix_successor(std::string_view prefix);

}  // namespace certgate::store
