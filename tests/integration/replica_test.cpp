// certgate serve --follow in-process: a primary and a replica on 127.0.0.1:0 (crlPollSeconds=1).
// A revocation on the primary reaches the replica's /verify; writes on the replica answer 503
// naming the primary; a fake primary that relays the real one but breaks a signature is refused
// (snapshot at start-up: the replica does not start; delta: it is not applied); a restarted
// replica resumes from its own store with the primary gone.
#include "shared/http/server.hpp"
#include "shared/json/write.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

using namespace certgate;
using certgate::test::parse_json;
using certgate::test::running_service;
using certgate::test::str_at;

namespace {

std::string certify_sample(const running_service& s) {
    auto r = s.post("/divoc/api/v1/certify", test::divoc_file("spec/e2e-certify-request.json"),
                    s.staff());
    REQUIRE(r.status == 200);
    auto v = parse_json(r.body);
    const auto& certs = v.find("certificates")->as_array();
    REQUIRE(certs.size() == 1);
    return str_at(certs[0], "certificateId");
}

std::string fetch_certificate(const running_service& s, const std::string& id) {
    auto r = s.get("/divoc/api/v1/certificates/" + id, s.admin());
    REQUIRE(r.status == 200);
    return json::to_string(*parse_json(r.body).find("certificate"));
}

std::string status_on(const running_service& s, const std::string& cert) {
    auto r = s.post("/verify", cert);
    REQUIRE(r.status == 200);
    return str_at(parse_json(r.body), "status");
}

void revoke_sample(const running_service& primary) {
    REQUIRE(test::request("DELETE", primary.port(), "/divoc/api/v1/certificates/1112?allDoses=true",
                          {}, primary.staff())
                .status == 200);
}

// Polls `pred` every 100 ms for up to `limit`.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return pred();
}

app::config primary_config(const std::filesystem::path& dir) {
    auto c = test::test_config(dir);
    c.crl_poll_s = 1;
    return c;
}

app::config replica_config(const std::filesystem::path& dir, std::uint16_t primary_port) {
    auto c = test::test_config(dir);
    c.crl_poll_s = 1;
    c.follow = "http://127.0.0.1:" + std::to_string(primary_port);
    return c;
}

// Waits until the primary has published its first CRL version.
void wait_published(const running_service& primary) {
    REQUIRE(eventually([&] { return primary.get("/crl/v1/snapshot").status == 200; },
                       std::chrono::seconds(5)));
}

