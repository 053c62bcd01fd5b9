#include "update/service.hpp"

#include "crl/revocation_log.hpp"
#include "crl/revocation_store.hpp"
#include "shared/json/write.hpp"
#include "tests/update/test_support.hpp"
#include "update/import.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace certgate;
using update::api_version;
using update::errc;

namespace {

constexpr std::int64_t t0 = 1641404620699;  // 2022-01-05T17:43:40.699Z

// Adds a recognisable dummy proof that names the certificate it signed.
result<json::value> fake_sign(json::value credential) {
    const auto& ev = credential.find("evidence")->as_array()[0];
    credential.set("proof", json::object{{"type", "FakeSignature2018"},
                                         {"jws", "fake:" + ev.find("certificateId")->as_string()}});
    return credential;
}

// A store, a revocation set and a service over them, in a fresh temp dir.
struct fixture {
    test::temp_dir dir;
    std::optional<store::database> db;
    crl::revocation_set set;
    std::shared_ptr<std::atomic<std::int64_t>> now =
        std::make_shared<std::atomic<std::int64_t>>(t0);
    std::unique_ptr<update::service> svc;

    explicit fixture(update::service_options opts = {},
                     update::random_fn random = update::os_random(),
                     update::signer_fn signer = fake_sign) {
        open();
        make_service(std::move(opts), std::move(random), std::move(signer));
    }
    void open() {
        auto d = store::database::open(dir.path() / "db");
        REQUIRE(d.has_value());
        db.emplace(std::move(*d));
    }
    void make_service(update::service_options opts = {},
                      update::random_fn random = update::os_random(),
                      update::signer_fn signer = fake_sign) {
        auto clock = [n = now] { return n->load(); };
        svc = std::make_unique<update::service>(*db, set, std::move(signer), std::move(opts), clock,
                                                std::move(random));
    }
    std::size_t count(store::cf c) {
        auto n = db->iterate(c, {}, store::no_limit, [](auto, auto) { return true; });
        REQUIRE(n.has_value());
        return *n;
    }
    std::uint64_t seq() { return *crl::current_seq(*db); }
};

json::value item(std::string code, int dose, std::string name = "Bhaya Mitra") {
    json::value v = test::e2e_request().as_array()[0];
    test::mutate(v, "preEnrollmentCode", json::value(std::move(code)));
    test::mutate(v, "vaccination.dose", dose);
    test::mutate(v, "recipient.name", json::value(std::move(name)));
    return v;
}

std::string body(std::initializer_list<json::value> items) {
    return json::to_string(json::value{json::array(items)});
}

update::issued_certificate certify_one(fixture& f, const std::string& code, int dose,
                                       api_version v = api_version::v1) {
    auto r = f.svc->certify(body({item(code, dose)}), v);
    if (!r) {
        FAIL(r.error().message);
    }
    REQUIRE(r->certificates.size() == 1);
    return r->certificates[0];
}

update::issued_certificate update_one(fixture& f, const std::string& code, int dose,
                                      const std::string& name = "Updated Name") {
    auto r = f.svc->update(body({item(code, dose, name)}), api_version::v3);
    if (!r) {
        FAIL(r.error().message);
    }
    REQUIRE(r->certificates.size() == 1);
    return r->certificates[0];
}

update::certificate_status status_of(fixture& f, const std::string& id) {
    auto g = f.svc->get(id);
    REQUIRE(g.has_value());
    return g->status;
}

std::string identity_of(const std::string& id) { return "https://certgate.example/vaccine/" + id; }

}  // namespace

