// The service over HTTP, in-process: DIVOC's update flow end to end, auth, errors, limits and the
// configurable messages.
#include "shared/json/write.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace certgate;
using certgate::test::parse_json;
using certgate::test::running_service;
using certgate::test::str_at;

namespace {

constexpr const char* updated_message =
    "certificate revoked, please download the updated certificate from the portal";

std::string sample_request() { return test::divoc_file("spec/e2e-certify-request.json"); }

// certify the sample; returns its certificateId.
std::string certify_sample(const running_service& s) {
    auto r = s.post("/divoc/api/v1/certify", sample_request(), s.staff());
    REQUIRE(r.status == 200);
    auto v = parse_json(r.body);
    const auto& certs = v.find("certificates")->as_array();
    REQUIRE(certs.size() == 1);
    CHECK(str_at(certs[0], "preEnrollmentCode") == "1112");
    return str_at(certs[0], "certificateId");
}

// The signed credential of `id`, as JSON text (GET, admin).
std::string fetch_certificate(const running_service& s, const std::string& id) {
    auto r = s.get("/divoc/api/v1/certificates/" + id, s.admin());
    REQUIRE(r.status == 200);
    auto v = parse_json(r.body);
    REQUIRE(v.find("certificate") != nullptr);
    return json::to_string(*v.find("certificate"));
}

json::value verify_payload(const running_service& s, std::string payload,
                           test::header_list h = {}) {
    auto r = s.post("/verify", std::move(payload), h);
    REQUIRE(r.status == 200);
    return parse_json(r.body);
}

}  // namespace

TEST_CASE("update flow: the old QR gets the portal message, the new one is valid",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    REQUIRE(s.get("/healthz").status == 200);
    REQUIRE(s.get("/readyz").status == 200);

    const std::string old_id = certify_sample(s);
    const std::string old_cert = fetch_certificate(s, old_id);
    auto first = verify_payload(s, old_cert);
    CHECK(str_at(first, "status") == "valid");
    CHECK(str_at(first, "certificateId") == old_id);

    auto up = s.put("/divoc/api/v1/certificate", sample_request(), s.staff());
    REQUIRE(up.status == 200);
    auto upv = parse_json(up.body);
    const auto& item = upv.find("certificates")->as_array().at(0);
    CHECK(str_at(item, "previousCertificateId") == old_id);
    const std::string new_id = str_at(item, "certificateId");
    CHECK(new_id != old_id);

    const std::string zip = test::make_qr_zip(old_cert);
    for (const std::string& payload : {old_cert, zip, test::utf8_transcode(zip)}) {
        auto v = verify_payload(s, payload);
        CHECK(str_at(v, "status") == "revoked");
        CHECK(str_at(v, "reason") == "updated");
        CHECK(str_at(v, "message") == updated_message);
        CHECK(str_at(v, "certificateId") == old_id);
    }
    const std::string new_cert = fetch_certificate(s, new_id);
    auto fresh = verify_payload(s, test::make_qr_zip(new_cert));
    CHECK(str_at(fresh, "status") == "valid");
    CHECK(str_at(fresh, "certificateId") == new_id);

    auto got_old = parse_json(s.get("/divoc/api/v1/certificates/" + old_id, s.admin()).body);
    CHECK(str_at(got_old, "status") == "revoked");
    CHECK(str_at(got_old, "replacedBy") == new_id);

    // DIVOC's revocation check: the status code is the contract.
    CHECK(s.post("/divoc/api/v1/certificate/revoked", old_cert).status == 200);
    CHECK(s.post("/divoc/api/v1/certificate/revoked", new_cert).status == 404);
    auto bad = s.post("/divoc/api/v1/certificate/revoked", "not a credential");
    CHECK(bad.status == 400);
    CHECK(str_at(parse_json(bad.body), "code") == "malformed");

    // DIVOC's DELETE revokes the current one (reason revoked).
    auto del =
        test::request("DELETE", s.port(), "/divoc/api/v1/certificates/1112?doses=1", {}, s.staff());
    REQUIRE(del.status == 200);
    auto after = verify_payload(s, new_cert);
    CHECK(str_at(after, "status") == "revoked");
    CHECK(str_at(after, "reason") == "revoked");
    CHECK(str_at(after, "message") == "certificate revoked");
    CHECK(
        test::request("DELETE", s.port(), "/divoc/api/v1/certificates/1112?doses=1", {}, s.staff())
            .status == 404);
}