// A fake primary: relays GETs to the real one, passing `tamper` each answer (path, reply).
class fake_primary {
public:
    using tamper_fn = std::function<void(std::string_view, test::http_reply&)>;
    fake_primary(std::uint16_t real, tamper_fn tamper) {
        http::router r;
        for (std::string name : {"keys", "snapshot", "trust", "delta", "meta"}) {
            r.add_sync("GET", "/crl/v1/" + name, [real, tamper, name](http::request_context& ctx) {
                auto got = test::get(real, ctx.req.target);
                tamper(name, got);
                http::response out;
                out.status = got.status;
                out.body = got.body;
                for (const char* h : {"Content-Type", "CRL-Signature", "ETag"}) {
                    if (auto v = got.header(h)) {
                        out.set(h, *v);
                    }
                }
                return out;
            });
        }
        http::server_options o;
        o.host = "127.0.0.1";
        o.port = 0;
        server_ = std::make_unique<http::server>(ioc_, std::move(r), o, log_);
        auto ep = server_->listen();
        REQUIRE(ep.has_value());
        port_ = ep->port;
        thread_ = std::thread([this] { http::run(ioc_, 1); });
    }
    ~fake_primary() {
        server_->stop(std::chrono::milliseconds(500));
        thread_.join();
    }
    std::uint16_t port() const { return port_; }

private:
    boost::asio::io_context ioc_;
    log::logger log_{log::level::error, [](log::level, std::string_view) {}};
    std::unique_ptr<http::server> server_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace

TEST_CASE("replica: a revocation on the primary reaches the replica's /verify; writes get 503",
          "[integration]") {
    test::temp_dir pdir("certgate-primary");
    test::temp_dir rdir("certgate-replica");
    running_service primary(primary_config(pdir.path()));
    const std::string cert = fetch_certificate(primary, certify_sample(primary));
    wait_published(primary);

    running_service replica(replica_config(rdir.path(), primary.port()));
    CHECK(status_on(replica, cert) == "valid");  // the primary's key came in the trust list
    auto ready = replica.get("/readyz");
    CHECK(ready.status == 200);
    CHECK(ready.body.find("last poll") != std::string::npos);

    // The primary's signed bytes, unchanged.
    auto pk = primary.get("/crl/v1/keys");
    auto rk = replica.get("/crl/v1/keys");
    CHECK(rk.status == 200);
    CHECK(rk.body == pk.body);
    CHECK(rk.header("CRL-Signature") == pk.header("CRL-Signature"));
    auto rt = replica.get("/crl/v1/trust");
    CHECK(rt.status == 200);
    CHECK(rt.header("CRL-Signature").has_value());
    auto rs = replica.get("/crl/v1/snapshot");
    REQUIRE(rs.status == 200);
    CHECK(replica.get("/crl/v1/snapshot", {{"If-None-Match", *rs.header("ETag")}}).status == 304);
    CHECK(replica.get("/crl/v1/delta?since=x").status == 400);
    CHECK(replica.get("/crl/v1/delta?since=99999999999999999999999").status == 400);
    CHECK(replica.get("/crl/v1/meta").status == 404);

    revoke_sample(primary);
    CHECK(
        eventually([&] { return status_on(replica, cert) == "revoked"; }, std::chrono::seconds(5)));
    CHECK(replica.post("/divoc/api/v1/certificate/revoked", cert).status == 200);
    // The replica re-serves the delta it applied.
    auto snap = parse_json(rs.body);
    auto since = static_cast<std::uint64_t>(snap.find("version")->as_number());
    auto d = replica.get("/crl/v1/delta?since=" + std::to_string(since));
    CHECK(d.status == 200);
    CHECK(d.header("CRL-Signature").has_value());

    auto w = replica.post("/divoc/api/v1/certify",
                          test::divoc_file("spec/e2e-certify-request.json"), primary.staff());
    CHECK(w.status == 503);
    CHECK(str_at(parse_json(w.body), "code") == "read_only_replica");
    CHECK(w.body.find(replica.cfg().follow) != std::string::npos);
    CHECK(test::request("DELETE", replica.port(), "/divoc/api/v1/certificates/1112", {},
                        primary.staff())
              .status == 503);
}

TEST_CASE("replica: a restart resumes from its own store, even with the primary gone",
          "[integration]") {
    test::temp_dir pdir("certgate-primary");
    test::temp_dir rdir("certgate-replica");
    auto primary = std::make_unique<running_service>(primary_config(pdir.path()));
    const std::string cert = fetch_certificate(*primary, certify_sample(*primary));
    wait_published(*primary);
    auto rcfg = replica_config(rdir.path(), primary->port());
    {
        running_service replica(rcfg);
        revoke_sample(*primary);
        REQUIRE(eventually([&] { return status_on(replica, cert) == "revoked"; },
                           std::chrono::seconds(5)));
    }
    primary.reset();
    running_service replica(rcfg);  // keys, snapshot, deltas and trust list from rdir
    CHECK(status_on(replica, cert) == "revoked");
    CHECK(replica.get("/readyz").status == 503);  // no poll has succeeded: not fresh
}

TEST_CASE("replica: a body whose signature fails is refused (fake primary over HTTP)",
          "[integration]") {
    test::temp_dir pdir("certgate-primary");
    running_service primary(primary_config(pdir.path()));
    const std::string cert = fetch_certificate(primary, certify_sample(primary));
    wait_published(primary);

    SECTION("a tampered snapshot: the replica does not start") {
        fake_primary fake(primary.port(), [](std::string_view name, test::http_reply& r) {
            if (name == "snapshot") {
                r.body += " ";  // still JSON, no longer the signed bytes
            }
        });
        test::temp_dir rdir("certgate-replica");
        auto cfg = replica_config(rdir.path(), fake.port());
        std::string message;
        std::vector<std::string> created;
        REQUIRE(app::prepare_data_dir(cfg, created, message));
        log::logger quiet{log::level::error, [](log::level, std::string_view) {}};
        CHECK(app::service_app::create(cfg, quiet, message) == nullptr);
        CHECK(message.find("bad_signature") != std::string::npos);
    }
    SECTION("a tampered delta: not applied") {
        fake_primary fake(primary.port(), [](std::string_view name, test::http_reply& r) {
            if (name == "delta" && r.status == 200) {
                r.body += " ";
            }
        });
        test::temp_dir rdir("certgate-replica");
        running_service replica(replica_config(rdir.path(), fake.port()));
        revoke_sample(primary);
        std::this_thread::sleep_for(std::chrono::seconds(3));
        CHECK(status_on(replica, cert) == "valid");
        CHECK(status_on(primary, cert) == "revoked");
    }
}