TEST_CASE("service certifies DIVOC's e2e sample and stores the signed certificate",
          "[update][service]") {
    fixture f;
    auto r = f.svc->certify(test::slurp(test::divoc_data + "spec/e2e-certify-request.json"),
                            api_version::v1);
    REQUIRE(r.has_value());
    REQUIRE(r->certificates.size() == 1);
    const auto& c = r->certificates[0];
    CHECK(c.pre_enrollment_code == "1112");
    CHECK(c.dose == 1);
    CHECK(c.certificate_id.size() == 12);
    CHECK(c.certificate_id[0] != '0');
    CHECK(c.previous_certificate_id.empty());
    CHECK(json::to_string(update::to_json(*r)) ==
          R"({"certificates":[{"preEnrollmentCode":"1112","dose":1,"certificateId":")" +
              c.certificate_id + R"("}]})");

    auto g = f.svc->get(c.certificate_id);
    REQUIRE(g.has_value());
    CHECK(g->status == update::certificate_status::valid);
    CHECK(g->pre_enrollment_code == "1112");
    CHECK(g->dose == 1);
    const auto& cert = g->certificate;
    CHECK(cert.find("proof")->find("jws")->as_string() == "fake:" + c.certificate_id);
    CHECK(cert.find("issuanceDate")->as_string() == "2022-01-05T17:43:40.699Z");
    CHECK(cert.find("evidence")->as_array()[0].find("id")->as_string() ==
          identity_of(c.certificate_id));
    auto view = update::to_json(*g);
    CHECK(view.find("status")->as_string() == "valid");
    CHECK(view.find("certificate")->is_object());
    CHECK_FALSE(view.find("revokedAt"));

    CHECK(f.count(store::cf::certificates) == 1);
    CHECK(f.count(store::cf::enrollments) == 1);
    CHECK(f.count(store::cf::revocations) == 0);
    CHECK(f.svc->get("000000000000").error().code == errc::not_found);
}

TEST_CASE("service refuses to certify a dose that already has a current certificate",
          "[update][service]") {
    fixture f;
    certify_one(f, "P1", 1);
    auto again = f.svc->certify(body({item("P2", 1), item("P1", 1)}), api_version::v1);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == errc::conflict);
    CHECK(again.error().status() == 409);
    CHECK(again.error().item == 1u);
    CHECK(f.count(store::cf::certificates) == 1);  // P2 was not stored either

    auto dup = f.svc->certify(body({item("P3", 1), item("P3", 1)}), api_version::v1);
    REQUIRE_FALSE(dup.has_value());
    CHECK(dup.error().code == errc::invalid_request);
    CHECK(dup.error().item == 1u);
    CHECK(dup.error().field == "vaccination.dose");
}

