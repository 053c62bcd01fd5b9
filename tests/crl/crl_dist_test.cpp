#include "crl/filter_cascade.hpp"
#include "crl/jws.hpp"
#include "crl/publisher.hpp"
#include "crl/revocation_store.hpp"
#include "crl/routes.hpp"
#include "crl/snapshot.hpp"
#include "crl/trust.hpp"
#include "shared/crypto/base64url.hpp"
#include "shared/http/server.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "tests/http/test_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace certgate;
using namespace std::chrono_literals;

namespace {

class temp_dir {
public:
    temp_dir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("certgate-crl-dist-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

store::database open_db(const temp_dir& dir) {
    store::options o;
    o.sync_writes = false;  // tests: durability is not under test here
    auto db = store::database::open(dir.path() / "db", o);
    REQUIRE(db.has_value());
    return std::move(*db);
}

const std::string base = "https://certgate.example/vaccine/";

crl::revocation rev(std::uint64_t n, crl::reason why, std::int64_t at,
                    std::optional<std::int64_t> until = {}) {
    std::string cid = std::to_string(n);
    return {base + cid, cid, at, why, {}, until, 0};
}

// The CRL's view of a snapshot: the JSON entries, in identity order.
std::vector<std::string> view(const crl::snapshot_entries& s) {
    std::vector<std::string> out;
    for (const auto& e : s.entries) {
        out.push_back(json::to_string(crl::entry_json(e)));
    }
    return out;
}

crl::crl_signer rsa_signer() {
    static const auto key = ossl::generate_rsa(2048);
    REQUIRE(key.has_value());
    auto s = crl::make_signer(*key);
    REQUIRE(s.has_value());
    return *s;
}

crl::trusted_key trusted(const crl::crl_signer& s) {
    auto t = crl::make_trusted(s.public_key);
    REQUIRE(t.has_value());
    return *t;
}

// Applies random revoke/suspend/lift operations through the revocation writer, as the service
// does, and records the CRL view after each version.
class history {
public:
    explicit history(store::database& db) : db_(&db) {}
    void publish_with(crl::publisher* pub) { pub_ = pub; }

    void run(std::size_t ops, std::mt19937_64& rng, std::int64_t& clock) {
        std::uniform_int_distribution<std::uint64_t> pick(1, 30);
        std::uniform_int_distribution<int> coin(0, 9);
        for (std::size_t i = 0; i < ops; ++i) {
            clock += 1000;
            std::uint64_t n = 100000000000ULL + pick(rng);
            auto stored = crl::find_revocation(*db_, base + std::to_string(n));
            REQUIRE(stored.has_value());
            auto seq = crl::current_seq(*db_);
            REQUIRE(seq.has_value());
            store::write_batch batch;
            crl::revocation_writer w(batch, *seq);
            const int c = coin(rng);
            if (!*stored) {
                if (c < 4) {
                    w.put(rev(n, c < 2 ? crl::reason::updated : crl::reason::revoked, clock),
                          clock);
                } else {
                    std::optional<std::int64_t> until;
                    if (c < 7) {
                        until = clock + 60000;
                    }
                    w.put(rev(n, crl::reason::suspended, clock, until), clock);
                }
            } else if ((*stored)->why == crl::reason::suspended) {
                if (c < 5) {
                    w.lift(**stored, clock);
                } else if (c < 8) {
                    w.put(rev(n, crl::reason::suspended, clock, clock + 120000), clock);
                } else {
                    w.put(rev(n, crl::reason::revoked, clock), clock);
                }
            } else {
                continue;  // a revocation is permanent
            }
            REQUIRE_FALSE(db_->write(batch));
            auto snap = crl::read_snapshot(*db_);
            REQUIRE(snap.has_value());
            views_[snap->version] = view(*snap);
            snapshots_[snap->version] = *snap;
            if (pub_) {
                // The publisher builds each version from the previous one plus the log.
                REQUIRE(pub_->refresh(clock).has_value());
                auto published = pub_->current();
                CHECK(published->version == snap->version);
                CHECK(view(published->entries) == views_[snap->version]);
            }
        }
    }

    const std::map<std::uint64_t, crl::snapshot_entries>& snapshots() const { return snapshots_; }
    const std::map<std::uint64_t, std::vector<std::string>>& views() const { return views_; }

private:
    store::database* db_;
    crl::publisher* pub_ = nullptr;
    std::map<std::uint64_t, std::vector<std::string>> views_;
    std::map<std::uint64_t, crl::snapshot_entries> snapshots_;
};

// For every recorded N >= retainedSince: snapshot(N) + delta(N -> latest) == snapshot(latest),
// the delta going through its JSON body; for N below it, the delta is gone.
void check_deltas(const store::database& db, const history& h) {
    auto latest = crl::read_snapshot(db);
    REQUIRE(latest.has_value());
    auto retained = crl::retained_since(db);
    REQUIRE(retained.has_value());
    const auto want = view(*latest);
    std::size_t checked = 0;
    for (const auto& [n, snap] : h.snapshots()) {
        auto d = crl::read_delta(db, n, std::nullopt);
        if (n < *retained) {
            CHECK(d.error == crl::delta_error::gone);
            continue;
        }
        REQUIRE(d.error == crl::delta_error::ok);
        auto parsed = crl::parse_delta_json(crl::delta_json(d.d));
        REQUIRE(parsed.has_value());
        crl::snapshot_entries s = snap;
        crl::apply_delta(s, *parsed);
        CHECK(s.version == latest->version);
        CHECK(view(s) == want);
        ++checked;
    }
    CHECK(checked > 0);
}

}  // namespace

TEST_CASE("a detached JWS verifies with the public key and fails for a tampered body",
          "[crl][jws]") {
    for (bool rsa : {true, false}) {
        auto key = rsa ? ossl::generate_rsa(2048) : ossl::generate_ed25519();
        REQUIRE(key.has_value());
        auto s = crl::make_signer(*key);
        REQUIRE(s.has_value());
        const std::string body = R"({"version":3,"entries":[]})";
        auto jws = crl::sign_detached(*s, body);
        REQUIRE(jws.has_value());
        // header..signature, with alg and kid in the header
        auto dot = jws->find("..");
        REQUIRE(dot != std::string::npos);
        auto header = json::parse(ossl::base64url_decode(jws->substr(0, dot)).value());
        REQUIRE(header.has_value());
        CHECK(header->find("alg")->as_string() == (rsa ? "PS256" : "EdDSA"));
        CHECK(header->find("kid")->as_string() == s->kid);
        std::vector<crl::trusted_key> keys{trusted(*s)};
        auto ok = crl::verify_detached(*jws, body, keys);
        REQUIRE(ok.has_value());
        CHECK(*ok == s->kid);
        CHECK_FALSE(crl::verify_detached(*jws, R"({"version":4,"entries":[]})", keys).has_value());
        CHECK_FALSE(crl::verify_detached(jws->substr(0, jws->size() - 4), body, keys).has_value());
        CHECK_FALSE(crl::verify_detached(*jws + "x", body, keys).has_value());
        CHECK_FALSE(crl::verify_detached("", body, keys).has_value());
        CHECK_FALSE(crl::verify_detached("a.b.c", body, keys).has_value());
        // A key the verifier does not trust.
        auto other = crl::make_signer(ossl::generate_ed25519().value()).value();
        CHECK_FALSE(crl::verify_detached(*jws, body, {trusted(other)}).has_value());
    }
}

TEST_CASE("the JWKS lists each key with its RFC 7638 thumbprint and parses back", "[crl][jws]") {
    auto s = rsa_signer();
    auto e = crl::make_signer(ossl::generate_ed25519().value()).value();
    auto body = crl::jwks({trusted(s), trusted(e)});
    REQUIRE(body.has_value());
    auto keys = crl::parse_jwks(json::to_string(*body));
    REQUIRE(keys.has_value());
    REQUIRE(keys->size() == 2);
    CHECK((*keys)[0].kid == s.kid);
    CHECK((*keys)[1].kid == e.kid);
    CHECK_FALSE(crl::parse_jwks(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"AA","kid":"z"}]})")
                    .has_value());
    CHECK_FALSE(crl::parse_jwks("[]").has_value());
}

