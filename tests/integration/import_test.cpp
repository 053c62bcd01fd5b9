// `certgate import` of DIVOC's update scenario, then the service updating an imported certificate.
#include "shared/json/write.hpp"
#include "tests/integration/process.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace certgate;
using certgate::test::parse_json;
using certgate::test::run_cli;
using certgate::test::running_service;
using certgate::test::str_at;

namespace {

std::string cert_file(const std::string& id) {
    for (const auto& e : std::filesystem::directory_iterator(
             std::filesystem::path(CERTGATE_TEST_DATA) / "divoc" / "certificates")) {
        auto name = e.path().filename().string();
        if (name.find("certid-" + id) != std::string::npos && !name.starts_with("NEG")) {
            return test::read_text(e.path());
        }
    }
    FAIL("no certificate " << id);
    return {};
}

std::string one_line(const std::string& json_text) {
    return json::to_string(parse_json(json_text));
}

std::string verdict_of(const running_service& s, const std::string& cert) {
    auto r = s.post("/verify", cert);
    REQUIRE(r.status == 200);
    auto v = parse_json(r.body);
    return str_at(v, "status") + "/" + str_at(v, "reason");
}

}  // namespace

TEST_CASE("import: DIVOC's update scenario, then an update revokes the imported certificate",
          "[integration][import]") {
    test::temp_dir dir("certgate-import");
    const std::string key =
        (std::filesystem::path(CERTGATE_TEST_DATA) / "divoc/keys/divoc-test-rsa2048.pub.pem")
            .string();
    const std::string c525 = cert_file("525128495"), c576 = cert_file("576939268"),
                      c712 = cert_file("712988986");
    const std::string tampered = test::divoc_file(
        "certificates/NEG_rsa_divoc-dev_v1_certid-244768056_tampered-credsubj-id.json");
    // A JSON array, JSON lines (with a certificate that does not verify), and one object.
    const auto array_file = dir.path() / "dose1.json";
    const auto lines_file = dir.path() / "more.jsonl";
    std::ofstream(array_file) << "[" << c576 << "," << c525 << "]";
    std::ofstream(lines_file) << one_line(tampered) << "\n\n" << one_line(c712) << "\n";
    const std::string data_dir = (dir.path() / "data").string();
    const std::vector<std::string> common = {
        "--data", data_dir, "--trust", "did:india=" + key, "--contexts", CERTGATE_CONTEXTS_DIR};

    auto args = std::vector<std::string>{"import", array_file.string(), lines_file.string()};
    args.insert(args.end(), common.begin(), common.end());
    auto r = run_cli(args);
    CHECK(r.code == 1);  // the tampered one is rejected
    std::vector<json::value> lines;
    for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
        lines.push_back(parse_json(r.out.substr(at, nl - at)));
    }
    REQUIRE(lines.size() == 2);
    CHECK(str_at(lines[0], "file") == lines_file.string());
    CHECK(lines[0].find("index")->as_number() == 0);
    CHECK(str_at(lines[0], "reason") == "bad_signature");
    CHECK(lines[1].find("imported")->as_number() == 3);
    CHECK(lines[1].find("rejected")->as_number() == 1);

    // Importing again stores nothing twice.
    auto again = std::vector<std::string>{"import", array_file.string()};
    again.insert(again.end(), common.begin(), common.end());
    auto r2 = run_cli(again);
    CHECK(r2.code == 1);
    CHECK(r2.out.find("already_stored") != std::string::npos);

    auto cfg = test::test_config(data_dir);
    cfg.trust.push_back({"did:india", key});
    running_service s(cfg);
    CHECK(verdict_of(s, c525) == "revoked/updated");
    CHECK(verdict_of(s, c576) == "valid/ok");
    CHECK(verdict_of(s, c712) == "valid/ok");
    CHECK(s.post("/divoc/api/v1/certificate/revoked", c525).status == 200);
    CHECK(s.post("/divoc/api/v1/certificate/revoked", c576).status == 404);
    CHECK(s.post("/divoc/api/v1/certificate/revoked", c712).status == 404);
    auto got = parse_json(s.get("/divoc/api/v1/certificates/525128495", s.admin()).body);
    CHECK(str_at(got, "status") == "revoked");
    CHECK(str_at(got, "replacedBy") == "576939268");

    auto request = parse_json(test::divoc_file("spec/e2e-certify-request.json"));
    request.as_array()[0].set("preEnrollmentCode", "987456111");
    auto up = s.put("/divoc/api/v1/certificate", json::to_string(request), s.staff());
    REQUIRE(up.status == 200);
    auto item = parse_json(up.body).find("certificates")->as_array()[0];
    CHECK(str_at(item, "previousCertificateId") == "576939268");
    CHECK(verdict_of(s, c576) == "revoked/updated");
    CHECK(verdict_of(s, c712) == "valid/ok");
    auto fresh = parse_json(
        s.get("/divoc/api/v1/certificates/" + str_at(item, "certificateId"), s.admin()).body);
    CHECK(verdict_of(s, json::to_string(*fresh.find("certificate"))) == "valid/ok");
}

