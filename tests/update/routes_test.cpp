#include "update/routes.hpp"

#include "crl/revocation_set.hpp"
#include "shared/auth/issue.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/http/server.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "tests/http/test_client.hpp"
#include "tests/update/test_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

using namespace certgate;
using namespace std::chrono_literals;

namespace {

result<json::value> fake_sign(json::value credential) {
    credential.set("proof", json::object{{"type", "FakeSignature2018"}, {"jws", "fake"}});
    return credential;
}

// The write API on a real server at 127.0.0.1:0, over a store in a temp dir.
class api_server {
public:
    explicit api_server(update::routes_options ropts = {}) {
        auto d = store::database::open(dir_.path() / "db");
        REQUIRE(d.has_value());
        db_.emplace(std::move(*d));
        svc_ = std::make_unique<update::service>(*db_, set_, fake_sign);

        auto key = ossl::generate_ed25519();
        REQUIRE(key.has_value());
        key_.emplace(std::move(*key));
        auth::verifier_options vo;
        vo.keys.push_back({ossl::public_of(*key_).value(), "", std::nullopt});
        auto v = auth::verifier::create(std::move(vo));
        REQUIRE(v.has_value());
        tokens_.emplace(std::move(*v));

        http::router routes;
        update::add_routes(routes, *svc_, *tokens_, pool_, ropts);
        http::server_options so;
        so.host = "127.0.0.1";
        so.port = 0;
        srv_.emplace(ioc_, std::move(routes), so, log::null_logger());
        auto ep = srv_->listen();
        REQUIRE(ep.has_value());
        port_ = ep->port;
        runner_ = std::async(std::launch::async, [this] { http::run(ioc_, 2); });
    }
    ~api_server() {
        srv_->stop(2s);
        if (runner_.valid()) {
            runner_.wait_for(5s);
        }
        pool_.join();
    }

    std::string token(std::vector<std::string> roles) const {
        auto t = auth::issue_token(*key_, roles, 1h, "tester", std::chrono::system_clock::now());
        REQUIRE(t.has_value());
        return *t;
    }
    test::header_list as(std::vector<std::string> roles,
                         std::string content_type = "application/json") const {
        test::header_list h{{"Authorization", "Bearer " + token(std::move(roles))}};
        if (!content_type.empty()) {
            h.emplace_back("Content-Type", content_type);
        }
        return h;
    }
    test::http_reply send(std::string_view method, std::string_view target, std::string body,
                          const test::header_list& headers) const {
        return test::request(method, port_, target, std::move(body), headers);
    }

private:
    test::temp_dir dir_;
    std::optional<store::database> db_;
    crl::revocation_set set_;
    std::unique_ptr<update::service> svc_;
    std::optional<ossl::private_key> key_;
    std::optional<auth::verifier> tokens_;
    boost::asio::thread_pool pool_{2};
    boost::asio::io_context ioc_;
    std::optional<http::server> srv_;
    std::uint16_t port_ = 0;
    std::future<void> runner_;
};

json::value parse(const std::string& s) {
    auto v = json::parse(s);
    REQUIRE(v.has_value());
    return std::move(*v);
}

const std::vector<std::string> staff{"facility-staff"};
const std::vector<std::string> admin{"facility-admin"};

std::string sample() { return test::slurp(test::divoc_data + "spec/e2e-certify-request.json"); }

}  // namespace

TEST_CASE("routes refuse missing or invalid tokens, missing roles and non-JSON bodies",
          "[update][routes]") {
    api_server api;
    auto none =
        api.send("POST", "/divoc/api/v1/certify", sample(), {{"Content-Type", "application/json"}});
    CHECK(none.status == 401);
    CHECK(parse(none.body).find("code")->as_string() == "unauthorized");
    CHECK(none.header("WWW-Authenticate") == "Bearer");

    auto garbage =
        api.send("POST", "/divoc/api/v1/certify", sample(),
                 {{"Authorization", "Bearer not.a.jwt"}, {"Content-Type", "application/json"}});
    CHECK(garbage.status == 401);

    auto wrong_role = api.send("POST", "/divoc/api/v1/certify", sample(), api.as(admin));
    CHECK(wrong_role.status == 403);
    CHECK(parse(wrong_role.body).find("code")->as_string() == "forbidden");
    CHECK(api.send("GET", "/divoc/api/v1/certificates/123", "", api.as(staff, "")).status == 403);

    auto text = api.send("POST", "/divoc/api/v1/certify", sample(), api.as(staff, "text/plain"));
    CHECK(text.status == 415);
    CHECK(parse(text.body).find("code")->as_string() == "unsupported_media_type");
    CHECK(api.send("PUT", "/divoc/api/v3/certificate", sample(), api.as(staff, "")).status == 415);
}