TEST_CASE("service chains certify -> update -> update with revocations", "[update][service]") {
    fixture f;
    auto c0 = certify_one(f, "987456111", 1);
    auto c2nd = certify_one(f, "987456111", 2);
    f.now->store(t0 + 1000);
    auto u1 = update_one(f, "987456111", 1, "John Doe updated");
    f.now->store(t0 + 2000);
    auto u2 = update_one(f, "987456111", 1, "John Doe updated again");

    CHECK(u1.previous_certificate_id == c0.certificate_id);
    CHECK(u2.previous_certificate_id == u1.certificate_id);
    std::set<std::string> ids{c0.certificate_id, c2nd.certificate_id, u1.certificate_id,
                              u2.certificate_id};
    CHECK(ids.size() == 4);

    auto old = f.svc->get(c0.certificate_id);
    REQUIRE(old.has_value());
    CHECK(old->status == update::certificate_status::revoked);
    CHECK(old->reason == crl::reason::updated);
    CHECK(old->replaced_by == u1.certificate_id);
    CHECK(old->revoked_at_ms == t0 + 1000);
    auto view = update::to_json(*old);
    CHECK(view.find("replacedBy")->as_string() == u1.certificate_id);
    CHECK(view.find("revokedAt")->as_string() == "2022-01-05T17:43:41.699Z");

    CHECK(status_of(f, u1.certificate_id) == update::certificate_status::revoked);
    auto cur = f.svc->get(u2.certificate_id);
    REQUIRE(cur.has_value());
    CHECK(cur->status == update::certificate_status::valid);
    CHECK(cur->previous_certificate_id == u1.certificate_id);
    CHECK(cur->certificate.find("credentialSubject")->find("name")->as_string() ==
          "John Doe updated again");
    // The /v3 update issued a DDCC certificate.
    CHECK(cur->certificate.find("credentialSubject")->find("dob"));
    CHECK(status_of(f, c2nd.certificate_id) == update::certificate_status::valid);

    // The in-memory set knows both replaced certificates by their identity IRIs.
    auto s0 = f.set.lookup(identity_of(c0.certificate_id));
    REQUIRE(s0);
    CHECK(s0->why == crl::reason::updated);
    CHECK(f.set.lookup(identity_of(u1.certificate_id)));
    CHECK_FALSE(f.set.lookup(identity_of(u2.certificate_id)));
    CHECK(f.set.size() == 2);

    // Two log events, in order.
    auto log = crl::read_log(*f.db, 1, 10);
    REQUIRE(log.has_value());
    REQUIRE(log->size() == 2);
    CHECK((*log)[0].entry.certificate_id == c0.certificate_id);
    CHECK((*log)[0].entry.replaced_by == u1.certificate_id);
    CHECK((*log)[1].entry.certificate_id == u1.certificate_id);
    CHECK(f.seq() == 2);

    auto rendered = json::to_string(update::to_json(update::issue_result{{u2}}));
    CHECK(rendered.find(R"("previousCertificateId":")" + u1.certificate_id) != std::string::npos);
}

TEST_CASE("service answers 412 when there is nothing to update or the limit is reached",
          "[update][service]") {
    fixture f({.update_limit = 2});
    auto none = f.svc->update(body({item("P1", 1)}), api_version::v1);
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::update_not_allowed);
    CHECK(none.error().status() == 412);
    CHECK(none.error().item == 0u);

    certify_one(f, "P1", 1);
    auto other_dose = f.svc->update(body({item("P1", 2)}), api_version::v1);
    REQUIRE_FALSE(other_dose.has_value());
    CHECK(other_dose.error().code == errc::update_not_allowed);

    update_one(f, "P1", 1);
    update_one(f, "P1", 1);
    auto over = f.svc->update(body({item("P1", 1)}), api_version::v1);
    REQUIRE_FALSE(over.has_value());
    CHECK(over.error().code == errc::update_not_allowed);
    CHECK(over.error().message.find("limit") != std::string::npos);
    CHECK(f.count(store::cf::certificates) == 3);

    // A revoked dose cannot be updated.
    certify_one(f, "P2", 1);
    REQUIRE(f.svc->revoke("P2", {.all = true}).has_value());
    auto revoked = f.svc->update(body({item("P2", 1)}), api_version::v1);
    REQUIRE_FALSE(revoked.has_value());
    CHECK(revoked.error().code == errc::update_not_allowed);

    fixture no_updates({.update_limit = 0});
    certify_one(no_updates, "P1", 1);
    CHECK(no_updates.svc->update(body({item("P1", 1)}), api_version::v1).error().code ==
          errc::update_not_allowed);
}

