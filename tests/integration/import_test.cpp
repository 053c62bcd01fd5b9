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
