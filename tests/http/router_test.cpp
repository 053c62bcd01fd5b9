#include "shared/http/router.hpp"

#include "shared/http/health.hpp"
#include "shared/http/message.hpp"
#include "shared/http/query.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using namespace certgate;

namespace {

http::response ok(http::request_context&) { return http::json_response(200, "{}"); }

}  // namespace

TEST_CASE("http percent_decode decodes escapes and refuses malformed ones", "[http]") {
    CHECK(*http::percent_decode("a%20b%2Fc") == "a b/c");
    CHECK(*http::percent_decode("a+b") == "a+b");
    CHECK(*http::percent_decode("a+b", true) == "a b");
    CHECK(*http::percent_decode("%e2%82%AC") == "\xe2\x82\xac");
    CHECK(http::percent_decode("%").error() == http::errc::bad_percent_encoding);
    CHECK(http::percent_decode("%4").error() == http::errc::bad_percent_encoding);
    CHECK(http::percent_decode("%zz").error() == http::errc::bad_percent_encoding);
    CHECK(http::percent_decode("a%00b").error() == http::errc::bad_percent_encoding);
}

TEST_CASE("http parse_query reads DIVOC's revoke parameters", "[http]") {
    auto q = http::parse_query("doses=1,2&allDoses=true&flag&&name=a%20b+c");
    REQUIRE(q.has_value());
    CHECK(q->size() == 4);
    CHECK(q->get("doses") == "1,2");
    CHECK(q->get("allDoses") == "true");
    CHECK(q->get("flag") == "");
    CHECK(q->get("name") == "a b c");
    CHECK_FALSE(q->get("missing").has_value());
    CHECK(http::split(*q->get("doses")) == std::vector<std::string_view>{"1", "2"});
    CHECK(http::split("").empty());
    CHECK(http::split("1,,2") == std::vector<std::string_view>{"1", "", "2"});

    auto repeated = http::parse_query("d=1&d=2");
    CHECK(repeated->get_all("d") == std::vector<std::string_view>{"1", "2"});
    CHECK(http::parse_query("a=%G1").error() == http::errc::bad_percent_encoding);
    CHECK(http::parse_query("")->size() == 0);
}

TEST_CASE("http router matches exact paths and {param} segments", "[http]") {
    http::router r;
    r.add_sync("GET", "/healthz", ok);
    r.add_sync("GET", "/divoc/api/v1/certificates/{certificateId}", ok);
    r.add_sync("DELETE", "/divoc/api/v1/certificates/{preEnrollmentCode}", ok);
    r.add_sync("POST", "/divoc/api/v1/certificates/{certificateId}/suspend", ok);

    auto m = r.match("GET", "/healthz");
    CHECK(m.result == http::route_match::outcome::found);
    CHECK(m.params.empty());

    m = r.match("GET", "/divoc/api/v1/certificates/123%20456");
    REQUIRE(m.result == http::route_match::outcome::found);
    REQUIRE(m.params.size() == 1);
    CHECK(m.params[0].first == "certificateId");
    CHECK(m.params[0].second == "123 456");

    m = r.match("DELETE", "/divoc/api/v1/certificates/PEC1");
    REQUIRE(m.result == http::route_match::outcome::found);
    CHECK(m.matched->pattern == "/divoc/api/v1/certificates/{preEnrollmentCode}");
    http::request req;
    http::request_context ctx{req, m.params};
    CHECK(ctx.param("preEnrollmentCode") == "PEC1");
    CHECK(ctx.param("other").empty());

    m = r.match("POST", "/divoc/api/v1/certificates/9/suspend");
    CHECK(m.result == http::route_match::outcome::found);
}

TEST_CASE("http router answers 405 with Allow and 404 otherwise", "[http]") {
    http::router r;
    r.add_sync("GET", "/x/{id}", ok);
    r.add_sync("DELETE", "/x/{code}", ok);
    auto m = r.match("PUT", "/x/1");
    CHECK(m.result == http::route_match::outcome::method_not_allowed);
    CHECK(m.allow == "DELETE, GET");
    CHECK(r.match("GET", "/x").result == http::route_match::outcome::not_found);
    CHECK(r.match("GET", "/x/").result == http::route_match::outcome::not_found);  // empty param
    CHECK(r.match("GET", "/x/1/2").result == http::route_match::outcome::not_found);
    CHECK(r.match("GET", "*").result == http::route_match::outcome::not_found);
    CHECK(r.match("GET", "/x/%zz").result == http::route_match::outcome::bad_path);
    CHECK(r.match("HEAD", "/x/1").matched->method == "GET");  // HEAD falls back to GET
}

TEST_CASE("http router prefers literal segments over parameters", "[http]") {
    http::router r;
    r.add_sync("GET", "/c/{id}", ok);
    r.add_sync("GET", "/c/revoked", ok);
    CHECK(r.match("GET", "/c/revoked").matched->pattern == "/c/revoked");
    CHECK(r.match("GET", "/c/other").matched->pattern == "/c/{id}");
}

TEST_CASE("http router refuses malformed and duplicate patterns", "[http]") {
    http::router r;
    r.add_sync("GET", "/a/{id}", ok);
    CHECK_THROWS_AS(r.add_sync("GET", "/a/{other}", ok), std::invalid_argument);
    CHECK_THROWS_AS(r.add_sync("GET", "no-slash", ok), std::invalid_argument);
    CHECK_THROWS_AS(r.add_sync("GET", "/a/{}", ok), std::invalid_argument);
    CHECK_THROWS_AS(r.add_sync("GET", "/a/x{id}", ok), std::invalid_argument);
    CHECK_NOTHROW(r.add_sync("POST", "/a/{id}", ok));
    CHECK(r.size() == 2);
}

TEST_CASE("http error_response has DESIGN's error shape", "[http]") {
    auto res = http::error_response(413, "too_large", "body \"x\" too big");
    CHECK(res.status == 413);
    CHECK(res.header("content-type") == "application/json");
    CHECK(res.body == R"({"code":"too_large","message":"body \"x\" too big"})");
    res.set("Content-Type", "text/plain");
    CHECK(res.headers.size() == 1);
}

TEST_CASE("http request splits its target into path and query", "[http]") {
    http::request req;
    req.target = "/a/b?x=1&y=2";
    CHECK(req.path() == "/a/b");
    CHECK(req.query() == "x=1&y=2");
    req.target = "/plain";
    CHECK(req.query().empty());
    req.headers = {{"Content-Type", "application/json"}};
    CHECK(req.header("content-type") == "application/json");
    CHECK_FALSE(req.header("accept").has_value());
}
