#include "verify/verifier.hpp"

#include "../proof/divoc_vectors.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/json/write.hpp"
#include "shared/ld/context_registry.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace certgate;
using test::divoc;

namespace {

struct fixture {
    ld::context_registry contexts = test::load_contexts();
    proof::key_ring keys = test::divoc_keys();
    crl::revocation_set revocations;
    verify::verifier verifier{{}, contexts, keys, revocations};
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

const std::string original =
    "certificates/rsa_cowin_v2_ddcc_certid-525128495_dose1_ORIGINAL-later-updated.json";
const std::string did_subject = "certificates/rsa_cowin_v2_ddcc_certid-303232161_did-subject.json";

}  // namespace

TEST_CASE("verifier gives every DIVOC certificate its expected verdict", "[verify][divoc]") {
    fixture f;
    json::value summary = test::load_json(divoc("derived/verification-summary.json"));
    for (const auto& entry : summary.as_array()) {
        const std::string& file = entry.find("file")->as_string();
        DYNAMIC_SECTION(file) {
            auto v = f.verifier.check(test::slurp(divoc(file)), 0);
            if (entry.find("verified_with")->is_null()) {
                CHECK(v.status == "invalid");
                CHECK(v.reason == "bad_signature");
            } else {
                CHECK(v.status == "valid");
                CHECK(v.reason == "ok");
                CHECK_FALSE(v.certificate_id.empty());
            }
        }
    }
}

TEST_CASE("verifier reads raw and UTF-8-transcoded QR ZIPs like the JSON", "[verify][divoc]") {
    fixture f;
    const std::string stem = "rsa_cowin_v2_ddcc_certid-525128495_dose1_ORIGINAL-later-updated";
    for (const auto& file : {stem + ".zip", stem + ".qr-payload-nodejs.bin"}) {
        auto v = f.verifier.check(test::slurp(divoc("derived/qr/" + file)), 0);
        CHECK(v.status == "valid");
        CHECK(v.certificate_id == "525128495");
        CHECK(v.issuer == "https://cowin.gov.in/");
    }
}

TEST_CASE("verifier checks revocation by identity on every scan, cached or not", "[verify]") {
    fixture f;
    std::string payload = test::slurp(divoc(original));
    CHECK(f.verifier.check(payload, 0).status == "valid");
    f.revocations.apply({"https://cowin.gov.in/vaccine/525128495", "525128495", 1000,
                         crl::reason::updated, "576939268", std::nullopt, 1});
    auto v = f.verifier.check(payload, 2000);
    CHECK(v.status == "revoked");
    CHECK(v.reason == "updated");
    REQUIRE(v.revocation.has_value());
    verify::message_table messages;
    CHECK(
        verify::to_json(v, messages)
            .find("certificate revoked, please download the updated certificate from the portal") !=
        std::string::npos);
    // The dose-2 certificate of the same person stays valid.
    CHECK(
        f.verifier
            .check(test::slurp(divoc("certificates/rsa_cowin_v2_ddcc_certid-712988986_dose2.json")),
                   2000)
            .status == "valid");
}

TEST_CASE("verifier lists unsigned personal data under a relative credentialSubject.id",
          "[verify][divoc]") {
    fixture f;
    auto v = f.verifier.check(test::slurp(divoc(original)), 0);
    REQUIRE(v.status == "valid");
    CHECK(contains(v.unsigned_fields, "credentialSubject.name"));
    CHECK(contains(v.unsigned_fields, "credentialSubject.address.city"));
    CHECK(v.signed_view.find("credentialSubject") == nullptr);
    // With an absolute (DID) subject the same data is signed.
    auto d = f.verifier.check(test::slurp(divoc(did_subject)), 0);
    REQUIRE(d.status == "valid");
    CHECK_FALSE(contains(d.unsigned_fields, "credentialSubject.name"));
    REQUIRE(d.signed_view.find("credentialSubject") != nullptr);
    CHECK(d.signed_view.find("credentialSubject")->find("name")->as_string() == "John Doeq");
}

TEST_CASE("verifier flags the fields whose values the signature covers only as a set",
          "[verify][divoc]") {
    fixture f;
    auto v = f.verifier.check(test::slurp(divoc(did_subject)), 0);
    REQUIRE(v.status == "valid");
    for (const char* p :
         {"evidence[0].dose", "evidence[0].totalDoses", "evidence[0].batch", "evidence[0].vaccine",
          "evidence[0].manufacturer", "evidence[0].certificateId", "evidence[0].effectiveStart",
          "evidence[0].effectiveUntil", "evidence[0].infoUrl", "evidence[0].feedbackUrl"}) {
        INFO(p);
        CHECK(contains(v.ambiguous, p));
    }
    CHECK_FALSE(contains(v.ambiguous, "evidence[0].verifier.name"));
    CHECK_FALSE(contains(v.ambiguous, "credentialSubject.name"));
}

TEST_CASE("verifier gives DIVOC's 30 tamper cases a verdict that shows the tampering",
          "[verify][divoc]") {
    fixture f;
    json::value cases = test::load_json(divoc("derived/tamper-cases.json"));
    REQUIRE(cases.find("cases")->as_array().size() == 30);
    for (const auto& c : cases.find("cases")->as_array()) {
        const std::string label =
            c.find("base_label")->as_string() + ": " + c.find("mutation")->as_string();
        DYNAMIC_SECTION(label) {
            auto v = f.verifier.check(json::to_string(*c.find("certificate")), 0);
            const std::string& m = c.find("mutation")->as_string();
            if (!c.find("divoc_compatible_signature_valid")->as_bool()) {
                CHECK(v.status == "invalid");
                CHECK(v.reason == "bad_signature");
            } else if (m.find("certificateId") != std::string::npos) {
                // DIVOC accepts this swap; certgate sees certificateId disagree with the identity.
                CHECK(v.status == "invalid");
                CHECK(v.reason == "id_mismatch");
            } else {
                CHECK(v.status == "valid");
                if (m.rfind("swap ", 0) == 0) {
                    // "swap evidence.a <-> evidence.b": both show up as ambiguous.
                    auto a = m.substr(5, m.find(" <->") - 5);
                    auto b = m.substr(m.find("<-> ") + 4);
                    auto path = [](std::string s) { return "evidence[0]" + s.substr(8); };
                    CHECK(contains(v.ambiguous, path(a)));
                    CHECK(contains(v.ambiguous, path(b)));
                } else if (m == "add unknown field evidence.foo") {
                    CHECK(contains(v.unsigned_fields, "evidence[0].foo"));
                } else if (m == "add unknown top-level field foo") {
                    CHECK(contains(v.unsigned_fields, "foo"));
                } else if (m.rfind("change credentialSubject.", 0) == 0) {
                    CHECK(contains(v.unsigned_fields, m.substr(7)));
                }
            }
        }
    }
}

TEST_CASE("verifier answers garbage with an invalid verdict, never a crash", "[verify]") {
    fixture f;
    CHECK(f.verifier.check("", 0).reason == "unsupported_format");
    CHECK(f.verifier.check("{", 0).reason == "malformed");
    CHECK(f.verifier.check("[1,2]", 0).reason == "malformed");
    CHECK(f.verifier.check("{\"evidence\":[{\"id\":\"x\"}]}", 0).reason == "malformed");
    CHECK(f.verifier.check(std::string(100000, '{'), 0).reason == "too_large");
    CHECK(f.verifier.check(std::string(1000, '[') + std::string(1000, ']'), 0).reason ==
          "too_complex");
    CHECK(f.verifier.check("PK\x03\x04 not a zip", 0).reason == "unsupported_format");
}