TEST_CASE("import: certificates without refId or dose are standalone and revoked by ID",
          "[integration][import]") {
    test::temp_dir dir("certgate-import-standalone");
    const std::string key =
        (std::filesystem::path(CERTGATE_TEST_DATA) / "divoc/keys/divoc-test-rsa2048.pub.pem")
            .string();
    const std::string data_dir = (dir.path() / "data").string();
    auto cfg = test::test_config(data_dir);
    cfg.trust.push_back({"did:india", key});
    std::string message;
    std::vector<std::string> created;
    REQUIRE(app::prepare_data_dir(cfg, created, message));

    // DIVOC's 303232161 without refId, re-signed with the data directory's own key.
    auto doc = parse_json(cert_file("303232161"));
    REQUIRE(doc.find("credentialSubject")->erase("refId"));
    REQUIRE(doc.erase("proof"));
    const auto unsigned_file = dir.path() / "no-ref.json";
    std::ofstream(unsigned_file) << json::to_string(doc);
    auto signed_cert =
        run_cli({"sign", unsigned_file.string(), "--key", cfg.in_data("keys/signing.pem").string(),
                 "--method", cfg.verification_method, "--contexts", CERTGATE_CONTEXTS_DIR});
    REQUIRE(signed_cert.code == 0);
    const std::string no_ref = signed_cert.out;
    // DIVOC's signer-library vector: no dose, and "undefined" as its certificate ID.
    const std::string no_dose =
        test::divoc_file("certificates/rsa_divoc-dev_v1_signer-library-test_2021-08-28.json");
    const auto input = dir.path() / "standalone.jsonl";
    std::ofstream(input) << one_line(no_ref) << "\n" << one_line(no_dose) << "\n";

    auto r = run_cli({"import", input.string(), "--data", data_dir, "--trust", "did:india=" + key,
                      "--contexts", CERTGATE_CONTEXTS_DIR});
    CHECK(r.code == 0);
    CHECK(r.out == "{\"imported\":2,\"rejected\":0}\n");

    running_service s(cfg);
    CHECK(verdict_of(s, no_ref) == "valid/ok");
    CHECK(verdict_of(s, no_dose) == "valid/ok");
    auto got = parse_json(s.get("/divoc/api/v1/certificates/303232161", s.admin()).body);
    CHECK(str_at(got, "status") == "valid");
    CHECK(got.find("standalone") != nullptr);
    CHECK(got.find("preEnrollmentCode") == nullptr);

    const std::string revoke = "/divoc/api/v1/certificates/303232161/revoke";
    CHECK(s.post(revoke, "").status == 401);
    auto forbidden = s.post(revoke, "", s.admin());
    CHECK(forbidden.status == 403);
    CHECK(str_at(parse_json(forbidden.body), "code") == "forbidden");
    CHECK(s.post(revoke, "x", {s.staff()[0], {"Content-Type", "text/plain"}}).status == 415);
    CHECK(verdict_of(s, no_ref) == "valid/ok");

    auto done = s.post(revoke, "", s.staff());
    REQUIRE(done.status == 200);
    CHECK(done.body == R"({"revoked":["303232161"]})");
    auto v = parse_json(s.post("/verify", no_ref).body);
    CHECK(str_at(v, "status") + "/" + str_at(v, "reason") == "revoked/revoked");
    CHECK(str_at(v, "message") == "certificate revoked");
    CHECK(s.post("/divoc/api/v1/certificate/revoked", no_ref).status == 200);
    CHECK(str_at(parse_json(s.get("/divoc/api/v1/certificates/303232161", s.admin()).body),
                 "status") == "revoked");

    auto again = s.post(revoke, "", s.staff());
    CHECK(again.status == 409);
    CHECK(str_at(parse_json(again.body), "code") == "conflict");
    auto unknown = s.post("/divoc/api/v1/certificates/999999999999/revoke", "", s.staff());
    CHECK(unknown.status == 404);
    CHECK(str_at(parse_json(unknown.body), "code") == "not_found");

    // The other one is untouched until it is revoked by its ID, "undefined".
    CHECK(verdict_of(s, no_dose) == "valid/ok");
    CHECK(s.post("/divoc/api/v1/certificates/undefined/revoke", "{}", s.staff()).status == 200);
    CHECK(verdict_of(s, no_dose) == "revoked/revoked");

    // Revocations survive a restart.
    s.stop();
    running_service s2(cfg);
    CHECK(verdict_of(s2, no_ref) == "revoked/revoked");
    CHECK(verdict_of(s2, no_dose) == "revoked/revoked");
}
