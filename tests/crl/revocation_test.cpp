#include "crl/revocation.hpp"

#include <catch2/catch.hpp>

using namespace certgate;

TEST_CASE("revocation times format and parse as ISO 8601 UTC with milliseconds", "[crl]") {
    auto ms = crl::parse_time_ms("2022-01-05T17:43:40.699Z");
    REQUIRE(ms.has_value());
    CHECK(*ms == 1641404620699);
    CHECK(crl::format_time_ms(*ms) == "2022-01-05T17:43:40.699Z");
    CHECK(crl::parse_time_ms("2022-01-05T17:43:40Z") == 1641404620000);
    CHECK(crl::parse_time_ms("2022-01-05T19:43:40+02:00") == 1641404620000);
    CHECK_FALSE(crl::parse_time_ms("2022-01-05"));
    CHECK_FALSE(crl::parse_time_ms("2022-02-30T00:00:00Z"));
    CHECK_FALSE(crl::parse_time_ms("2022-01-05T17:43:40.Z"));
    CHECK_FALSE(crl::parse_time_ms("2022-01-05T17:43:40Zjunk"));
}

TEST_CASE("revocation records round-trip through their JSON form", "[crl]") {
    crl::revocation r{"https://cowin.gov.in/vaccine/525128495",
                      "525128495",
                      1641404620699,
                      crl::reason::suspended,
                      "",
                      1641404999000,
                      7};
    auto back = crl::revocation_from_json(crl::to_json(r));
    REQUIRE(back.has_value());
    CHECK(*back == r);
    r.why = crl::reason::updated;
    r.until_ms.reset();
    r.replaced_by = "576939268";
    back = crl::revocation_from_json(crl::to_json(r));
    REQUIRE(back.has_value());
    CHECK(*back == r);
}

TEST_CASE("revocation from JSON rejects missing or mistyped fields", "[crl]") {
    json::value v = crl::to_json({"i", "c", 0, crl::reason::revoked, "", std::nullopt, 1});
    v.set("reason", "deleted");
    CHECK_FALSE(crl::revocation_from_json(v).has_value());
    v.set("reason", "revoked");
    v.erase("seq");
    CHECK_FALSE(crl::revocation_from_json(v).has_value());
}
