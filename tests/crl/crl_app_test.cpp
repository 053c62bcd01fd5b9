// The CRL routes in the real service (in-process, 127.0.0.1:0): a revocation and an expiring
// suspension made through the write API appear in the signed list within the publication tick.
#include "crl/filter_cascade.hpp"
#include "crl/follower.hpp"
#include "crl/jws.hpp"
#include "crl/snapshot.hpp"
#include "shared/json/write.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

using namespace certgate;
using namespace std::chrono_literals;
using test::running_service;

namespace {

std::string certify(const running_service& s, const std::string& code) {
    auto items = test::parse_json(test::divoc_file("spec/e2e-certify-request.json"));
    items.as_array()[0].set("preEnrollmentCode", code);
    auto r = s.post("/divoc/api/v1/certify", json::to_string(items), s.staff());
    REQUIRE(r.status == 200);
    auto v = test::parse_json(r.body);
    return test::str_at(v.find("certificates")->as_array()[0], "certificateId");
}

// Polls GET /crl/v1/meta until it is published at `version` or later (the tick runs every
// second).
json::value wait_for_version(const running_service& s, double version) {
    for (int i = 0; i < 50; ++i) {
        auto r = s.get("/crl/v1/meta");
        // 503 until the first publication.
        REQUIRE((r.status == 200 || r.status == 503));
        if (r.status == 200) {
            auto v = test::parse_json(r.body);
            if (v.find("version")->as_number() >= version) {
                return v;
            }
        }
        std::this_thread::sleep_for(100ms);
    }
    FAIL("the CRL did not reach version " << version);
    return {};
}

}  // namespace

TEST_CASE("the service publishes revocations and lifts expired suspensions in the signed CRL",
          "[crl][integration]") {
    test::temp_dir dir("certgate-crl-app");
    running_service s(test::test_config(dir.path()));
    wait_for_version(s, 0);
    auto keys = s.get("/crl/v1/keys");
    REQUIRE(keys.status == 200);
    auto trusted = crl::parse_jwks(keys.body);
    REQUIRE(trusted.has_value());
    crl::follower replica(*trusted);

    auto snap = s.get("/crl/v1/snapshot");
    REQUIRE(snap.status == 200);
    REQUIRE(replica.apply_snapshot(snap.body, snap.header("CRL-Signature").value_or("")) ==
            crl::follow_error::ok);
    CHECK(replica.version() == 0);

    const std::string revoked = certify(s, "A1");
    const std::string suspended = certify(s, "A2");
    const std::string valid = certify(s, "A3");
    REQUIRE(test::request("DELETE", s.port(), "/divoc/api/v1/certificates/A1?allDoses=true", {},
                          s.staff())
                .status == 200);
    const std::string until = crl::format_time_ms(app::now_ms() + 1500);
    auto r = s.post("/divoc/api/v1/certificates/" + suspended + "/suspend",
                    "{\"until\":\"" + until + "\"}", s.admin());
    REQUIRE(r.status == 200);

    auto meta = wait_for_version(s, 2);
    CHECK(meta.find("count")->as_number() == 2);
    auto d = s.get("/crl/v1/delta?since=0");
    REQUIRE(d.status == 200);
    REQUIRE(replica.apply_delta(d.body, d.header("CRL-Signature").value_or("")) ==
            crl::follow_error::ok);
    REQUIRE(replica.state().entries.size() == 2);

    auto filter = s.get("/crl/v1/filter");
    REQUIRE(filter.status == 200);
    auto f = crl::filter_cascade::parse(filter.body);
    REQUIRE(f.has_value());
    for (const auto& e : replica.state().entries) {
        CHECK(f->contains(e.identity));
    }

    // The suspension expires: the tick logs its lift (version 3), and the delta removes it.
    wait_for_version(s, 3);
    auto lifted = s.get("/crl/v1/delta?since=2");
    REQUIRE(lifted.status == 200);
    CHECK(lifted.body.find("\"removed\":[\"") != std::string::npos);
    REQUIRE(replica.apply_delta(lifted.body, lifted.header("CRL-Signature").value_or("")) ==
            crl::follow_error::ok);
    REQUIRE(replica.state().entries.size() == 1);
    CHECK(replica.state().entries[0].certificate_id == revoked);
    auto latest = s.get("/crl/v1/snapshot");
    auto parsed = crl::parse_snapshot_json(latest.body);
    REQUIRE(parsed.has_value());
    CHECK(parsed->version == replica.version());
    CHECK(parsed->entries.size() == 1);
    (void)valid;
}