TEST_CASE("write API: 401 without a valid token, 403 without the role, 415 without JSON",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    const test::header_list json_only = {{"Content-Type", "application/json"}};

    auto expect = [](const test::http_reply& r, unsigned status, const char* code) {
        CHECK(r.status == status);
        CHECK(str_at(parse_json(r.body), "code") == code);
    };
    expect(s.post("/divoc/api/v1/certify", sample_request(), json_only), 401, "unauthorized");
    expect(s.post("/divoc/api/v1/certify", sample_request(),
                  {{"Authorization", "Bearer not.a.token"}, {"Content-Type", "application/json"}}),
           401, "unauthorized");
    auto expired = s.bearer({"facility-staff"}, std::chrono::hours(1),
                            std::chrono::system_clock::now() - std::chrono::hours(3));
    expect(s.post("/divoc/api/v1/certify", sample_request(), expired), 401, "unauthorized");
    expect(s.post("/divoc/api/v1/certify", sample_request(), s.admin()), 403, "forbidden");
    expect(s.get("/divoc/api/v1/certificates/123456789012", s.staff()), 403, "forbidden");

    auto text = s.staff();
    text[1].second = "text/plain";
    expect(s.post("/divoc/api/v1/certify", sample_request(), text), 415, "unsupported_media_type");
    // Nothing of the refused requests was stored.
    expect(s.put("/divoc/api/v1/certificate", sample_request(), s.staff()), 412,
           "update_not_allowed");
}

TEST_CASE("write API: a 400 names the item and field and stores nothing; 404 and 405",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));

    // Item 0 is fine, item 1 lacks vaccination.date: all-or-nothing.
    auto items = parse_json(sample_request());
    json::value second = items.as_array()[0];
    second.set("preEnrollmentCode", "2223");
    second.find("vaccination")->erase("date");
    items.as_array().push_back(second);
    auto r = s.post("/divoc/api/v1/certify", json::to_string(items), s.staff());
    REQUIRE(r.status == 400);
    auto err = parse_json(r.body);
    CHECK(str_at(err, "code") == "invalid_request");
    CHECK(err.find("item")->as_number() == 1);
    CHECK(str_at(err, "field") == "vaccination.date");
    CHECK(s.put("/divoc/api/v1/certificate", sample_request(), s.staff()).status == 412);

    CHECK(s.post("/divoc/api/v1/certify", "{\"not\":\"an array\"", s.staff()).status == 400);
    CHECK(s.get("/divoc/api/v1/certificates/999999999999", s.admin()).status == 404);
    auto unknown = s.get("/no/such/route");
    CHECK(unknown.status == 404);
    CHECK(!str_at(parse_json(unknown.body), "code").empty());
    auto wrong_method = s.get("/verify");
    CHECK(wrong_method.status == 405);
    CHECK(!str_at(parse_json(wrong_method.body), "code").empty());
    CHECK(test::request("DELETE", s.port(), "/divoc/api/v1/certificates/1112", {}, s.staff())
              .status == 400);  // neither doses nor allDoses
}

TEST_CASE("/verify answers garbage with 200 invalid, and 413 over the size limit",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    for (const std::string& garbage :
         {std::string("hello"), std::string("{\"a\":"), std::string("PK\x03\x04garbage"),
          std::string("[]"), std::string("{}"), std::string("\xff\xfe\x00", 3)}) {
        auto v = verify_payload(s, garbage);
        CHECK(str_at(v, "status") == "invalid");
        CHECK(!str_at(v, "reason").empty());
    }
    CHECK(str_at(verify_payload(s, "hello"), "reason") == "unsupported_format");
    CHECK(str_at(verify_payload(s, "{\"a\":"), "reason") == "malformed");
    auto big = s.post("/verify", std::string(s.cfg().payload_limit + 1, '{'));
    CHECK(big.status == 413);
    CHECK(str_at(parse_json(big.body), "code") == "too_large");
}