TEST_CASE(
    "snapshot at N plus delta from N equals the latest snapshot, across compaction and "
    "restart",
    "[crl][property]") {
    temp_dir dir;
    std::mt19937_64 rng(GENERATE(1u, 2u, 3u));
    std::int64_t clock = 1'700'000'000'000;
    std::optional<store::database> db(open_db(dir));
    history h(*db);
    auto signer = crl::make_signer(ossl::generate_ed25519().value()).value();
    std::optional<crl::publisher> pub;
    pub.emplace(*db, signer, std::vector<crl::trusted_key>{trusted(signer)}, "{}");
    REQUIRE(pub->refresh(clock).has_value());
    h.publish_with(&*pub);
    h.run(300, rng, clock);
    check_deltas(*db, h);

    // The binary and JSON forms carry every snapshot exactly.
    for (const auto& [n, snap] : h.snapshots()) {
        auto bin = crl::parse_snapshot_binary(crl::snapshot_binary(snap, clock));
        REQUIRE(bin.has_value());
        CHECK(bin->version == n);
        CHECK(view(*bin) == view(snap));
        auto js = crl::parse_snapshot_json(crl::snapshot_json(snap, clock));
        REQUIRE(js.has_value());
        CHECK(view(*js) == view(snap));
    }

    // Retention by count: compaction keeps the newest 50 events, never a snapshot entry.
    auto before = crl::read_snapshot(*db);
    REQUIRE(before.has_value());
    auto dropped =
        crl::compact_log(*db, {.keep_events = 50, .max_age_ms = 0, .max_delete = 1000}, clock);
    REQUIRE(dropped.has_value());
    CHECK(*dropped > 0);
    auto after = crl::read_snapshot(*db);
    REQUIRE(after.has_value());
    CHECK(view(*after) == view(*before));
    CHECK(crl::retained_since(*db).value() == before->version - 50);
    check_deltas(*db, h);

    // More writes, then retention by age, then a restart.
    h.run(100, rng, clock);
    auto aged =
        crl::compact_log(*db, {.keep_events = 0, .max_age_ms = 30'000, .max_delete = 1000}, clock);
    REQUIRE(aged.has_value());
    CHECK(*aged > 0);
    check_deltas(*db, h);
    h.publish_with(nullptr);
    pub.reset();
    db.reset();
    db.emplace(open_db(dir));
    check_deltas(*db, h);
    auto current = crl::current_seq(*db).value();
    CHECK(crl::read_delta(*db, current, std::nullopt).d.added.empty());
    CHECK(crl::read_delta(*db, current + 1, std::nullopt).error == crl::delta_error::bad_range);
    CHECK(crl::read_delta(*db, current - 1, current + 1).error == crl::delta_error::bad_range);
    CHECK(crl::read_delta(*db, 0, std::nullopt).error == crl::delta_error::gone);
}

TEST_CASE("a suspension whose until has passed is reported for lifting", "[crl][snapshot]") {
    crl::snapshot_entries s{
        5,
        {rev(1, crl::reason::suspended, 1000, 5000), rev(2, crl::reason::suspended, 1000),
         rev(3, crl::reason::revoked, 1000), rev(4, crl::reason::suspended, 1000, 9000)}};
    auto expired = crl::expired_suspensions(s, 6000);
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].certificate_id == "1");
    CHECK(crl::expired_suspensions(s, 9000).size() == 2);
}

