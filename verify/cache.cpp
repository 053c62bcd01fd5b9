#include "verify/cache.hpp"

namespace certgate::verify {

verify_cache::verify_cache(std::size_t capacity)
    : per_shard_(capacity == 0 ? 0 : (capacity + shard_count - 1) / shard_count) {}

std::shared_ptr<const verdict> verify_cache::find(const digest& d) const {
    shard& s = shard_of(d);
    std::lock_guard lock(s.mu);
    auto it = s.map.find(d);
    return it == s.map.end() ? nullptr : it->second;
}

void verify_cache::insert(const digest& d, std::shared_ptr<const verdict> v) {
    if (per_shard_ == 0) {
        return;
    }
    shard& s = shard_of(d);
    std::lock_guard lock(s.mu);
    auto [it, inserted] = s.map.try_emplace(d, std::move(v));
    if (!inserted) {
        return;
    }
    s.order.push_back(d);
    while (s.map.size() > per_shard_) {
        s.map.erase(s.order.front());
        s.order.pop_front();
    }
}

std::size_t verify_cache::size() const {
    std::size_t n = 0;
    for (const auto& s : shards_) {
        std::lock_guard lock(s.mu);
        n += s.map.size();
    }
    return n;
}

}  // namespace certgate::verify