TEST_CASE("service stores nothing when any item of a request fails", "[update][service]") {
    fixture f;
    certify_one(f, "A", 1);
    certify_one(f, "B", 1);
    const auto certs = f.count(store::cf::certificates);
    const auto enrollments = f.count(store::cf::enrollments);

    SECTION("a schema error in the third item") {
        json::value bad = item("C", 1);
        test::mutate(bad, "vaccination.date", "2021-13-01T00:00:00Z");
        auto r = f.svc->certify(body({item("D", 1), item("E", 1), bad}), api_version::v1);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().status() == 400);
        CHECK(r.error().item == 2u);
        CHECK(r.error().field == "vaccination.date");
        CHECK(json::to_string(update::to_json(r.error()))
                  .find(R"("item":2,"field":"vaccination.date")") != std::string::npos);
    }
    SECTION("a 412 on the third item of an update") {
        auto r = f.svc->update(body({item("A", 1), item("B", 1), item("C", 1)}), api_version::v1);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().status() == 412);
        CHECK(r.error().item == 2u);
        CHECK(f.count(store::cf::revocations) == 0);
        CHECK(f.seq() == 0);
        CHECK(f.set.size() == 0);
    }
    SECTION("a signer failure") {
        int calls = 0;
        f.make_service({}, update::os_random(), [&](json::value c) -> result<json::value> {
            if (++calls == 3) {
                return std::make_error_code(std::errc::io_error);
            }
            return fake_sign(std::move(c));
        });
        auto r = f.svc->certify(body({item("D", 1), item("E", 1), item("F", 1)}), api_version::v1);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::signing_failed);
        CHECK(r.error().status() == 500);
    }
    SECTION("too many items") {
        f.make_service({.max_items = 2});
        auto r = f.svc->certify(body({item("D", 1), item("E", 1), item("F", 1)}), api_version::v1);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().status() == 400);
    }
    CHECK(f.count(store::cf::certificates) == certs);
    CHECK(f.count(store::cf::enrollments) == enrollments);
}

TEST_CASE("service revokes doses by DIVOC's rule", "[update][service]") {
    fixture f;
    auto d1 = certify_one(f, "P", 1);
    auto d2 = certify_one(f, "P", 2);
    auto d3 = certify_one(f, "P", 3);

    auto sel = [](const char* doses) { return *update::parse_dose_selection(doses, std::nullopt); };
    // Must include the latest dose.
    auto no_latest = f.svc->revoke("P", sel("1,2"));
    REQUIRE_FALSE(no_latest.has_value());
    CHECK(no_latest.error().status() == 400);
    CHECK(no_latest.error().field == "doses");
    // Must be contiguous (also checked for a selection built by hand).
    CHECK(f.svc->revoke("P", {.all = false, .doses = {1, 3}}).error().status() == 400);
    CHECK(f.count(store::cf::revocations) == 0);

    auto r = f.svc->revoke("P", sel("2,3"));
    REQUIRE(r.has_value());
    CHECK(r->revoked == std::vector<std::string>{d2.certificate_id, d3.certificate_id});
    CHECK(json::to_string(update::to_json(*r)) ==
          R"({"revoked":[")" + d2.certificate_id + R"(",")" + d3.certificate_id + R"("]})");
    auto g = f.svc->get(d3.certificate_id);
    REQUIRE(g.has_value());
    CHECK(g->status == update::certificate_status::revoked);
    CHECK(g->reason == crl::reason::revoked);
    CHECK(f.set.lookup(identity_of(d2.certificate_id))->why == crl::reason::revoked);

    // Dose 1 is now the latest current dose; dose 2 has no current certificate.
    CHECK(f.svc->revoke("P", sel("2")).error().code == errc::not_found);
    CHECK(f.svc->revoke("P", sel("1,2")).error().code == errc::not_found);
    auto r1 = f.svc->revoke("P", sel("1"));
    REQUIRE(r1.has_value());
    CHECK(r1->revoked == std::vector<std::string>{d1.certificate_id});
    CHECK(f.svc->revoke("P", {.all = true}).error().code == errc::not_found);
    CHECK(f.svc->revoke("unknown", {.all = true}).error().status() == 404);

    // A revoked dose may be certified again, and allDoses revokes every current one.
    auto again = certify_one(f, "P", 2);
    auto q1 = certify_one(f, "Q", 1);
    auto q2 = certify_one(f, "Q", 2);
    auto all = f.svc->revoke("Q", {.all = true});
    REQUIRE(all.has_value());
    CHECK(all->revoked == std::vector<std::string>{q1.certificate_id, q2.certificate_id});
    CHECK(status_of(f, again.certificate_id) == update::certificate_status::valid);
}

