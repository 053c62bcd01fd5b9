// The built certgate binary: --help and usage exits, verify's exit codes, canon against DIVOC's
// vectors, tokens the server accepts, and `serve` itself (start, answer, SIGTERM).
#include "shared/json/write.hpp"
#include "tests/integration/process.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <string>

using namespace certgate;
using certgate::test::parse_json;
using certgate::test::run_cli;
using certgate::test::running_service;
using certgate::test::str_at;

namespace {

std::string data(const std::string& rel) {
    return (std::filesystem::path(CERTGATE_TEST_DATA) / "divoc" / rel).string();
}

const std::string divoc_trust = "did:india=" + data("keys/divoc-test-rsa2048.pub.pem");
const std::string contexts = CERTGATE_CONTEXTS_DIR;

void write_text(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

}  // namespace

TEST_CASE("cli: every subcommand's --help exits 0, bad usage exits 2", "[integration][cli]") {
    for (const char* cmd : {"serve", "token", "canon", "sign", "verify", "import"}) {
        auto r = run_cli({cmd, "--help"});
        INFO(cmd);
        CHECK(r.code == 0);
        CHECK(r.out.find("usage: certgate " + std::string(cmd)) != std::string::npos);
    }
    CHECK(run_cli({"--help"}).code == 0);
    CHECK(run_cli({}).code == 2);
    CHECK(run_cli({"no-such-command"}).code == 2);
    CHECK(run_cli({"verify"}).code == 2);
    CHECK(run_cli({"verify", "x.json", "--bogus"}).code == 2);
    CHECK(run_cli({"canon"}).code == 2);
    CHECK(run_cli({"token"}).code == 2);
    CHECK(run_cli({"token", "--role", "facility-staff", "--ttl", "forever"}).code == 2);
    CHECK(run_cli({"sign", "x.json"}).code == 2);
    CHECK(run_cli({"import"}).code == 2);
    CHECK(run_cli({"serve", "--listen", "nowhere"}).code == 2);
    CHECK(run_cli({"serve", "extra"}).code == 2);
}

TEST_CASE("cli: verify exits 0 for valid certificates and 1 otherwise", "[integration][cli]") {
    const std::string good = data("certificates/rsa_cowin_v2_ddcc_certid-712988986_dose2.json");
    const std::string tampered =
        data("certificates/NEG_rsa_divoc-dev_v1_certid-244768056_tampered-credsubj-id.json");
    auto ok = run_cli({"verify", good, "--trust", divoc_trust, "--contexts", contexts});
    CHECK(ok.code == 0);
    auto line = parse_json(ok.out);
    CHECK(str_at(line, "status") == "valid");
    CHECK(str_at(line, "certificateId") == "712988986");
    CHECK(run_cli({"verify", tampered, "--trust", divoc_trust, "--contexts", contexts}).code == 1);
    CHECK(
        run_cli({"verify", good, tampered, "--trust", divoc_trust, "--contexts", contexts}).code ==
        1);
    // A transcoded QR payload as DIVOC's web generator drew it.
    CHECK(run_cli({"verify",
                   data("derived/qr/"
                        "rsa_cowin_v2_ddcc_certid-576939268_dose1_UPDATED-prev-525128495.qr-"
                        "payload-nodejs.bin"),
                   "--trust", divoc_trust, "--contexts", contexts})
              .code == 0);
    CHECK(run_cli({"verify", good, "--contexts", contexts}).code == 2);  // no trusted keys
}

TEST_CASE("cli: canon prints DIVOC's canonical N-Quads", "[integration][cli]") {
    test::temp_dir dir("certgate-cli");
    const std::string name = "rsa_cowin_v2_ddcc_certid-712988986_dose2";
    auto cert = parse_json(test::divoc_file("certificates/" + name + ".json"));
    REQUIRE(cert.erase("proof"));
    write_text(dir.path() / "document.json", json::to_string(cert));
    auto r = run_cli({"canon", (dir.path() / "document.json").string(), "--contexts", contexts});
    CHECK(r.code == 0);
    CHECK(r.out == test::divoc_file("derived/nquads/" + name + ".document.nq"));
}

TEST_CASE("cli: a token from `certgate token` is accepted by the server", "[integration][cli]") {
    test::temp_dir dir("certgate-cli");
    running_service s(test::test_config(dir.path()));
    auto t = run_cli({"token", "--data", dir.path().string(), "--role", "facility-staff"});
    REQUIRE(t.code == 0);
    std::string token = t.out.substr(0, t.out.find('\n'));
    CHECK(t.out == token + "\n");
    auto r = s.post("/divoc/api/v1/certify", test::divoc_file("spec/e2e-certify-request.json"),
                    {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    CHECK(r.status == 200);
    auto admin_only = run_cli({"token", "--data", dir.path().string(), "--role", "facility-admin"});
    REQUIRE(admin_only.code == 0);
    std::string admin = admin_only.out.substr(0, admin_only.out.find('\n'));
    CHECK(s.post("/divoc/api/v1/certify", test::divoc_file("spec/e2e-certify-request.json"),
                 {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}})
              .status == 403);
}

TEST_CASE("cli: verify --data uses the store's key and revocations, and refuses a locked store",
          "[integration][cli]") {
    test::temp_dir dir("certgate-cli");
    const std::string request = test::divoc_file("spec/e2e-certify-request.json");
    const auto old_file = dir.path() / "old.json";
    const auto new_file = dir.path() / "new.json";
    {
        running_service s(test::test_config(dir.path()));
        auto c = s.post("/divoc/api/v1/certify", request, s.staff());
        REQUIRE(c.status == 200);
        auto old_id =
            str_at(parse_json(c.body).find("certificates")->as_array()[0], "certificateId");
        auto u = s.put("/divoc/api/v1/certificate", request, s.staff());
        REQUIRE(u.status == 200);
        auto new_id =
            str_at(parse_json(u.body).find("certificates")->as_array()[0], "certificateId");
        for (const auto& [id, file] : {std::pair{old_id, old_file}, std::pair{new_id, new_file}}) {
            auto g = parse_json(s.get("/divoc/api/v1/certificates/" + id, s.admin()).body);
            write_text(file, json::to_string(*g.find("certificate")));
        }
        auto locked = run_cli(
            {"verify", new_file.string(), "--data", dir.path().string(), "--contexts", contexts});
        CHECK(locked.code == 2);
    }
    const std::string data_dir = dir.path().string();
    auto fresh = run_cli({"verify", new_file.string(), "--data", data_dir, "--contexts", contexts});
    CHECK(fresh.code == 0);
    CHECK(str_at(parse_json(fresh.out), "status") == "valid");
    auto old = run_cli({"verify", old_file.string(), "--data", data_dir, "--contexts", contexts});
    CHECK(old.code == 1);
    CHECK(str_at(parse_json(old.out), "status") == "revoked");
    CHECK(str_at(parse_json(old.out), "reason") == "updated");
    // Without the data directory there is no trusted key for certgate's own certificates.
    CHECK(run_cli({"verify", new_file.string(), "--contexts", contexts}).code == 2);
}

TEST_CASE("cli: serve prints what it created and the bound URL, answers, stops on SIGTERM",
          "[integration][cli]") {
    test::temp_dir dir("certgate-cli");
    test::child_process serve({"serve", "--data", (dir.path() / "d").string(), "--listen",
                               "127.0.0.1:0", "--threads", "2", "--contexts", contexts});
    std::string line;
    REQUIRE(serve.read_until("created ", line));
    CHECK(line.find("keys/signing.pem") != std::string::npos);
    REQUIRE(serve.read_until("listening on http://127.0.0.1:", line));
    auto port = static_cast<std::uint16_t>(std::stoul(line.substr(line.rfind(':') + 1)));
    CHECK(test::get(port, "/healthz").status == 200);
    CHECK(test::get(port, "/readyz").status == 200);
    serve.signal(SIGTERM);
    std::string rest;
    CHECK(serve.finish(rest, std::chrono::seconds(20)) == 0);
    CHECK(rest.find("stopped") != std::string::npos);
}

TEST_CASE("cli: a 200 survives kill -9 right after it", "[integration][cli]") {
    test::temp_dir dir("certgate-cli");
    const std::string request = test::divoc_file("spec/e2e-certify-request.json");
    std::string old_id, new_id;
    {
        test::child_process serve({"serve", "--data", dir.path().string(), "--listen",
                                   "127.0.0.1:0", "--threads", "2", "--contexts", contexts});
        std::string line;
        REQUIRE(serve.read_until("listening on http://127.0.0.1:", line));
        auto port = static_cast<std::uint16_t>(std::stoul(line.substr(line.rfind(':') + 1)));
        auto staff = test::bearer_header(dir.path() / "keys/auth.pem", {"facility-staff"});
        auto c = test::post(port, "/divoc/api/v1/certify", request, staff);
        REQUIRE(c.status == 200);
        old_id = str_at(parse_json(c.body).find("certificates")->as_array()[0], "certificateId");
        auto u = test::request("PUT", port, "/divoc/api/v1/certificate", request, staff);
        REQUIRE(u.status == 200);
        serve.signal(SIGKILL);
        new_id = str_at(parse_json(u.body).find("certificates")->as_array()[0], "certificateId");
        std::string rest;
        CHECK(serve.finish(rest) == -1);
    }
    running_service again(test::test_config(dir.path()));
    auto old_view =
        parse_json(again.get("/divoc/api/v1/certificates/" + old_id, again.admin()).body);
    CHECK(str_at(old_view, "status") == "revoked");
    CHECK(str_at(old_view, "replacedBy") == new_id);
    auto new_view =
        parse_json(again.get("/divoc/api/v1/certificates/" + new_id, again.admin()).body);
    CHECK(str_at(new_view, "status") == "valid");
    auto v = again.post("/verify", json::to_string(*old_view.find("certificate")));
    CHECK(str_at(parse_json(v.body), "reason") == "updated");
}