TEST_CASE("the binary snapshot is at most 8 bytes per revoked entry gzip'd", "[crl][size]") {
    // 100,000 revocations of random 12-digit certificate IDs, made by update and revoke
    // requests of 1..100 items each (one time per request), over 30 days.
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::uint64_t> id(100000000000ULL, 999999999999ULL);
    std::uniform_int_distribution<std::size_t> batch(1, 100);
    std::uniform_int_distribution<std::int64_t> gap(1, 2 * 30LL * 86'400'000 / 2000);
    crl::snapshot_entries s{100000, {}};
    std::int64_t t = 1'700'000'000'000;
    while (s.entries.size() < 100000) {
        t += gap(rng);
        for (std::size_t i = batch(rng); i > 0 && s.entries.size() < 100000; --i) {
            s.entries.push_back(rev(id(rng), crl::reason::updated, t));
        }
    }
    std::sort(s.entries.begin(), s.entries.end(),
              [](const auto& a, const auto& b) { return a.identity < b.identity; });
    const std::string bin = crl::snapshot_binary(s, t);
    const std::string gz = crl::gzip_compress(bin);
    const double per_entry = static_cast<double>(gz.size()) / 100000.0;
    const double json_gz =
        static_cast<double>(crl::gzip_compress(crl::snapshot_json(s, t)).size()) / 100000.0;
    std::printf("binary snapshot: %.2f bytes/entry raw, %.2f gzip'd (JSON gzip'd: %.2f)\n",
                static_cast<double>(bin.size()) / 100000.0, per_entry, json_gz);
    CHECK(per_entry <= 8.0);
    auto back = crl::parse_snapshot_binary(bin);
    REQUIRE(back.has_value());
    CHECK(view(*back) == view(s));
    auto unzipped = crl::gzip_decompress(gz, bin.size());
    REQUIRE(unzipped.has_value());
    CHECK(*unzipped == bin);
    CHECK_FALSE(crl::gzip_decompress(gz, bin.size() - 1).has_value());
    CHECK_FALSE(crl::gzip_decompress(gz.substr(0, gz.size() / 2), bin.size()).has_value());
}

