// File: crl/revocation_set.hpp
// The in-memory revocation index that every verify consults. Keyed by a 128-bit XXH3 digest of
// the identity IRI, so ten million entries fit in a few hundred MB; the value holds what a
// verdict needs (reason, times). Thread-safe: lookups share a reader lock; writes are rare.
#pragma once

#include "crl/revocation.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string_view>

namespace certgate::crl {

// What the index keeps per identity.
struct revocation_status {
    crl::reason why = reason::revoked;
    std::int64_t revoked_at_ms = 0;
    std::optional<std::int64_t> until_ms;  // suspensions only

    bool in_effect(std::int64_t now_ms) const noexcept {
        return why != reason::suspended || !until_ms || now_ms < *until_ms;
    }
};

class revocation_set {
public:
    revocation_set() = default;
    revocation_set(const revocation_set&) = delete;
    revocation_set& operator=(const revocation_set&) = delete;

    // The status for `identity`, or nullopt when it was never revoked or its suspension was lifted.
    // An expired suspension is still returned; callers check in_effect(now).
    std::optional<revocation_status> lookup(std::string_view identity) const;

    // Records a revocation or suspension. A revocation (updated/revoked) is permanent: a later
    // suspension of the same identity does not replace it. Returns whether the entry changed.
    bool apply(const revocation& r);
    // Lifts a suspension. Returns false (and changes nothing) unless the entry is a suspension.
    bool lift(std::string_view identity);

    // Pre-sizes for a bulk load at start-up.
    void reserve(std::size_t n);
    std::size_t size() const;

private:
    struct key {
        std::uint64_t lo, hi;
        friend bool operator==(const key&, const key&) = default;
    };
    struct key_hash {
        std::size_t operator()(const key& k) const noexcept {
            return static_cast<std::size_t>(k.lo);
        }
    };
    static key digest(std::string_view identity) noexcept;

    mutable std::shared_mutex mu_;
    boost::unordered_flat_map<key, revocation_status, key_hash> map_;
};

}  // namespace certgate::crl
