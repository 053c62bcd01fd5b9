#include "bench/load/workload.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using namespace certgate::bench;

TEST_CASE("corpus lines round-trip", "[bench]") {
    corpus_entry e{true, "P-1", 2, "123456789012", R"({"a":"b\tc"})"};
    // Tabs inside the payload must not occur: the JSON writer escapes them.
    e.payload = R"({"a":"b"})";
    auto line = format_corpus_line(e);
    auto back = parse_corpus_line(line);
    REQUIRE(back.has_value());
    CHECK(back->revoked);
    CHECK(back->pre_enrollment_code == "P-1");
    CHECK(back->dose == 2);
    CHECK(back->certificate_id == "123456789012");
    CHECK(back->payload == e.payload);
    CHECK_FALSE(parse_corpus_line("maybe\tP\t1\tid\t{}").has_value());
    CHECK_FALSE(parse_corpus_line("valid\tP\t0\tid\t{}").has_value());
    CHECK_FALSE(parse_corpus_line("valid\tP\t1\t{}").has_value());
}

TEST_CASE("tampering changes one signed value", "[bench]") {
    std::string p = R"({"credentialSubject":{"name":"Asha"},"evidence":[{"name":"x"}]})";
    auto t = tamper(p);
    CHECK(t == R"({"credentialSubject":{"name":"Xsha"},"evidence":[{"name":"x"}]})");
}

TEST_CASE("requests are complete HTTP/1.1 messages", "[bench]") {
    auto r = http_request("POST", "/verify", "127.0.0.1:8080", "{}");
    CHECK(r ==
          "POST /verify HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: certgate-bench\r\n"
          "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    auto g = http_request("GET", "/crl/v1/delta?since=3", "h:1", {}, "tok");
    CHECK(g ==
          "GET /crl/v1/delta?since=3 HTTP/1.1\r\nHost: h:1\r\nUser-Agent: certgate-bench\r\n"
          "Authorization: Bearer tok\r\n\r\n");
}

TEST_CASE("the crl-delta workload cycles since", "[bench]") {
    load_options o;
    o.workload = workload_kind::crl_delta;
    o.crl_since_max = 2;
    std::string error, scratch;
    auto w = make_workload(o, error);
    REQUIRE(w);
    CHECK_THAT(std::string(w->request(0, scratch)), Catch::Contains("since=0 "));
    CHECK_THAT(std::string(w->request(2, scratch)), Catch::Contains("since=2 "));
    CHECK_THAT(std::string(w->request(3, scratch)), Catch::Contains("since=0 "));
    CHECK(w->distinct() == 0);
}

TEST_CASE("the certify workload makes unique items from the template", "[bench]") {
    load_options o;
    o.workload = workload_kind::certify;
    o.items = 3;
    o.token = "T";
    std::string error, scratch;
    auto w = make_workload(o, error);
    REQUIRE(w);
    std::string r(w->request(1, scratch));
    CHECK_THAT(r, Catch::StartsWith("POST /divoc/api/v1/certify HTTP/1.1"));
    CHECK_THAT(r, Catch::Contains("Authorization: Bearer T"));
    CHECK_THAT(r, Catch::Contains("-3\""));
    CHECK_THAT(r, Catch::Contains("-5\""));
}

TEST_CASE("verify workloads replay the corpus: all, a hot set, or a seeded mix", "[bench]") {
    auto path = std::filesystem::temp_directory_path() /
                ("certgate-bench-corpus-" + std::to_string(std::random_device{}()) + ".tsv");
    {
        std::ofstream out(path);
        for (int i = 0; i < 4; ++i) {
            out << format_corpus_line(
                       {i == 3, "P" + std::to_string(i), 1, std::to_string(i),
                        R"({"credentialSubject":{"name":"N)" + std::to_string(i) + R"("}})"})
                << '\n';
        }
    }
    load_options o;
    o.corpus = path.string();
    std::string error, scratch;
    o.workload = workload_kind::verify_unique;
    auto unique = make_workload(o, error);
    REQUIRE(unique);
    CHECK(unique->distinct() == 3);  // the valid ones
    CHECK_THAT(std::string(unique->request(4, scratch)), Catch::Contains("\"name\":\"N1\""));
    o.workload = workload_kind::verify_repeat;
    o.hot_set = 2;
    auto repeat = make_workload(o, error);
    REQUIRE(repeat);
    CHECK(repeat->distinct() == 2);
    CHECK_THAT(std::string(repeat->request(2, scratch)), Catch::StartsWith("POST /verify "));
    o.workload = workload_kind::verify_mix;
    o.mix = {0, 1, 0, 0};  // revoked only
    auto mix = make_workload(o, error);
    REQUIRE(mix);
    CHECK(mix->distinct() == 1000);
    CHECK_THAT(std::string(mix->request(7, scratch)), Catch::Contains("\"name\":\"N3\""));
    std::filesystem::remove(path);
}