TEST_CASE("a binary snapshot that is truncated or altered is refused, never crashes",
          "[crl][snapshot]") {
    crl::snapshot_entries s{9,
                            {rev(123456789012ULL, crl::reason::suspended, 1000, 5000),
                             {"urn:other:x", "x", 2000, crl::reason::revoked, {}, {}, 0},
                             rev(7, crl::reason::updated, 3000)}};
    std::sort(s.entries.begin(), s.entries.end(),
              [](const auto& a, const auto& b) { return a.identity < b.identity; });
    const std::string bin = crl::snapshot_binary(s, 10);
    auto back = crl::parse_snapshot_binary(bin);
    REQUIRE(back.has_value());
    CHECK(view(*back) == view(s));
    for (std::size_t n = 0; n < bin.size(); ++n) {
        CHECK_FALSE(crl::parse_snapshot_binary(bin.substr(0, n)).has_value());
    }
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; ++i) {
        std::string b = bin;
        b[rng() % b.size()] = static_cast<char>(rng());
        (void)crl::parse_snapshot_binary(b);  // any answer but a crash
    }
}

TEST_CASE("the filter cascade has no false answer for any known certificate", "[crl][filter]") {
    std::mt19937_64 rng(9);
    std::uniform_int_distribution<std::uint64_t> id(100000000000ULL, 999999999999ULL);
    std::set<std::string> all;
    while (all.size() < 200000) {
        all.insert(base + std::to_string(id(rng)));
    }
    std::vector<std::string> revoked, valid;
    for (const auto& s : all) {
        (revoked.size() < 4000 && rng() % 50 == 0 ? revoked : valid).push_back(s);
    }
    auto f = crl::filter_cascade::build(revoked, valid);
    REQUIRE(f.has_value());
    auto bytes = f->serialize();
    auto g = crl::filter_cascade::parse(bytes);
    REQUIRE(g.has_value());
    std::size_t wrong = 0;
    for (const auto& r : revoked) {
        wrong += !g->contains(r);
    }
    for (const auto& v : valid) {
        wrong += g->contains(v);
    }
    CHECK(wrong == 0);
    std::printf("filter: %zu levels, %.2f bytes per revoked entry (%zu revoked, %zu valid)\n",
                g->levels(),
                static_cast<double>(bytes.size()) / static_cast<double>(revoked.size()),
                revoked.size(), valid.size());
    CHECK(static_cast<double>(bytes.size()) / static_cast<double>(revoked.size()) <= 2.5);
    CHECK_FALSE(crl::filter_cascade::parse(bytes.substr(0, bytes.size() - 1)).has_value());
    CHECK_FALSE(crl::filter_cascade::parse("").has_value());
    CHECK_FALSE(crl::filter_cascade::build({"a"}, {"a"}).has_value());
    auto empty = crl::filter_cascade::build({}, {"a", "b"});
    REQUIRE(empty.has_value());
    CHECK_FALSE(empty->contains("a"));
}

