#include "shared/store/database.hpp"
#include "tests/store/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace certgate;

namespace {

store::database open_or_fail(const std::filesystem::path& p, store::options opts = {}) {
    auto db = store::database::open(p, opts);
    if (!db) {
        FAIL("open failed: " << db.error().message());
    }
    return std::move(*db);
}

}  // namespace

TEST_CASE("store creates a database with schema version 1 and reopens it", "[store]") {
    test::temp_dir dir;
    {
        auto db = open_or_fail(dir.path());
        auto v = db.get_u64(store::cf::meta, store::schema_key);
        REQUIRE(v.has_value());
        CHECK(*v == std::optional<std::uint64_t>(1));
        store::write_batch b;
        b.put(store::cf::certificates, "c1", "cert-one");
        REQUIRE_FALSE(db.write(b));
    }
    auto db = open_or_fail(dir.path(), {.create_if_missing = false});
    auto got = db.get(store::cf::certificates, "c1");
    REQUIRE(got.has_value());
    CHECK(*got == std::optional<std::string>("cert-one"));
    auto missing = db.get(store::cf::certificates, "nope");
    REQUIRE(missing.has_value());
    CHECK_FALSE(missing->has_value());
}

TEST_CASE("store refuses to create when create_if_missing is off", "[store]") {
    test::temp_dir dir;
    auto db = store::database::open(dir.path() / "none", {.create_if_missing = false});
    CHECK(db.error() == store::errc::not_found);
}

TEST_CASE("store refuses a database whose schema version is unknown", "[store]") {
    test::temp_dir dir;
    {
        auto db = open_or_fail(dir.path());
        store::write_batch b;
        b.put_u64(store::cf::meta, store::schema_key, 99);
        REQUIRE_FALSE(db.write(b));
    }
    auto db = store::database::open(dir.path());
    CHECK(db.error() == store::errc::unknown_schema);
}

TEST_CASE("store refuses a database with data but no schema version", "[store]") {
    test::temp_dir dir;
    {
        auto db = open_or_fail(dir.path());
        store::write_batch b;
        b.erase(store::cf::meta, store::schema_key);
        b.put(store::cf::revocations, "iri", "x");
        REQUIRE_FALSE(db.write(b));
    }
    auto db = store::database::open(dir.path());
    CHECK(db.error() == store::errc::unknown_schema);
}

TEST_CASE("store write batches are atomic: readers see all keys of a batch or none", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    constexpr int keys_per_batch = 10;
    constexpr int batches = 100;
    std::atomic<bool> done{false};
    std::atomic<int> torn{0};
    std::atomic<int> scans{0};
    // An iterator reads one consistent snapshot, so it must see a multiple of a batch's keys.
    std::thread reader([&] {
        while (!done.load()) {
            auto n = db.iterate(store::cf::enrollments, "b", store::no_limit,
                                [](auto, auto) { return true; });
            if (!n || *n % keys_per_batch != 0) {
                ++torn;
            }
            ++scans;
        }
    });
    while (scans.load() == 0) {
        std::this_thread::yield();
    }
    for (int i = 0; i < batches; ++i) {
        store::write_batch b;
        for (int j = 0; j < keys_per_batch; ++j) {
            b.put(store::cf::enrollments, "b" + std::to_string(i) + "-" + std::to_string(j), "v");
        }
        b.put(store::cf::certificates, "last", std::to_string(i));
        REQUIRE_FALSE(db.write(b, i % 4 == 0));  // some synced, to interleave with the reader
    }
    done = true;
    reader.join();
    CHECK(torn == 0);
    CHECK(scans > 0);
    auto n =
        db.iterate(store::cf::enrollments, "b", store::no_limit, [](auto, auto) { return true; });
    CHECK(*n == keys_per_batch * batches);
    CHECK(*db.get(store::cf::certificates, "last") == std::optional<std::string>("99"));
}

TEST_CASE("store batch find sees the batch's own pending writes", "[store]") {
    store::write_batch b;
    CHECK(b.find(store::cf::meta, "x") == nullptr);
    b.put(store::cf::meta, "x", "1");
    b.put(store::cf::meta, "x", "2");
    REQUIRE(b.find(store::cf::meta, "x") != nullptr);
    CHECK(*b.find(store::cf::meta, "x") == std::optional<std::string>("2"));
    CHECK(b.find(store::cf::certificates, "x") == nullptr);
    b.erase(store::cf::meta, "x");
    CHECK_FALSE(b.find(store::cf::meta, "x")->has_value());
    CHECK(b.count() == 3);
}

TEST_CASE("store synced writes are visible after reopen", "[store]") {
    test::temp_dir dir;
    {
        auto db = open_or_fail(dir.path());
        store::write_batch b;
        for (int i = 0; i < 50; ++i) {
            b.put(store::cf::revocation_log, store::encode_u64_be(static_cast<std::uint64_t>(i)),
                  "event" + std::to_string(i));
        }
        b.put_u64(store::cf::meta, "revocation_seq", 49);
        b.erase(store::cf::revocation_log, store::encode_u64_be(0));
        REQUIRE_FALSE(db.write(b, true));
    }
    auto db = open_or_fail(dir.path());
    CHECK(*db.get_u64(store::cf::meta, "revocation_seq") == std::optional<std::uint64_t>(49));
    CHECK_FALSE(db.get(store::cf::revocation_log, store::encode_u64_be(0))->has_value());
    CHECK(*db.get(store::cf::revocation_log, store::encode_u64_be(49)) ==
          std::optional<std::string>("event49"));
}

