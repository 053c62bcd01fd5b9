// Every certificate certgate issues must verify in DIVOC's stack. pyld (../shared/tools/ldp-oracle)
// stands in for it: the certificates that the write API issues, with an RSA and an Ed25519 signing
// key, through /v1 and /v3 (DDCC), and after an update, all verify with the data dir's public key.
#include "shared/json/write.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

using namespace certgate;
using test::running_service;

namespace {

const std::string oracle = CERTGATE_SHARED_DIR "/tools/ldp-oracle";

bool oracle_available() {
    if (std::filesystem::exists(oracle)) {
        return true;
    }
    if (std::getenv("CERTGATE_REQUIRE_SHARED") != nullptr) {
        FAIL("this test needs " << oracle << " (../shared beside the clone)");
    }
    WARN("SKIPPED: " << oracle << " is absent; this test needs ../shared");
    return false;
}

std::string issued_certificate(const running_service& s, const std::string& id) {
    auto r = s.get("/divoc/api/v1/certificates/" + id, s.admin());
    REQUIRE(r.status == 200);
    return json::to_string(*test::parse_json(r.body).find("certificate"));
}

std::vector<std::string> ids_of(const test::http_reply& r) {
    INFO(r.body);
    REQUIRE(r.status == 200);
    std::vector<std::string> ids;
    const json::value answer = test::parse_json(r.body);
    for (const auto& c : answer.find("certificates")->as_array()) {
        ids.push_back(test::str_at(c, "certificateId"));
    }
    return ids;
}

}  // namespace

TEST_CASE("every certificate certgate issues verifies with the pyld oracle",
          "[integration][oracle]") {
    if (!oracle_available()) {
        return;
    }
    for (const char* key_type : {"rsa", "ed25519"}) {
        DYNAMIC_SECTION("signing key " << key_type) {
            test::temp_dir dir("certgate-oracle");
            auto cfg = test::test_config(dir.path());
            cfg.key_type = key_type;
            running_service s(cfg);
            const std::string sample = test::divoc_file("spec/e2e-certify-request.json");
            std::vector<std::string> ids;
            for (const char* path : {"/divoc/api/v1/certify", "/divoc/api/v3/certify"}) {
                // A distinct preEnrollmentCode per API version, so both certify.
                std::string body = sample;
                body.replace(body.find("\"1112\""), 6, path[12] == '1' ? "\"2001\"" : "\"2003\"");
                for (auto& id : ids_of(s.post(path, body, s.staff()))) {
                    ids.push_back(id);
                }
            }
            std::string update = sample;
            update.replace(update.find("\"1112\""), 6, "\"2001\"");
            for (auto& id : ids_of(s.put("/divoc/api/v1/certificate", update, s.staff()))) {
                ids.push_back(id);
            }
            REQUIRE(ids.size() == 3);
            std::string cmd =
                oracle + " verify --key " + cfg.in_data("keys/signing.pub.pem").string();
            for (std::size_t i = 0; i < ids.size(); ++i) {
                auto file = dir.path() / ("issued" + std::to_string(i) + ".json");
                std::ofstream(file) << issued_certificate(s, ids[i]);
                cmd += " " + file.string();
            }
            FILE* p = popen(cmd.c_str(), "r");
            REQUIRE(p != nullptr);
            std::string out;
            char buf[4096];
            std::size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
                out.append(buf, n);
            }
            int status = pclose(p);
            INFO(out);
            CHECK(status == 0);
            CHECK(out.find("INVALID_SIGNATURE") == std::string::npos);
            CHECK(out.find("VERIFIED") != std::string::npos);
        }
    }
}
