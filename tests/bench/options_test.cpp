#include "bench/load/options.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace certgate::bench;

namespace {

std::optional<parsed> parse(std::vector<std::string> args, std::string& error) {
    return parse_args(args, error);
}

load_options load(std::vector<std::string> args) {
    std::string error;
    auto p = parse(std::move(args), error);
    INFO(error);
    REQUIRE(p.has_value());
    REQUIRE(std::holds_alternative<load_options>(*p));
    return std::get<load_options>(*p);
}

std::string failure(std::vector<std::string> args) {
    std::string error;
    auto p = parse(std::move(args), error);
    CHECK_FALSE(p.has_value());
    return error;
}

}  // namespace

TEST_CASE("options take the load shape, workload and outputs", "[bench]") {
    auto o = load({"--target",     "127.0.0.1:9000",
                   "-w",           "verify-repeat",
                   "--corpus",     "c.tsv",
                   "-c",           "32",
                   "--threads",    "2",
                   "-d",           "500ms",
                   "--rate",       "2500",
                   "--hot-set",    "10",
                   "--json",       "r.json",
                   "--svg",        "r.svg",
                   "--no-progress"});
    CHECK(o.host == "127.0.0.1");
    CHECK(o.port == 9000);
    CHECK(o.workload == workload_kind::verify_repeat);
    CHECK(o.connections == 32);
    CHECK(o.threads == 2);
    CHECK(o.duration_s == Approx(0.5));
    CHECK(o.rate == Approx(2500));
    CHECK(o.hot_set == 10);
    CHECK(o.json_out == "r.json");
    CHECK(o.svg_out == "r.svg");
    CHECK_FALSE(o.progress);
    CHECK(o.label == "verify-repeat");
}

TEST_CASE("options read durations in s, ms and m and a request count alone", "[bench]") {
    CHECK(load({"-t", "localhost:1", "-w", "crl-delta", "-d", "2m"}).duration_s == Approx(120));
    CHECK(load({"-t", "localhost:1", "-w", "crl-delta", "-d", "3"}).duration_s == Approx(3));
    auto o = load({"load", "-t", "http://[::1]:8080/", "-w", "crl-delta", "-n", "1000"});
    CHECK(o.host == "::1");
    CHECK(o.port == 8080);
    CHECK(o.requests == 1000);
    CHECK(o.duration_s == 0);  // bounded by the count (and the 1 h cap)
}

TEST_CASE("options take verify-mix shares", "[bench]") {
    auto o = load({"-t", "127.0.0.1:1", "-w", "verify-mix", "--corpus", "c", "--valid", "0.5",
                   "--revoked", "0.25", "--tampered", "0", "--garbage", "0.25"});
    CHECK(o.mix.valid == Approx(0.5));
    CHECK(o.mix.revoked == Approx(0.25));
    CHECK(o.mix.tampered == 0);
    CHECK(o.mix.garbage == Approx(0.25));
    CHECK_THAT(failure({"-t", "127.0.0.1:1", "-w", "verify-mix", "--corpus", "c", "--valid", "0",
                        "--revoked", "0", "--tampered", "0", "--garbage", "0"}),
               Catch::Contains("add up to 0"));
    CHECK_THAT(failure({"-t", "127.0.0.1:1", "-w", "verify-mix", "--corpus", "c", "--valid", "-1"}),
               Catch::Contains("--valid"));
}

TEST_CASE("options refuse targets that are not the loopback host", "[bench]") {
    CHECK_THAT(failure({"-t", "10.0.0.1:80", "-w", "crl-delta"}), Catch::Contains("only loads"));
    CHECK_THAT(failure({"-t", "example.com:80", "-w", "crl-delta"}), Catch::Contains("only loads"));
    CHECK_THAT(failure({"-t", "127.0.0.1", "-w", "crl-delta"}), Catch::Contains("HOST:PORT"));
    CHECK_THAT(failure({"-t", "127.0.0.1:0", "-w", "crl-delta"}), Catch::Contains("HOST:PORT"));
}

TEST_CASE("options refuse unbounded or out-of-range runs", "[bench]") {
    CHECK_THAT(failure({"-w", "crl-delta", "-d", "0"}), Catch::Contains("bounded"));
    CHECK_THAT(failure({"-w", "crl-delta", "-d", "2h"}), Catch::Contains("--duration"));
    CHECK_THAT(failure({"-w", "crl-delta", "-c", "0"}), Catch::Contains("--connections"));
    CHECK_THAT(failure({"-w", "crl-delta", "-c", "5000"}), Catch::Contains("--connections"));
    CHECK_THAT(failure({"-w", "crl-delta", "-r", "0"}), Catch::Contains("--rate"));
    CHECK_THAT(failure({"-w", "crl-delta", "-n", "x"}), Catch::Contains("--requests"));
    CHECK_THAT(failure({"-w", "crl-delta", "-d"}), Catch::Contains("needs a value"));
    CHECK_THAT(failure({"-w", "nope"}), Catch::Contains("unknown 'nope'"));
    CHECK_THAT(failure({"--bogus", "1"}), Catch::Contains("unknown option"));
}

TEST_CASE("options require each workload's inputs", "[bench]") {
    CHECK_THAT(failure({"-w", "verify-unique"}), Catch::Contains("--corpus"));
    CHECK_THAT(failure({"-w", "update", "--corpus", "c"}), Catch::Contains("--token"));
    CHECK_THAT(failure({"-w", "certify", "--items", "101", "--token", "t"}),
               Catch::Contains("--items"));
    auto o = load({"-w", "certify", "--items", "100", "--token", "t"});
    CHECK(o.items == 100);
}

TEST_CASE("seed options default the store and corpus into the data dir", "[bench]") {
    std::string error;
    auto p = parse(
        {"seed", "--data", "/tmp/d", "-n", "500", "--revoked", "0.2", "--key-type", "ed25519"},
        error);
    REQUIRE(p.has_value());
    const auto& s = std::get<seed_options>(*p);
    CHECK(s.count == 500);
    CHECK(s.revoked == Approx(0.2));
    CHECK(s.key_type == "ed25519");
    CHECK(s.db_path == "/tmp/d/db");
    CHECK(s.corpus == "/tmp/d/corpus.tsv");
    CHECK_THAT(failure({"seed", "-n", "5"}), Catch::Contains("--data"));
    CHECK_THAT(failure({"seed", "--data", "d", "--revoked", "1.5"}), Catch::Contains("--revoked"));
    CHECK_THAT(failure({"seed", "--data", "d", "--key-type", "dsa"}),
               Catch::Contains("--key-type"));
}

TEST_CASE("--help gives the usage", "[bench]") {
    std::string error;
    auto p = parse({"--help"}, error);
    REQUIRE(p.has_value());
    CHECK_THAT(std::get<help_request>(*p).text, Catch::Contains("--workload"));
}