TEST_CASE("routes run certify, update, get, revoke and suspension end to end", "[update][routes]") {
    api_server api;
    auto c = api.send("POST", "/divoc/api/v1/certify", sample(),
                      api.as(staff, "application/json; charset=utf-8"));
    REQUIRE(c.status == 200);
    auto certified = parse(c.body);
    const std::string id =
        certified.find("certificates")->as_array()[0].find("certificateId")->as_string();
    CHECK(certified.find("certificates")->as_array()[0].find("dose")->as_number() == 1);

    auto u = api.send("PUT", "/divoc/api/v3/certificate", sample(), api.as(staff));
    REQUIRE(u.status == 200);
    auto updated = parse(u.body).find("certificates")->as_array()[0];
    CHECK(updated.find("previousCertificateId")->as_string() == id);
    const std::string new_id = updated.find("certificateId")->as_string();

    auto g = api.send("GET", "/divoc/api/v1/certificates/" + id, "", api.as(admin, ""));
    REQUIRE(g.status == 200);
    auto view = parse(g.body);
    CHECK(view.find("status")->as_string() == "revoked");
    CHECK(view.find("replacedBy")->as_string() == new_id);
    CHECK(view.find("certificate")->find("proof"));
    CHECK(api.send("GET", "/divoc/api/v1/certificates/1", "", api.as(admin, "")).status == 404);

    // 412 and 400 carry the item and field.
    json::value other = parse(sample());
    test::mutate(other.as_array()[0], "preEnrollmentCode", "unknown");
    auto none = api.send("PUT", "/divoc/api/v1/certificate", json::to_string(other), api.as(staff));
    CHECK(none.status == 412);
    CHECK(none.body ==
          R"({"code":"update_not_allowed","message":"no certificate exists for )"
          R"(preEnrollmentCode unknown and dose 1","item":0,"field":"vaccination.dose"})");
    test::mutate(other.as_array()[0], "vaccination.dose", 0);
    auto bad = api.send("POST", "/divoc/api/v1/certify", json::to_string(other), api.as(staff));
    CHECK(bad.status == 400);
    CHECK(parse(bad.body).find("field")->as_string() == "vaccination.dose");
    CHECK(api.send("POST", "/divoc/api/v1/certify", "{not json", api.as(staff)).status == 400);

    // Suspension (admin) of the current certificate, then lift; a second lift conflicts.
    auto s = api.send("POST", "/divoc/api/v1/certificates/" + new_id + "/suspend",
                      R"({"until":"2999-01-01T00:00:00Z"})", api.as(admin));
    REQUIRE(s.status == 200);
    CHECK(parse(s.body).find("status")->as_string() == "suspended");
    CHECK(api.send("POST", "/divoc/api/v1/certificates/" + new_id + "/suspend",
                   R"({"until":"soon"})", api.as(admin))
              .status == 400);
    auto l = api.send("DELETE", "/divoc/api/v1/certificates/" + new_id + "/suspend", "",
                      api.as(admin, ""));
    CHECK(l.status == 200);
    auto l2 = api.send("DELETE", "/divoc/api/v1/certificates/" + new_id + "/suspend", "",
                       api.as(admin, ""));
    CHECK(l2.status == 409);
    CHECK(parse(l2.body).find("code")->as_string() == "conflict");
    // Suspending without a body is indefinite.
    CHECK(
        api.send("POST", "/divoc/api/v1/certificates/" + new_id + "/suspend", "", api.as(admin, ""))
            .status == 200);

    // DELETE: parameters are required and exclusive.
    CHECK(api.send("DELETE", "/divoc/api/v1/certificates/1112", "", api.as(staff, "")).status ==
          400);
    CHECK(api.send("DELETE", "/divoc/api/v1/certificates/1112?doses=1&allDoses=true", "",
                   api.as(staff, ""))
              .status == 400);
    auto r = api.send("DELETE", "/divoc/api/v1/certificates/1112?doses=1", "", api.as(staff, ""));
    REQUIRE(r.status == 200);
    CHECK(r.body == R"({"revoked":[")" + new_id + R"("]})");
    CHECK(api.send("DELETE", "/divoc/api/v1/certificates/1112?allDoses=true", "", api.as(staff, ""))
              .status == 404);
}

TEST_CASE("routes use the configured role names and prefix", "[update][routes]") {
    update::routes_options o;
    o.staff_role = "vaccinator";
    o.admin_role = "auditor";
    o.prefix = "/api";
    api_server api(o);
    CHECK(api.send("POST", "/api/v1/certify", sample(), api.as(staff)).status == 403);
    auto ok = api.send("POST", "/api/v1/certify", sample(), api.as({"vaccinator"}));
    CHECK(ok.status == 200);
    CHECK(api.send("GET", "/api/v1/certificates/1", "", api.as({"auditor"}, "")).status == 404);
}

TEST_CASE("routes recognise JSON content types", "[update][routes]") {
    CHECK(update::is_json_content_type("application/json"));
    CHECK(update::is_json_content_type("Application/JSON; charset=UTF-8"));
    CHECK(update::is_json_content_type(" application/json "));
    CHECK_FALSE(update::is_json_content_type(""));
    CHECK_FALSE(update::is_json_content_type("text/plain"));
    CHECK_FALSE(update::is_json_content_type("application/jsonx"));
}