TEST_CASE("service serializes concurrent updates of one dose into a linear chain",
          "[update][service][concurrency]") {
    fixture f;
    auto first = certify_one(f, "C", 1);
    constexpr int threads = 4, per_thread = 5;
    std::vector<std::thread> pool;
    std::mutex mu;
    std::vector<update::issued_certificate> issued;
    std::vector<std::string> errors;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                auto r = f.svc->update(
                    body({item("C", 1, "name " + std::to_string(t) + "." + std::to_string(i))}),
                    api_version::v1);
                if (!r) {
                    std::lock_guard lock(mu);
                    errors.push_back(r.error().message);  // Catch is not thread-safe
                    continue;
                }
                std::lock_guard lock(mu);
                issued.push_back(r->certificates[0]);
            }
        });
    }
    for (auto& th : pool) {
        th.join();
    }
    for (const auto& e : errors) {
        UNSCOPED_INFO(e);
    }
    CHECK(errors.empty());
    REQUIRE(issued.size() == threads * per_thread);

    // Distinct IDs; each previous ID is replaced exactly once.
    std::set<std::string> ids{first.certificate_id};
    std::map<std::string, std::string> next;  // previous -> replacement
    for (const auto& c : issued) {
        CHECK(ids.insert(c.certificate_id).second);
        CHECK(next.emplace(c.previous_certificate_id, c.certificate_id).second);
    }
    // Walk the chain from the first certificate: it visits every certificate once.
    std::string cur = first.certificate_id;
    std::size_t length = 1;
    while (next.count(cur)) {
        cur = next[cur];
        ++length;
    }
    CHECK(length == ids.size());
    // Exactly one valid certificate: the end of the chain.
    int valid = 0;
    for (const auto& id : ids) {
        if (status_of(f, id) == update::certificate_status::valid) {
            ++valid;
            CHECK(id == cur);
        }
    }
    CHECK(valid == 1);
    CHECK(f.set.size() == ids.size() - 1);
    CHECK(f.seq() == ids.size() - 1);
}

TEST_CASE("service picks certificate IDs that are unique in the store and the batch",
          "[update][service]") {
    // A random source that repeats itself: the same draw twice, then the next number.
    auto draws = std::make_shared<std::vector<std::uint64_t>>(
        std::vector<std::uint64_t>{5, 5, 5, 6, 6, 7, 8, 9, 10, 11});
    auto pos = std::make_shared<std::atomic<std::size_t>>(0);
    auto random = [draws, pos] { return (*draws)[pos->fetch_add(1) % draws->size()]; };
    fixture f({.certificate_id_width = 6}, random);
    auto a = certify_one(f, "A", 1);  // draw 5
    CHECK(a.certificate_id == "100005");
    auto r = f.svc->certify(body({item("B", 1), item("C", 1)}), api_version::v1);
    REQUIRE(r.has_value());
    std::set<std::string> ids{a.certificate_id, r->certificates[0].certificate_id,
                              r->certificates[1].certificate_id};
    CHECK(ids.size() == 3);
    for (const auto& id : ids) {
        CHECK(id.size() == 6);
    }

    // A source stuck on one value fails the request (500) instead of looping or reusing an ID.
    fixture stuck({.certificate_id_width = 6}, [] { return std::uint64_t{42}; });
    certify_one(stuck, "A", 1);
    auto second = stuck.svc->certify(body({item("B", 1)}), api_version::v1);
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().code == errc::storage_failure);
    auto pair = stuck.svc->certify(body({item("C", 1), item("D", 1)}), api_version::v1);
    REQUIRE_FALSE(pair.has_value());
    CHECK(pair.error().status() == 500);
    CHECK(stuck.count(store::cf::certificates) == 1);
}

