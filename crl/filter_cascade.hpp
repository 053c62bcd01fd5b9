// File: crl/filter_cascade.hpp
// A Bloom filter cascade in the manner of CRLite: built over the revoked and the not-revoked
// identities that this certgate knows (issued or imported), it answers "revoked?" with no false
// answer for any of them. For an identity outside that set the answer means nothing. Format and
// limits: docs/crl.md. Pure; a built filter is immutable and thread-safe.
#pragma once

#include "shared/store/database.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::crl {

class filter_cascade {
public:
    // Builds the cascade. `revoked` and `valid` must be disjoint (an identity in both makes the
    // build fail with std::errc::invalid_argument, as would more than 32 levels).
    [[nodiscard]] static result<filter_cascade> build(const std::vector<std::string>& revoked,
                                                      const std::vector<std::string>& valid);
    // Parses the serialized form. Errors: std::errc::invalid_argument.
    [[nodiscard]] static result<filter_cascade> parse(std::string_view bytes);

    bool contains(std::string_view identity) const noexcept;  // "is revoked"
    std::string serialize() const;
    std::size_t levels() const noexcept { return levels_.size(); }

private:
    struct level {
        std::uint64_t bits = 0;   // m
        std::uint8_t hashes = 1;  // k
        std::string data;         // ceil(m / 8) bytes
    };
    static bool test(const level& l, std::size_t index, std::string_view id) noexcept;
    static void add(level& l, std::size_t index, std::string_view id) noexcept;
    std::vector<level> levels_;
};

// The identities of every certificate in the `certificates` column family (its "identity" member),
// at most `limit` of them. Errors: store errors; std::errc::value_too_large over the limit.
[[nodiscard]] result<std::vector<std::string>> read_certificate_identities(
    const store::database& db, std::size_t limit);

}  // namespace certgate::crl
