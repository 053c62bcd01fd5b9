// File: verify/cache.hpp
// A bounded map from payload digest to the signature part of a verdict, so a repeated scan skips
// decoding, canonicalization and RSA. Sharded by digest to keep lock contention low; each shard
// evicts its oldest entry first. Thread-safe.
#pragma once

#include "verify/verdict.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace certgate::verify {

using digest = std::array<std::uint8_t, 32>;

class verify_cache {
public:
    // Holds at most `capacity` entries in all (0: the cache stores nothing).
    explicit verify_cache(std::size_t capacity);

    std::shared_ptr<const verdict> find(const digest& d) const;
    void insert(const digest& d, std::shared_ptr<const verdict> v);
    std::size_t size() const;

private:
    struct digest_hash {
        std::size_t operator()(const digest& d) const noexcept {
            std::size_t h;
            static_assert(sizeof h <= sizeof(digest));
            __builtin_memcpy(&h, d.data(), sizeof h);  // a SHA-256 prefix is already uniform
            return h;
        }
    };
    struct shard {
        mutable std::mutex mu;
        std::unordered_map<digest, std::shared_ptr<const verdict>, digest_hash> map;
        std::deque<digest> order;
    };
    static constexpr std::size_t shard_count = 16;
    shard& shard_of(const digest& d) const { return shards_[d[31] % shard_count]; }

    std::size_t per_shard_;
    mutable std::array<shard, shard_count> shards_;
};

}  // namespace certgate::verify