TEST_CASE("service suspends and lifts, and never lifts a revocation", "[update][service]") {
    fixture f;
    auto c = certify_one(f, "S", 1);
    const std::string& id = c.certificate_id;

    auto s = f.svc->suspend(id, t0 + 60000);
    REQUIRE(s.has_value());
    CHECK(s->status == update::certificate_status::suspended);
    CHECK(json::to_string(update::to_json(*s)) ==
          R"({"certificateId":")" + id +
              R"(","status":"suspended","until":"2022-01-05T17:44:40.699Z"})");
    auto g = f.svc->get(id);
    REQUIRE(g.has_value());
    CHECK(g->status == update::certificate_status::suspended);
    CHECK(g->until_ms == t0 + 60000);
    CHECK(f.set.lookup(identity_of(id))->why == crl::reason::suspended);

    // Past its end, the suspension no longer applies.
    f.now->store(t0 + 60000);
    CHECK(status_of(f, id) == update::certificate_status::valid);
    f.now->store(t0 + 1000);

    CHECK(f.svc->suspend(id, t0).error().field == "until");  // not in the future
    auto lifted = f.svc->lift(id);
    REQUIRE(lifted.has_value());
    CHECK(lifted->status == update::certificate_status::valid);
    CHECK_FALSE(f.set.lookup(identity_of(id)));
    CHECK(status_of(f, id) == update::certificate_status::valid);
    CHECK(f.svc->lift(id).error().code == errc::conflict);  // not suspended

    // An indefinite suspension, then an update: the old certificate is revoked for good.
    REQUIRE(f.svc->suspend(id, std::nullopt).has_value());
    auto u = update_one(f, "S", 1);
    CHECK(f.set.lookup(identity_of(id))->why == crl::reason::updated);
    auto lift_revoked = f.svc->lift(id);
    REQUIRE_FALSE(lift_revoked.has_value());
    CHECK(lift_revoked.error().code == errc::conflict);
    CHECK(lift_revoked.error().status() == 409);
    CHECK(f.svc->suspend(id, std::nullopt).error().code == errc::conflict);
    CHECK(f.svc->suspend("999999999999", std::nullopt).error().code == errc::not_found);
    CHECK(f.svc->lift("999999999999").error().code == errc::not_found);

    auto log = crl::read_log(*f.db, 1, 100);
    REQUIRE(log.has_value());
    REQUIRE(log->size() == 4);
    CHECK((*log)[0].op == crl::log_op::suspend);
    CHECK((*log)[1].op == crl::log_op::lift);
    CHECK((*log)[2].op == crl::log_op::suspend);
    CHECK((*log)[3].op == crl::log_op::revoke);
    CHECK(status_of(f, u.certificate_id) == update::certificate_status::valid);
}

TEST_CASE("service state survives reopening the store and reloads the revocation set",
          "[update][service]") {
    fixture f;
    auto a = certify_one(f, "R", 1);
    auto b = certify_one(f, "R", 2);
    auto a2 = update_one(f, "R", 1);
    REQUIRE(f.svc->suspend(b.certificate_id, t0 + 3600000).has_value());
    auto c = certify_one(f, "R2", 1);
    REQUIRE(f.svc->revoke("R2", {.all = true}).has_value());

    f.svc.reset();
    f.db.reset();
    crl::revocation_set fresh;
    f.open();
    auto loaded = crl::load_revocations(*f.db, fresh);
    REQUIRE(loaded.has_value());
    CHECK(loaded->loaded == 3);
    CHECK(fresh.lookup(identity_of(a.certificate_id))->why == crl::reason::updated);
    CHECK(fresh.lookup(identity_of(b.certificate_id))->why == crl::reason::suspended);
    CHECK(fresh.lookup(identity_of(b.certificate_id))->until_ms == t0 + 3600000);
    CHECK(fresh.lookup(identity_of(c.certificate_id))->why == crl::reason::revoked);
    CHECK_FALSE(fresh.lookup(identity_of(a2.certificate_id)));

    // The service carries on where it stopped: the chain and the log sequence continue.
    f.make_service();
    auto a3 = update_one(f, "R", 1);
    CHECK(a3.previous_certificate_id == a2.certificate_id);
    CHECK(f.seq() == 4);
    CHECK(status_of(f, a.certificate_id) == update::certificate_status::revoked);
}

