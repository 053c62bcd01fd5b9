#include "crl/revocation_store.hpp"

#include "crl/revocation_log.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>

using namespace certgate;

namespace {

class temp_dir {
public:
    temp_dir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("certgate-crl-test-" + std::to_string(rd()) + std::to_string(rd()));
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
    auto db = store::database::open(dir.path() / "db");
    REQUIRE(db.has_value());
    return std::move(*db);
}

crl::revocation rev(std::string id, crl::reason why, std::int64_t at,
                    std::optional<std::int64_t> until = {}, std::string replaced_by = {}) {
    std::string cid = id.substr(id.rfind('/') + 1);
    return {std::move(id), std::move(cid), at, why, std::move(replaced_by), until, 0};
}

}  // namespace

TEST_CASE("revocation log events round-trip through JSON", "[crl][log]") {
    crl::log_event e{7, crl::log_op::suspend, 1641404620699,
                     rev("https://certgate.example/vaccine/1", crl::reason::suspended,
                         1641404620699, 1641404999000)};
    e.entry.seq = 7;
    auto back = crl::log_event_from_json(crl::to_json(e));
    REQUIRE(back.has_value());
    CHECK(*back == e);
    CHECK(json::to_string(crl::to_json(e)).starts_with(R"({"seq":7,"op":"suspend","at":"2022-)"));
    CHECK_FALSE(crl::log_event_from_json(json::value{json::object{}}).has_value());
    CHECK(crl::parse_op("lift") == crl::log_op::lift);
    CHECK_FALSE(crl::parse_op("delete"));
}

TEST_CASE("revocation writer stages records, log events and the sequence atomically",
          "[crl][store]") {
    temp_dir dir;
    auto db = open_db(dir);
    auto seq0 = crl::current_seq(db);
    REQUIRE(seq0.has_value());
    CHECK(*seq0 == 0);

    store::write_batch batch;
    crl::revocation_writer w(batch, *seq0);
    w.put(rev("https://x/vaccine/1", crl::reason::updated, 1000, {}, "2"), 1000);
    w.put(rev("https://x/vaccine/3", crl::reason::suspended, 2000, 9000), 2000);
    CHECK(w.last_seq() == 2);
    // Nothing is visible before the batch is written.
    CHECK(*crl::current_seq(db) == 0);
    CHECK_FALSE(*crl::find_revocation(db, "https://x/vaccine/1"));
    REQUIRE_FALSE(db.write(batch));

    CHECK(*crl::current_seq(db) == 2);
    auto one = crl::find_revocation(db, "https://x/vaccine/1");
    REQUIRE(one.has_value());
    REQUIRE(one->has_value());
    CHECK((*one)->why == crl::reason::updated);
    CHECK((*one)->replaced_by == "2");
    CHECK((*one)->seq == 1);

    // Lift the suspension in a second batch.
    auto three = *crl::find_revocation(db, "https://x/vaccine/3");
    REQUIRE(three);
    store::write_batch b2;
    crl::revocation_writer w2(b2, *crl::current_seq(db));
    const auto& lifted = w2.lift(*three, 3000);
    CHECK(lifted.seq == 3);
    CHECK(lifted.entry.seq == 2);  // the suspension as it was stored
    REQUIRE_FALSE(db.write(b2));
    CHECK_FALSE(*crl::find_revocation(db, "https://x/vaccine/3"));

    auto log = crl::read_log(db, 1, 100);
    REQUIRE(log.has_value());
    REQUIRE(log->size() == 3);
    CHECK((*log)[0].op == crl::log_op::revoke);
    CHECK((*log)[1].op == crl::log_op::suspend);
    CHECK((*log)[1].entry.until_ms == 9000);
    CHECK((*log)[2].op == crl::log_op::lift);
    CHECK((*log)[2].at_ms == 3000);
    auto tail = crl::read_log(db, 3, 100);
    REQUIRE(tail.has_value());
    REQUIRE(tail->size() == 1);
    CHECK(tail->front().seq == 3);
    CHECK(crl::read_log(db, 2, 1)->size() == 1);
    CHECK(crl::read_log(db, 4, 100)->empty());

    // Events applied to the set leave it as the store says.
    crl::revocation_set set;
    std::vector<crl::log_event> all = w.events();
    all.insert(all.end(), w2.events().begin(), w2.events().end());
    crl::apply(set, all);
    CHECK(set.size() == 1);
    CHECK(set.lookup("https://x/vaccine/1")->why == crl::reason::updated);
    CHECK_FALSE(set.lookup("https://x/vaccine/3"));
}

TEST_CASE("revocation set reloads from a reopened store", "[crl][store]") {
    temp_dir dir;
    {
        auto db = open_db(dir);
        store::write_batch batch;
        crl::revocation_writer w(batch, 0);
        w.put(rev("https://x/vaccine/1", crl::reason::updated, 1000, {}, "2"), 1000);
        w.put(rev("https://x/vaccine/2", crl::reason::revoked, 1500), 1500);
        w.put(rev("https://x/vaccine/3", crl::reason::suspended, 2000, 9000), 2000);
        w.put(rev("https://x/vaccine/4", crl::reason::suspended, 2500), 2500);
        // Identities with characters JSON escapes still load (the key is authoritative).
        w.put(rev("urn:x:\"quoted\"\\/5", crl::reason::revoked, 3000), 3000);
        REQUIRE_FALSE(db.write(batch));
        // A record that does not decode is skipped, not fatal.
        store::write_batch junk;
        junk.put(store::cf::revocations, "https://x/vaccine/junk", "{not json");
        REQUIRE_FALSE(db.write(junk));
    }
    auto db = open_db(dir);
    crl::revocation_set set;
    auto n = crl::load_revocations(db, set);
    REQUIRE(n.has_value());
    CHECK(n->loaded == 5);
    CHECK(n->skipped == 1);
    CHECK(n->full_parses == 0);
    CHECK(set.size() == 5);
    CHECK(set.lookup("https://x/vaccine/1")->why == crl::reason::updated);
    CHECK(set.lookup("https://x/vaccine/1")->revoked_at_ms == 1000);
    CHECK(set.lookup("https://x/vaccine/2")->why == crl::reason::revoked);
    auto s3 = set.lookup("https://x/vaccine/3");
    REQUIRE(s3);
    CHECK(s3->why == crl::reason::suspended);
    CHECK(s3->until_ms == 9000);
    CHECK_FALSE(set.lookup("https://x/vaccine/4")->until_ms);
    CHECK(set.lookup("urn:x:\"quoted\"\\/5"));
    CHECK_FALSE(set.lookup("https://x/vaccine/junk"));
}

TEST_CASE("revocation set loads a large store quickly", "[crl][store][perf]") {
    // 10M records must load in under 10 s (DESIGN.md). This loads a smaller store, checks that
    // every record takes the fast path, and reports the rate.
    constexpr std::size_t count = 300'000;
    temp_dir dir;
    auto db = open_db(dir);
    {
        store::write_batch batch;
        crl::revocation_writer w(batch, 0);
        for (std::size_t i = 0; i < count; ++i) {
            auto id = std::to_string(100000000000 + i * 7919 % 900000000000);
            w.put(rev("https://certgate.example/vaccine/" + id,
                      i % 10 == 0 ? crl::reason::suspended : crl::reason::updated,
                      1641404620699 + static_cast<std::int64_t>(i), {}, "1"),
                  1641404620699);
            if (batch.count() >= 30'000) {
                REQUIRE_FALSE(db.write(batch, false));
                batch.clear();
            }
        }
        REQUIRE_FALSE(db.write(batch, false));
        REQUIRE_FALSE(db.flush());
    }
    crl::revocation_set set;
    auto start = std::chrono::steady_clock::now();
    auto cpu0 = std::clock();
    auto n = crl::load_revocations(db, set);
    auto cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(n.has_value());
    CHECK(n->loaded == count);
    CHECK(n->full_parses == 0);  // every record took the fast path
    CHECK(set.size() == count);
    double per_10m = secs / static_cast<double>(count) * 10e6;
    WARN("loaded " << count << " revocations in " << secs << " s (cpu " << cpu
                   << " s); 10M would take " << per_10m << " s");
    // Only a guard against a pathological slowdown: timing on a shared 2-core machine is noisy.
    CHECK(per_10m < 120.0);
}