TEST_CASE("store concurrent synced writers all land", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                store::write_batch b;
                b.put(store::cf::certificates, std::to_string(t) + "-" + std::to_string(i), "v");
                if (db.write(b)) {
                    ++failures;
                }
            }
        });
    }
    for (auto& w : writers) {
        w.join();
    }
    CHECK(failures == 0);
    auto n =
        db.iterate(store::cf::certificates, "", store::no_limit, [](auto, auto) { return true; });
    CHECK(*n == 100);
}

TEST_CASE("store get_latest_with_prefix finds the greatest key of a prefix", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    auto key = [](std::string_view code, std::uint64_t dose, std::uint64_t seq) {
        return *store::key_builder{}.add(code).add_u64(dose).add_u64(seq).finish();
    };
    store::write_batch b;
    b.put(store::cf::enrollments, key("PEC1", 1, 0), "c-1-0");
    b.put(store::cf::enrollments, key("PEC1", 1, 1), "c-1-1");
    b.put(store::cf::enrollments, key("PEC1", 1, 256), "c-1-256");
    b.put(store::cf::enrollments, key("PEC1", 2, 0), "c-2-0");
    b.put(store::cf::enrollments, key("PEC10", 1, 999), "other");
    b.put(store::cf::enrollments, key("PEC0", 9, 999), "before");
    REQUIRE_FALSE(db.write(b));
    REQUIRE_FALSE(db.flush());  // exercise the SST path as well as the memtable

    auto prefix = [](std::string_view code, std::uint64_t dose) {
        return *store::key_builder{}.add(code).add_u64(dose).finish();
    };
    auto latest = db.get_latest_with_prefix(store::cf::enrollments, prefix("PEC1", 1));
    REQUIRE(latest.has_value());
    REQUIRE(latest->has_value());
    CHECK((*latest)->second == "c-1-256");
    CHECK((*latest)->first == key("PEC1", 1, 256));

    auto code_latest = db.get_latest_with_prefix(store::cf::enrollments,
                                                 *store::key_builder{}.add("PEC1").finish());
    CHECK((*code_latest)->second == "c-2-0");

    auto none = db.get_latest_with_prefix(store::cf::enrollments, prefix("PEC1", 3));
    REQUIRE(none.has_value());
    CHECK_FALSE(none->has_value());
    auto none2 = db.get_latest_with_prefix(store::cf::enrollments, prefix("PEC2", 1));
    CHECK_FALSE(none2->has_value());
}

TEST_CASE("store iteration honours prefix, range and limit", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    store::write_batch b;
    for (std::uint64_t i = 1; i <= 20; ++i) {
        b.put(store::cf::revocation_log, store::encode_u64_be(i), std::to_string(i));
    }
    b.put(store::cf::certificates, "a1", "x");
    b.put(store::cf::certificates, "a2", "x");
    b.put(store::cf::certificates, "b1", "x");
    REQUIRE_FALSE(db.write(b));

    std::vector<std::string> seen;
    auto n = db.for_each(store::cf::revocation_log, store::encode_u64_be(5), 3,
                         [&](std::string_view, std::string_view v) {
                             seen.emplace_back(v);
                             return true;
                         });
    CHECK(*n == 3);
    CHECK(seen == std::vector<std::string>{"5", "6", "7"});

    seen.clear();
    n = db.iterate_range(store::cf::revocation_log, store::encode_u64_be(18),
                         store::encode_u64_be(20), 100, [&](auto, std::string_view v) {
                             seen.emplace_back(v);
                             return true;
                         });
    CHECK(seen == std::vector<std::string>{"18", "19"});

    seen.clear();
    n = db.iterate(store::cf::certificates, "a", 10, [&](std::string_view k, auto) {
        seen.emplace_back(k);
        return true;
    });
    CHECK(seen == std::vector<std::string>{"a1", "a2"});

    // The callback can stop early.
    n = db.iterate(store::cf::revocation_log, "", store::no_limit,
                   [](auto, auto) { return false; });
    CHECK(*n == 1);
}

TEST_CASE("store multi_get answers in key order with gaps", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    store::write_batch b;
    b.put(store::cf::certificates, "x", "1");
    b.put(store::cf::certificates, "z", "3");
    REQUIRE_FALSE(db.write(b));
    std::vector<std::string_view> keys{"z", "y", "x"};
    auto got = db.multi_get(store::cf::certificates, keys);
    REQUIRE(got.has_value());
    REQUIRE(got->size() == 3);
    CHECK((*got)[0] == std::optional<std::string>("3"));
    CHECK_FALSE((*got)[1].has_value());
    CHECK((*got)[2] == std::optional<std::string>("1"));
}

TEST_CASE("store moved-from database answers not_open", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    auto other = std::move(db);
    CHECK(db.get(store::cf::meta, "x").error() ==
          store::errc::not_open);  // NOLINT(bugprone-use-after-move)
    CHECK(other.get(store::cf::meta, store::schema_key).has_value());
}

TEST_CASE("store get_u64 reports a value of the wrong size", "[store]") {
    test::temp_dir dir;
    auto db = open_or_fail(dir.path());
    store::write_batch b;
    b.put(store::cf::meta, "counter", "abc");
    REQUIRE_FALSE(db.write(b));
    CHECK(db.get_u64(store::cf::meta, "counter").error() == store::errc::corrupt_value);
}
