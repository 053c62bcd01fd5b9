#include "crl/revocation_set.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace certgate;

namespace {
crl::revocation rev(std::string id, crl::reason why, std::optional<std::int64_t> until = {}) {
    return {std::move(id), "x", 1000, why, "", until, 1};
}
}  // namespace

TEST_CASE("revocation set finds revoked identities and nothing else", "[crl]") {
    crl::revocation_set set;
    CHECK(set.apply(rev("https://cowin.gov.in/vaccine/525128495", crl::reason::updated)));
    auto hit = set.lookup("https://cowin.gov.in/vaccine/525128495");
    REQUIRE(hit);
    CHECK(hit->why == crl::reason::updated);
    CHECK_FALSE(set.lookup("https://cowin.gov.in/vaccine/576939268"));
    // The identity is the IRI, not the bare certificateId.
    CHECK_FALSE(set.lookup("525128495"));
}

TEST_CASE("revocation set keeps revocations permanent and lifts only suspensions", "[crl]") {
    crl::revocation_set set;
    set.apply(rev("a", crl::reason::revoked));
    CHECK_FALSE(set.apply(rev("a", crl::reason::suspended, 5000)));
    CHECK_FALSE(set.lift("a"));
    CHECK(set.lookup("a")->why == crl::reason::revoked);

    set.apply(rev("b", crl::reason::suspended, 5000));
    CHECK(set.lookup("b")->in_effect(4999));
    CHECK_FALSE(set.lookup("b")->in_effect(5000));
    CHECK(set.lift("b"));
    CHECK_FALSE(set.lookup("b"));
    CHECK_FALSE(set.lift("b"));
    // A suspended identity may later be revoked for good.
    set.apply(rev("c", crl::reason::suspended));
    CHECK(set.apply(rev("c", crl::reason::updated)));
    CHECK(set.lookup("c")->why == crl::reason::updated);
}

TEST_CASE("revocation set serves concurrent readers while a writer adds entries", "[crl]") {
    crl::revocation_set set;
    set.apply(rev("fixed", crl::reason::revoked));
    std::vector<std::thread> readers;
    std::atomic<int> misses{0};
    for (int t = 0; t < 2; ++t) {
        readers.emplace_back([&] {
            for (int i = 0; i < 20000; ++i) {
                if (!set.lookup("fixed")) {
                    ++misses;
                }
            }
        });
    }
    for (int i = 0; i < 20000; ++i) {
        set.apply(rev("id" + std::to_string(i), crl::reason::revoked));
    }
    for (auto& r : readers) {
        r.join();
    }
    CHECK(misses == 0);
    CHECK(set.size() == 20001);
}
