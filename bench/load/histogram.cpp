#include "bench/load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace certgate::bench {

std::size_t histogram::index_of(std::uint64_t value) noexcept {
    if (value < linear_limit) {
        return static_cast<std::size_t>(value);
    }
    unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(value));
    unsigned shift = msb - sub_bits;          // >= 1
    std::uint64_t mantissa = value >> shift;  // 64..127
    return linear_limit + (shift - 1) * 64 + static_cast<std::size_t>(mantissa - 64);
}

std::uint64_t histogram::lowest_of(std::size_t index) noexcept {
    if (index < linear_limit) {
        return index;
    }
    std::size_t rel = index - linear_limit;
    unsigned shift = static_cast<unsigned>(rel / 64) + 1;
    std::uint64_t mantissa = rel % 64 + 64;
    return mantissa << shift;
}

std::uint64_t histogram::highest_of(std::size_t index) noexcept {
    if (index + 1 >= bucket_count) {
        return ~std::uint64_t{0};
    }
    return lowest_of(index + 1) - 1;
}

void histogram::record_n(std::uint64_t value, std::uint64_t n) noexcept {
    if (n == 0) {
        return;
    }
    counts_[index_of(value)] += n;
    count_ += n;
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
    sum_ += static_cast<long double>(value) * static_cast<long double>(n);
}

void histogram::record_corrected(std::uint64_t value, std::uint64_t expected_interval) noexcept {
    record(value);
    if (expected_interval == 0) {
        return;
    }
    for (std::uint64_t v = value; v > expected_interval;) {
        v -= expected_interval;
        if (v <= expected_interval) {
            break;
        }
        record(v);
    }
}

void histogram::merge(const histogram& other) noexcept {
    for (std::size_t i = 0; i < bucket_count; ++i) {
        counts_[i] += other.counts_[i];
    }
    if (other.count_) {
        min_ = std::min(min_, other.min_);
        max_ = std::max(max_, other.max_);
    }
    count_ += other.count_;
    sum_ += other.sum_;
}

void histogram::reset() noexcept { *this = histogram{}; }

double histogram::mean() const noexcept {
    return count_ ? static_cast<double>(sum_ / static_cast<long double>(count_)) : 0.0;
}

std::uint64_t histogram::percentile(double p) const noexcept {
    if (count_ == 0) {
        return 0;
    }
    if (p >= 100) {
        return max_;
    }
    p = std::max(p, 0.0);
    // The small slack keeps binary rounding (99.9 / 100 * 10000 = 9990.000000000002) from
    // pushing the rank one past an exact boundary.
    auto rank = static_cast<std::uint64_t>(
        std::ceil(p / 100.0 * static_cast<double>(count_) * (1 - 1e-12) - 1e-9));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < bucket_count; ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            return std::clamp(highest_of(i), min(), max_);
        }
    }
    return max_;
}

std::uint64_t schedule::intended_ns(std::uint64_t i) const noexcept {
    // i * (1e9 / rate) in long double keeps a fractional interval exact enough over 1e9 requests.
    long double offset = static_cast<long double>(i) * 1e9L / static_cast<long double>(rate_);
    return start_ns_ + static_cast<std::uint64_t>(offset);
}

std::uint64_t schedule::latency_ns(std::uint64_t i, std::uint64_t done_ns) const noexcept {
    std::uint64_t due = intended_ns(i);
    return done_ns > due ? done_ns - due : 0;
}

}  // namespace certgate::bench