TEST_CASE("the filter reads each certificate record's own identity, not one inside the credential",
          "[crl][filter]") {
    temp_dir dir;
    auto db = open_db(dir);
    store::write_batch b;
    b.put(store::cf::certificates, "1",
          R"({"certificate":{"credentialSubject":{"identity":"inner"}},"dose":1,)"
          R"("identity":"https://x/vaccine/1","issuedAt":"2022-01-01T00:00:00.000Z"})");
    b.put(store::cf::certificates, "2", R"({"certificate":{"x":{"identity":"inner2"}},"dose":1})");
    b.put(store::cf::certificates, "3",
          R"({"dose":1,"identity":"https://x/vaccine/3","certificate":{"identity":"inner3"}})");
    b.put(store::cf::certificates, "4",
          R"({"certificate":{},"identity":"https://x/vaccine/\u0034"})");
    REQUIRE_FALSE(db.write(b));
    auto ids = crl::read_certificate_identities(db, 10);
    REQUIRE(ids.has_value());
    CHECK(*ids == std::vector<std::string>{"https://x/vaccine/1", "https://x/vaccine/3",
                                           "https://x/vaccine/4"});
    CHECK(crl::read_certificate_identities(db, 2).error() ==
          std::make_error_code(std::errc::value_too_large));
}

TEST_CASE("Accept-Encoding and If-None-Match are read as HTTP says", "[crl][routes]") {
    CHECK(crl::accepts_gzip("gzip"));
    CHECK(crl::accepts_gzip("br, gzip;q=0.5"));
    CHECK(crl::accepts_gzip("*"));
    CHECK_FALSE(crl::accepts_gzip(""));
    CHECK_FALSE(crl::accepts_gzip("gzip;q=0"));
    CHECK_FALSE(crl::accepts_gzip("*, gzip;q=0.0"));
    CHECK_FALSE(crl::accepts_gzip("identity"));
    CHECK(crl::etag_matches("\"a\", W/\"b\"", "\"b\""));
    CHECK(crl::etag_matches("*", "\"b\""));
    CHECK_FALSE(crl::etag_matches("\"a\"", "\"b\""));
}

namespace {

// The CRL routes on a real server at 127.0.0.1:0 over a store with a few revocations, and
// certificates records for the filter.
class crl_server {
public:
    crl_server() : db_(open_db(dir_)), signer_(rsa_signer()) {
        store::write_batch batch;
        crl::revocation_writer w(batch, 0);
        for (std::uint64_t n = 1; n <= 20; ++n) {
            std::string rec = R"({"identity":")" + base + std::to_string(n) + R"("})";
            batch.put(store::cf::certificates, std::to_string(n), rec);
        }
        w.put(rev(1, crl::reason::updated, 1000), 1000);
        w.put(rev(2, crl::reason::revoked, 2000), 2000);
        w.put(rev(3, crl::reason::suspended, 3000, 9'000'000'000'000), 3000);
        REQUIRE_FALSE(db_.write(batch));
        proof::key_ring ring;
        ring.add("did:india", signer_.public_key);
        pub_.emplace(db_, signer_, std::vector<crl::trusted_key>{trusted(signer_)},
                     crl::trust_json(ring, 1000).value());
        REQUIRE(pub_->refresh(5000).value());
        http::router routes;
        crl::add_routes(routes, *pub_, pool_);
        http::server_options so;
        so.host = "127.0.0.1";
        so.port = 0;
        srv_.emplace(ioc_, std::move(routes), so, log::null_logger());
        auto ep = srv_->listen();
        REQUIRE(ep.has_value());
        port_ = ep->port;
        runner_ = std::async(std::launch::async, [this] { http::run(ioc_, 2); });
    }
    ~crl_server() {
        srv_->stop(2s);
        if (runner_.valid()) {
            runner_.wait_for(5s);
        }
        pool_.join();
    }
    crl_server(const crl_server&) = delete;
    crl_server& operator=(const crl_server&) = delete;

    test::http_reply get(std::string_view target, const test::header_list& h = {}) const {
        return test::get(port_, target, h);
    }
    // Lifts the suspension of certificate 3 and publishes version 4.
    void lift() {
        auto stored = crl::find_revocation(db_, base + "3").value();
        REQUIRE(stored.has_value());
        store::write_batch batch;
        crl::revocation_writer w(batch, crl::current_seq(db_).value());
        w.lift(*stored, 6000);
        REQUIRE_FALSE(db_.write(batch));
        REQUIRE(pub_->refresh(7000).value());
    }
    bool verifies(const test::http_reply& r) const {
        auto sig = r.header("CRL-Signature");
        return sig && crl::verify_detached(*sig, r.body, {trusted(signer_)}).has_value();
    }
    store::database& db() { return db_; }
    // The published entries (built incrementally from the previous version) against a full read.
    bool published_matches_store() const {
        auto snap = pub_->current();
        auto full = crl::read_snapshot(db_);
        REQUIRE(full.has_value());
        return snap->version == full->version && view(snap->entries) == view(*full);
    }

private:
    temp_dir dir_;
    store::database db_;
    crl::crl_signer signer_;
    std::optional<crl::publisher> pub_;
    boost::asio::io_context ioc_;
    boost::asio::thread_pool pool_{1};
    std::optional<http::server> srv_;
    std::uint16_t port_ = 0;
    std::future<void> runner_;
};

}  // namespace

TEST_CASE("CRL endpoints answer signed bodies with ETags, 304, gzip, 400 and 410",
          "[crl][routes][integration]") {
    crl_server s;
    auto meta = s.get("/crl/v1/meta");
    REQUIRE(meta.status == 200);
    CHECK(s.verifies(meta));
    auto m = json::parse(meta.body).value();
    CHECK(m.find("version")->as_number() == 3);
    CHECK(m.find("count")->as_number() == 3);
    CHECK(m.find("retainedSince")->as_number() == 0);
    CHECK(m.find("keyId")->is_string());
    CHECK(meta.header("Cache-Control").value() == "public, max-age=5");

    auto snap = s.get("/crl/v1/snapshot");
    REQUIRE(snap.status == 200);
    CHECK(s.verifies(snap));
    CHECK(snap.header("Content-Type").value() == "application/json");
    auto js = crl::parse_snapshot_json(snap.body);
    REQUIRE(js.has_value());
    REQUIRE(js->entries.size() == 3);
    CHECK(snap.body.find(R"("reason":"suspended","until":)") != std::string::npos);
    auto etag = snap.header("ETag").value();
    CHECK(etag.front() == '"');
    CHECK(s.get("/crl/v1/snapshot", {{"If-None-Match", etag}}).status == 304);
    CHECK(s.get("/crl/v1/snapshot", {{"If-None-Match", "\"other\""}}).status == 200);

    // A tampered body fails the signature.
    auto tampered = snap;
    tampered.body[tampered.body.size() / 2] ^= 1;
    CHECK_FALSE(s.verifies(tampered));

    // gzip: another representation with its own ETag; the signature covers the plain bytes.
    auto gz = s.get("/crl/v1/snapshot", {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz.status == 200);
    CHECK(gz.header("Content-Encoding").value() == "gzip");
    CHECK(gz.header("ETag").value() != etag);
    auto plain = crl::gzip_decompress(gz.body, 1 << 20);
    REQUIRE(plain.has_value());
    CHECK(*plain == snap.body);
    gz.body = *plain;
    CHECK(s.verifies(gz));

    auto bin = s.get("/crl/v1/snapshot", {{"Accept", "application/vnd.certgate.crl-snapshot"}});
    REQUIRE(bin.status == 200);
    CHECK(bin.header("Content-Type").value() == "application/vnd.certgate.crl-snapshot");
    CHECK(s.verifies(bin));
    auto b = crl::parse_snapshot_binary(bin.body);
    REQUIRE(b.has_value());
    CHECK(view(*b) == view(*js));

    // Deltas.
    s.lift();
    CHECK(s.published_matches_store());
    auto d = s.get("/crl/v1/delta?since=3");
    REQUIRE(d.status == 200);
    CHECK(s.verifies(d));
    CHECK(d.body == R"({"from":3,"to":4,"added":[],"removed":[")" + base + R"(3"]})");
    CHECK(d.header("Cache-Control").value() == "public, max-age=5");
    auto fixed = s.get("/crl/v1/delta?since=0&to=2");
    REQUIRE(fixed.status == 200);
    CHECK(fixed.header("Cache-Control").value() == "public, max-age=31536000, immutable");
    CHECK(s.get("/crl/v1/delta?since=0&to=2", {{"If-None-Match", fixed.header("ETag").value()}})
              .status == 304);
    auto same = s.get("/crl/v1/delta?since=4");
    REQUIRE(same.status == 200);
    CHECK(same.body == R"({"from":4,"to":4,"added":[],"removed":[]})");
    CHECK(s.get("/crl/v1/delta?since=5").status == 400);
    CHECK(s.get("/crl/v1/delta?since=abc").status == 400);
    CHECK(s.get("/crl/v1/delta?since=-1").status == 400);
    CHECK(s.get("/crl/v1/delta").status == 400);
    CHECK(s.get("/crl/v1/delta?since=1&to=9").status == 400);
    CHECK(s.get("/crl/v1/delta?since=3&to=2").status == 400);
    CHECK(s.get("/crl/v1/delta?since=%zz").status == 400);
    CHECK(s.get("/crl/v1/delta?since=99999999999999999999999").status == 400);

    REQUIRE(crl::compact_log(s.db(), {.keep_events = 1, .max_age_ms = 0, .max_delete = 100}, 0)
                .value() == 3);
    auto gone = s.get("/crl/v1/delta?since=1");
    CHECK(gone.status == 410);
    CHECK(json::parse(gone.body).value().find("code")->as_string() == "delta_gone");
    CHECK(gone.body.find("snapshot") != std::string::npos);

    // keys, trust, filter.
    auto keys = s.get("/crl/v1/keys");
    REQUIRE(keys.status == 200);
    CHECK(s.verifies(keys));
    auto ks = crl::parse_jwks(keys.body);
    REQUIRE(ks.has_value());
    CHECK(ks->size() == 1);
    CHECK((*ks)[0].kid == m.find("keyId")->as_string());
    auto trust = s.get("/crl/v1/trust");
    REQUIRE(trust.status == 200);
    CHECK(s.verifies(trust));
    auto ring = crl::parse_trust(trust.body);
    REQUIRE(ring.has_value());
    CHECK(ring->keys_for("did:india").size() == 1);
    auto filter = s.get("/crl/v1/filter");
    REQUIRE(filter.status == 200);
    CHECK(s.verifies(filter));
    auto f = crl::filter_cascade::parse(filter.body);
    REQUIRE(f.has_value());
    for (std::uint64_t n = 1; n <= 20; ++n) {
        // After the lift, certificates 1 and 2 are revoked; the rest are not.
        CHECK(f->contains(base + std::to_string(n)) == (n <= 2));
    }
}
