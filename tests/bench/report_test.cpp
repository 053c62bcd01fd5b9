#include "bench/load/report.hpp"

#include <catch2/catch.hpp>

using namespace certgate::bench;

namespace {

run_result sample() {
    run_result r;
    r.label = "t";
    r.workload = "verify-unique";
    r.target = "127.0.0.1:8080";
    r.connections = 4;
    r.threads = 1;
    r.elapsed_s = 2;
    r.completed = 1000;
    r.status[200] = 990;
    r.status[503] = 10;
    r.transport_errors = 3;
    for (std::uint64_t i = 1; i <= 1000; ++i) {
        r.latency_ns.record(i * 1000);
    }
    return r;
}

}  // namespace

TEST_CASE("a run's throughput and errors", "[bench]") {
    auto r = sample();
    CHECK(r.throughput() == Approx(500));
    CHECK(r.errors() == 13);
}

TEST_CASE("the JSON report carries the figures", "[bench]") {
    auto j = to_json(sample());
    CHECK_THAT(j, Catch::Contains("\"throughput\":500.000"));
    CHECK_THAT(j, Catch::Contains("\"status\":{\"200\":990,\"503\":10}"));
    CHECK_THAT(j, Catch::Contains("\"errors\":13"));
    CHECK_THAT(j, Catch::Contains("\"p50\":0.50"));
    CHECK_THAT(j, Catch::Contains("\"max\":1.000000"));
    CHECK_THAT(j, Catch::Contains("\"distinct\":0"));
}

TEST_CASE("the text report says when a run repeated the workload's payloads", "[bench]") {
    auto r = sample();
    CHECK_THAT(to_text(r), !Catch::Contains("repeated"));
    r.distinct = 100;
    CHECK_THAT(to_text(r), Catch::Contains("100 distinct requests"));
    r.distinct = 5000;
    CHECK_THAT(to_text(r), !Catch::Contains("repeated"));
}

TEST_CASE("the text and SVG reports render", "[bench]") {
    auto r = sample();
    auto t = to_text(r);
    CHECK_THAT(t, Catch::Contains("500 /s"));
    CHECK_THAT(t, Catch::Contains("p99.9"));
    auto s = to_svg(r);
    CHECK_THAT(s, Catch::StartsWith("<svg"));
    CHECK_THAT(s, Catch::Contains("<polyline"));
    CHECK_THAT(s, Catch::Contains("99.9%"));
}