TEST_CASE("service rejects unusable options at construction", "[update][service]") {
    CHECK(update::validate({}).empty());
    CHECK_FALSE(update::validate({.certificate_id_width = 5}).empty());
    CHECK_FALSE(update::validate({.certificate_id_width = 19}).empty());
    CHECK_FALSE(update::validate({.max_items = 0}).empty());
    test::temp_dir dir;
    auto db = store::database::open(dir.path() / "db");
    REQUIRE(db.has_value());
    crl::revocation_set set;
    CHECK_THROWS_AS(update::service(*db, set, fake_sign, {.certificate_id_width = 30}),
                    std::invalid_argument);
}

TEST_CASE("service revokes by certificate ID, standalone imports included", "[update][service]") {
    fixture f;
    auto c = certify_one(f, "R", 1);
    const std::string& id = c.certificate_id;
    REQUIRE(f.svc->suspend(id, std::nullopt).has_value());
    auto r = f.svc->revoke_by_id(id);
    REQUIRE(r.has_value());
    CHECK(json::to_string(update::to_json(*r)) == R"({"revoked":[")" + id + R"("]})");
    CHECK(f.set.lookup(identity_of(id))->why == crl::reason::revoked);
    CHECK(status_of(f, id) == update::certificate_status::revoked);
    CHECK(f.svc->revoke_by_id(id).error().code == errc::conflict);
    CHECK(f.svc->revoke_by_id("999999999999").error().code == errc::not_found);
    // The dose's certificate is revoked: a new one may be certified.
    certify_one(f, "R", 1);

    // A certificate without refId (and one without dose) is imported standalone.
    json::value no_ref =
        *f.svc->get(certify_one(f, "X", 1).certificate_id)->certificate.find("credentialSubject");
    auto make = [&](const std::string& cid, bool with_ref, bool with_dose) {
        json::value cert{json::object{}};
        json::value subject = no_ref;
        if (with_ref) {
            subject.set("refId", "REF");
        } else {
            subject = json::object{{"id", "did:x:1"}, {"name", "Someone"}};
        }
        json::value ev{json::object{}};
        ev.set("id", identity_of(cid));
        if (with_dose) {
            ev.set("dose", std::int64_t{1});
        }
        cert.set("credentialSubject", std::move(subject));
        cert.set("issuanceDate", "2021-08-28T10:00:00.000Z");
        cert.set("evidence", json::array{std::move(ev)});
        return cert;
    };
    std::vector<json::value> certs{make("111111", false, true), make("222222", true, false)};
    auto imported = update::import_certificates(*f.db, f.set, certs);
    REQUIRE(imported.has_value());
    CHECK(imported->rejected.empty());
    REQUIRE(imported->imported.size() == 2);
    CHECK(imported->imported[0].standalone);
    CHECK(imported->imported[1].standalone);
    auto g = f.svc->get("111111");
    REQUIRE(g.has_value());
    CHECK(g->standalone);
    CHECK(g->status == update::certificate_status::valid);
    auto view = update::to_json(*g);
    CHECK(view.find("standalone")->as_bool());
    CHECK(view.find("preEnrollmentCode") == nullptr);
    CHECK(view.find("dose") == nullptr);
    REQUIRE(f.svc->revoke_by_id("222222").has_value());
    CHECK(f.set.lookup(identity_of("222222"))->why == crl::reason::revoked);
    CHECK(status_of(f, "222222") == update::certificate_status::revoked);
    CHECK(status_of(f, "111111") == update::certificate_status::valid);
    CHECK(f.svc->revoke_by_id("222222").error().code == errc::conflict);
    // Suspend and lift reach a standalone certificate too.
    REQUIRE(f.svc->suspend("111111", std::nullopt).has_value());
    REQUIRE(f.svc->lift("111111").has_value());
}