TEST_CASE("verdict messages come from config, per locale by Accept-Language", "[integration]") {
    test::temp_dir dir("certgate-it");
    auto cfg = test::test_config(dir.path());
    cfg.messages.push_back({"revoked", "updated", "", "please get the new one"});
    cfg.messages.push_back({"revoked", "updated", "de", "Zertifikat ersetzt"});
    cfg.messages.push_back({"valid", "*", "de", "gültig"});
    running_service s(cfg);
    const std::string old_id = certify_sample(s);
    const std::string old_cert = fetch_certificate(s, old_id);
    CHECK(str_at(verify_payload(s, old_cert, {{"Accept-Language", "de-CH, en;q=0.5"}}),
                 "message") == "gültig");
    REQUIRE(s.put("/divoc/api/v1/certificate", sample_request(), s.staff()).status == 200);
    CHECK(str_at(verify_payload(s, old_cert), "message") == "please get the new one");
    CHECK(str_at(verify_payload(s, old_cert, {{"Accept-Language", "fr"}}), "message") ==
          "please get the new one");
    CHECK(str_at(verify_payload(s, old_cert, {{"Accept-Language", "de"}}), "message") ==
          "Zertifikat ersetzt");
}

TEST_CASE("a repeated scan served from the verify cache still sees a later revocation",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    const std::string id = certify_sample(s);
    const std::string cert = fetch_certificate(s, id);
    CHECK(str_at(verify_payload(s, cert), "status") == "valid");
    CHECK(str_at(verify_payload(s, cert), "status") == "valid");  // cached now
    REQUIRE(test::request("DELETE", s.port(), "/divoc/api/v1/certificates/1112?allDoses=true", {},
                          s.staff())
                .status == 200);
    auto v = verify_payload(s, cert);
    CHECK(str_at(v, "status") == "revoked");
    CHECK(str_at(v, "reason") == "revoked");
    CHECK(s.post("/divoc/api/v1/certificate/revoked", cert).status == 200);
}

TEST_CASE("8 clients updating the same and other doses: linear chains, one valid per dose",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    auto body_for = [](const std::string& code, int dose) {
        auto items = parse_json(sample_request());
        items.as_array()[0].set("preEnrollmentCode", code);
        items.as_array()[0].find("vaccination")->set("dose", static_cast<std::int64_t>(dose));
        return json::to_string(items);
    };
    const std::vector<std::pair<std::string, int>> doses = {{"C1", 1}, {"C1", 2}, {"C2", 1}};
    std::map<std::pair<std::string, int>, std::string> first;
    for (const auto& d : doses) {
        auto r = s.post("/divoc/api/v1/certify", body_for(d.first, d.second), s.staff());
        REQUIRE(r.status == 200);
        first[d] = str_at(parse_json(r.body).find("certificates")->as_array()[0], "certificateId");
    }
    constexpr int clients = 8, rounds = 4;
    struct answer {
        unsigned status = 0;
        std::string id, previous;
    };
    std::vector<std::vector<answer>> answers(clients);
    const auto staff = s.staff();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            const auto& d = doses[static_cast<std::size_t>(c < 4 ? 0 : c < 6 ? 1 : 2)];
            for (int i = 0; i < rounds; ++i) {
                auto r = s.put("/divoc/api/v1/certificate", body_for(d.first, d.second), staff);
                answer a{r.status, {}, {}};
                if (r.status == 200) {
                    auto j = json::parse(r.body);
                    const auto& item = j->find("certificates")->as_array()[0];
                    a.id = str_at(item, "certificateId");
                    a.previous = str_at(item, "previousCertificateId");
                }
                answers[static_cast<std::size_t>(c)].push_back(a);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    std::map<std::pair<std::string, int>, std::map<std::string, std::string>> next;  // prev → new
    for (int c = 0; c < clients; ++c) {
        const auto& d = doses[static_cast<std::size_t>(c < 4 ? 0 : c < 6 ? 1 : 2)];
        for (const auto& a : answers[static_cast<std::size_t>(c)]) {
            REQUIRE(a.status == 200);
            CHECK(next[d].emplace(a.previous, a.id).second);  // nobody else replaced `previous`
        }
    }
    for (const auto& d : doses) {
        std::vector<std::string> chain = {first[d]};
        while (next[d].count(chain.back()) != 0) {
            chain.push_back(next[d][chain.back()]);
        }
        CHECK(chain.size() == next[d].size() + 1);  // linear: every update is on the chain
        int valid = 0;
        for (const auto& id : chain) {
            auto g = parse_json(s.get("/divoc/api/v1/certificates/" + id, s.admin()).body);
            valid += str_at(g, "status") == "valid" ? 1 : 0;
        }
        CHECK(valid == 1);
        CHECK(
            str_at(parse_json(s.get("/divoc/api/v1/certificates/" + chain.back(), s.admin()).body),
                   "status") == "valid");
    }
}
