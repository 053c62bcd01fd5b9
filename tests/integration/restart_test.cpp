// The data directory: what the first start makes, and what survives a restart.
#include "shared/json/write.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <sys/stat.h>

using namespace certgate;
using certgate::test::parse_json;
using certgate::test::running_service;
using certgate::test::str_at;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string status_of(const running_service& s, const std::string& cert) {
    auto r = s.post("/verify", cert);
    REQUIRE(r.status == 200);
    return str_at(parse_json(r.body), "status") + "/" + str_at(parse_json(r.body), "reason");
}

}  // namespace

TEST_CASE("the embedded default makes private keys 0600 and certgate.json with its DID",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    CHECK(mode_of(dir.path() / "keys/signing.pem") == 0600);
    CHECK(mode_of(dir.path() / "keys/auth.pem") == 0600);
    CHECK(std::filesystem::exists(dir.path() / "keys/signing.pub.pem"));
    CHECK(std::filesystem::exists(dir.path() / "keys/auth.pub.pem"));
    auto cfg = parse_json(test::read_text(dir.path() / "certgate.json"));
    CHECK(str_at(cfg, "verificationMethod") == "did:certgate:issuer");
    CHECK(s.get("/readyz").status == 200);
}

TEST_CASE("certificates and revocations survive a restart on the same data directory",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    const std::string request = test::divoc_file("spec/e2e-certify-request.json");
    std::string old_cert, new_cert, new_id;
    {
        running_service s(test::test_config(dir.path()));
        auto c = s.post("/divoc/api/v1/certify", request, s.staff());
        REQUIRE(c.status == 200);
        auto old_id =
            str_at(parse_json(c.body).find("certificates")->as_array()[0], "certificateId");
        old_cert = json::to_string(
            *parse_json(s.get("/divoc/api/v1/certificates/" + old_id, s.admin()).body)
                 .find("certificate"));
        auto u = s.put("/divoc/api/v1/certificate", request, s.staff());
        REQUIRE(u.status == 200);
        new_id = str_at(parse_json(u.body).find("certificates")->as_array()[0], "certificateId");
        new_cert = json::to_string(
            *parse_json(s.get("/divoc/api/v1/certificates/" + new_id, s.admin()).body)
                 .find("certificate"));
        CHECK(status_of(s, old_cert) == "revoked/updated");
    }
    running_service again(test::test_config(dir.path()));
    CHECK(status_of(again, old_cert) == "revoked/updated");
    CHECK(status_of(again, new_cert) == "valid/ok");
    CHECK(again.post("/divoc/api/v1/certificate/revoked", old_cert).status == 200);
    auto got = parse_json(again.get("/divoc/api/v1/certificates/" + new_id, again.admin()).body);
    CHECK(str_at(got, "status") == "valid");
    // The chain continues from the stored state: the next update replaces new_id.
    auto u2 = again.put("/divoc/api/v1/certificate", request, again.staff());
    REQUIRE(u2.status == 200);
    CHECK(str_at(parse_json(u2.body).find("certificates")->as_array()[0],
                 "previousCertificateId") == new_id);
    CHECK(status_of(again, new_cert) == "revoked/updated");
}

TEST_CASE("a second service on the same data directory fails with a clear message",
          "[integration]") {
    test::temp_dir dir("certgate-it");
    running_service s(test::test_config(dir.path()));
    log::logger quiet(log::level::error, [](log::level, std::string_view) {});
    std::string message;
    auto second = app::service_app::create(test::test_config(dir.path()), quiet, message);
    CHECK(second == nullptr);
    CHECK(message.find("another certgate") != std::string::npos);
}
