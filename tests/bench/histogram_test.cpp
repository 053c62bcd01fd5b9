#include "bench/load/histogram.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

using namespace certgate::bench;

TEST_CASE("histogram buckets are exact below 128 and within 1/64 above", "[bench]") {
    for (std::uint64_t v = 0; v < 128; ++v) {
        auto i = histogram::index_of(v);
        CHECK(histogram::lowest_of(i) == v);
        CHECK(histogram::highest_of(i) == v);
    }
    std::mt19937_64 rng(7);
    for (int k = 0; k < 100000; ++k) {
        std::uint64_t v = rng() >> (rng() % 64);
        auto i = histogram::index_of(v);
        REQUIRE(i < histogram::bucket_count);
        CHECK(histogram::lowest_of(i) <= v);
        CHECK(v <= histogram::highest_of(i));
        if (v >= 128) {
            auto width = histogram::highest_of(i) - histogram::lowest_of(i) + 1;
            CHECK(width * 64 <= histogram::lowest_of(i));
        }
    }
    // Buckets are contiguous.
    for (std::size_t i = 0; i + 1 < histogram::bucket_count; ++i) {
        REQUIRE(histogram::highest_of(i) + 1 == histogram::lowest_of(i + 1));
    }
    CHECK(histogram::index_of(~std::uint64_t{0}) == histogram::bucket_count - 1);
}

TEST_CASE("percentiles of 1..100 are the nearest-rank values", "[bench]") {
    histogram h;
    for (std::uint64_t v = 1; v <= 100; ++v) {
        h.record(v);
    }
    CHECK(h.count() == 100);
    CHECK(h.min() == 1);
    CHECK(h.max() == 100);
    CHECK(h.mean() == Approx(50.5));
    CHECK(h.percentile(0) == 1);
    CHECK(h.percentile(50) == 50);
    CHECK(h.percentile(90) == 90);
    CHECK(h.percentile(99) == 99);
    CHECK(h.percentile(99.9) == 100);
    CHECK(h.percentile(100) == 100);
}

TEST_CASE("percentiles of large values stay within the bucket error", "[bench]") {
    histogram h;
    // 1 ms .. 1000 ms in ns: p50 = 500 ms, p99 = 990 ms.
    for (std::uint64_t ms = 1; ms <= 1000; ++ms) {
        h.record(ms * 1'000'000);
    }
    auto within = [](std::uint64_t got, double want) {
        return static_cast<double>(got) >= want &&
               static_cast<double>(got) <= want * (1 + 1.0 / 64);
    };
    CHECK(within(h.percentile(50), 500e6));
    CHECK(within(h.percentile(99), 990e6));
    CHECK(within(h.percentile(99.9), 999e6));
    CHECK(h.percentile(100) == 1'000'000'000);
    CHECK(h.max() == 1'000'000'000);
}

TEST_CASE("a tail of slow requests moves p99.9 and max but not p50", "[bench]") {
    histogram h;
    h.record_n(100, 9990);
    h.record_n(5000, 10);
    CHECK(h.percentile(50) == 100);
    CHECK(h.percentile(99) == 100);
    CHECK(h.percentile(99.9) == 100);
    CHECK(h.percentile(99.95) >= 5000);
    CHECK(h.max() == 5000);
}

TEST_CASE("merging histograms adds their counts", "[bench]") {
    histogram a, b;
    a.record_n(10, 50);
    b.record_n(20, 50);
    a.merge(b);
    CHECK(a.count() == 100);
    CHECK(a.min() == 10);
    CHECK(a.max() == 20);
    CHECK(a.percentile(50) == 10);
    CHECK(a.percentile(51) == 20);
    CHECK(a.mean() == Approx(15));
    histogram empty;
    CHECK(empty.percentile(99) == 0);
    CHECK(empty.min() == 0);
}

TEST_CASE("expected-interval correction adds the samples a stalled sender missed", "[bench]") {
    // HdrHistogram's example: interval 10, one 100 stall -> 100, 90, 80, ..., 20.
    histogram h;
    h.record_corrected(100, 10);
    CHECK(h.count() == 9);
    CHECK(h.min() == 20);
    CHECK(h.max() == 100);
    histogram fast;
    fast.record_corrected(5, 10);
    CHECK(fast.count() == 1);
    histogram none;
    none.record_corrected(100, 0);
    CHECK(none.count() == 1);
}

TEST_CASE("open-loop latency counts from the intended send time", "[bench]") {
    // 1000 requests/s from t=1 s: request i is due at 1 s + i ms.
    schedule s(1'000'000'000, 1000);
    CHECK(s.intended_ns(0) == 1'000'000'000);
    CHECK(s.intended_ns(1) == 1'001'000'000);
    CHECK(s.intended_ns(1000) == 2'000'000'000);
    // Sent on time and answered in 200 us.
    CHECK(s.latency_ns(5, 1'005'200'000) == 200'000);
    // The server stalls 100 ms from t=1 s: request 50 (due at 1.05 s) goes out late and comes
    // back at 1.1002 s. Its latency is 50.2 ms, not the 0.2 ms a closed-loop timer would record.
    CHECK(s.latency_ns(50, 1'100'200'000) == 50'200'000);
    // A response can never be early.
    CHECK(s.latency_ns(10, 1'000'000'000) == 0);
}

TEST_CASE("a stall in an open-loop run shows in every percentile it covers", "[bench]") {
    // 1 s at 1000/s; the server answers in 1 ms, except that it stalls for the first 500 ms, so
    // every request due then completes at 0.5 s + its position in the backlog.
    schedule s(0, 1000);
    histogram corrected, naive;
    std::uint64_t free_at = 500'000'000;  // the server's next free moment
    for (std::uint64_t i = 0; i < 1000; ++i) {
        std::uint64_t due = s.intended_ns(i);
        std::uint64_t start = std::max(due, free_at);
        std::uint64_t done = start + 1'000'000 / 4;  // 250 us of service
        free_at = done;
        corrected.record(s.latency_ns(i, done));
        naive.record(done - start);
    }
    // The naive timer only ever sees the service time.
    CHECK(naive.percentile(99) == 250'000);
    // Corrected: about half the requests waited for the stall; the median is near 0.5 ms-ish of
    // backlog drain, p90 and above reflect hundreds of ms.
    CHECK(corrected.percentile(90) > 100'000'000);
    CHECK(corrected.max() >= 500'000'000);
    CHECK(corrected.percentile(10) <= 500'000'000);
}
