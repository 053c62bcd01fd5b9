// File: bench/load/histogram.hpp
// A log-linear latency histogram (HDR-style): values below 128 are exact, above that each power
// of two is split into 64 equal buckets, so a reported value is within 1/64 (1.6 %) of the true
// one over the whole uint64 range, in a fixed 30 KB table. Also the coordinated-omission helpers:
// the open-loop schedule of intended send times and HdrHistogram's expected-interval correction.
// Not thread-safe: keep one per connection and merge().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace certgate::bench {

class histogram {
public:
    static constexpr unsigned sub_bits = 6;                        // 64 buckets per power of two
    static constexpr std::uint64_t linear_limit = 2u << sub_bits;  // values < 128 are exact
    static constexpr std::size_t bucket_count = 128 + (63 - sub_bits) * 64;

    void record(std::uint64_t value) noexcept { record_n(value, 1); }
    void record_n(std::uint64_t value, std::uint64_t n) noexcept;
    // HdrHistogram's correction for a closed-loop run that should have sent every
    // `expected_interval`: a value V > interval also records V - interval, V - 2*interval, ...
    // down to (but excluding) values <= interval, the samples a stalled sender never took.
    // `expected_interval` 0 records V alone.
    void record_corrected(std::uint64_t value, std::uint64_t expected_interval) noexcept;
    void merge(const histogram& other) noexcept;
    void reset() noexcept;

    std::uint64_t count() const noexcept { return count_; }
    std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
    std::uint64_t max() const noexcept { return max_; }
    double mean() const noexcept;
    // The value at percentile `p` (0..100): the smallest recorded bucket whose cumulative count
    // reaches ceil(p/100 * count) (at least 1), reported as the bucket's highest value clamped to
    // [min, max]. 0 for an empty histogram. p >= 100 gives max().
    std::uint64_t percentile(double p) const noexcept;

    static std::size_t index_of(std::uint64_t value) noexcept;
    static std::uint64_t lowest_of(std::size_t index) noexcept;
    static std::uint64_t highest_of(std::size_t index) noexcept;

private:
    std::array<std::uint64_t, bucket_count> counts_{};
    std::uint64_t count_ = 0;
    std::uint64_t min_ = ~std::uint64_t{0};
    std::uint64_t max_ = 0;
    long double sum_ = 0;
};

// Open loop at `rate` per second from `start_ns`: request i is due at start + i * 1e9 / rate.
// Its latency is measured from that intended time, not from when a free connection sent it, so a
// server stall counts against every request that should have gone out during it.
class schedule {
public:
    schedule(std::uint64_t start_ns, double rate) noexcept : start_ns_(start_ns), rate_(rate) {}
    std::uint64_t intended_ns(std::uint64_t i) const noexcept;
    // The latency to record for request i that completed at `done_ns`.
    std::uint64_t latency_ns(std::uint64_t i, std::uint64_t done_ns) const noexcept;

private:
    std::uint64_t start_ns_;
    double rate_;
};

}  // namespace certgate::bench
