#include "crl/revocation_set.hpp"

#include <mutex>
#include <xxhash.h>

namespace certgate::crl {

revocation_set::key revocation_set::digest(std::string_view identity) noexcept {
    // 128 bits make an accidental collision between two identities negligible at any real
    // scale; an adversary gains nothing from one, since identities are signed by the issuer.
    XXH128_hash_t h = XXH3_128bits(identity.data(), identity.size());
    return {h.low64, h.high64};
}

std::optional<revocation_status> revocation_set::lookup(std::string_view identity) const {
    key k = digest(identity);
    std::shared_lock lock(mu_);
    auto it = map_.find(k);
    if (it == map_.end()) {
        return std::nullopt;
    }
    return it->second;
}

bool revocation_set::apply(const revocation& r) {
    key k = digest(r.identity);
    revocation_status s{r.why, r.revoked_at_ms,
                        r.why == reason::suspended ? r.until_ms : std::nullopt};
    std::unique_lock lock(mu_);
    auto [it, inserted] = map_.try_emplace(k, s);
    if (inserted) {
        return true;
    }
    if (it->second.why != reason::suspended) {
        return false;  // permanent
    }
    it->second = s;
    return true;
}

bool revocation_set::lift(std::string_view identity) {
    key k = digest(identity);
    std::unique_lock lock(mu_);
    auto it = map_.find(k);
    if (it == map_.end() || it->second.why != reason::suspended) {
        return false;
    }
    map_.erase(it);
    return true;
}

void revocation_set::reserve(std::size_t n) {
    std::unique_lock lock(mu_);
    map_.reserve(n);
}

std::size_t revocation_set::size() const {
    std::shared_lock lock(mu_);
    return map_.size();
}

}  // namespace certgate::crl
