#include "crl/follower.hpp"

#include "crl/jws.hpp"
#include "crl/snapshot.hpp"
#include "shared/json/write.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace certgate;

namespace {

crl::crl_signer new_signer() {
    auto key = ossl::generate_ed25519();
    REQUIRE(key.has_value());
    auto s = crl::make_signer(*key);
    REQUIRE(s.has_value());
    return *s;
}

crl::trusted_key trusted(const crl::crl_signer& s) {
    return crl::make_trusted(s.public_key).value();
}

std::string sign(const crl::crl_signer& s, const std::string& body) {
    auto sig = crl::sign_detached(s, body);
    REQUIRE(sig.has_value());
    return *sig;
}

crl::revocation rev(std::string n, crl::reason why) {
    return {"https://certgate.example/vaccine/" + n, n, 1000, why, {}, {}, 0};
}

std::string snapshot_body(std::uint64_t version, std::vector<crl::revocation> entries) {
    return crl::snapshot_json({version, std::move(entries)}, 5000);
}

std::string delta_body(std::uint64_t from, std::uint64_t to, std::vector<crl::revocation> added,
                       std::vector<std::string> removed) {
    return crl::delta_json({from, to, std::move(added), std::move(removed)});
}

}  // namespace

TEST_CASE("a replica applies signed bodies and rejects forged, truncated or backward ones",
          "[crl][follower]") {
    auto primary = new_signer();
    auto forger = new_signer();
    crl::follower f({trusted(primary)});

    const std::string snap = snapshot_body(2, {rev("1", crl::reason::updated)});
    CHECK(f.apply_snapshot(snap, sign(forger, snap)) == crl::follow_error::bad_signature);
    CHECK(f.apply_snapshot(snap, "") == crl::follow_error::bad_signature);
    const std::string good = sign(primary, snap);
    CHECK(f.apply_snapshot(snap, good.substr(0, good.size() - 3)) ==
          crl::follow_error::bad_signature);
    CHECK(f.apply_snapshot(snap.substr(0, snap.size() - 1), good) ==
          crl::follow_error::bad_signature);
    CHECK(f.version() == 0);
    REQUIRE(f.apply_snapshot(snap, good) == crl::follow_error::ok);
    CHECK(f.version() == 2);

    const std::string d = delta_body(2, 4, {rev("2", crl::reason::suspended)}, {});
    CHECK(f.apply_delta(d, sign(forger, d)) == crl::follow_error::bad_signature);
    auto dsig = sign(primary, d);
    CHECK(f.apply_delta(d + " ", dsig) == crl::follow_error::bad_signature);
    REQUIRE(f.apply_delta(d, dsig) == crl::follow_error::ok);
    CHECK(f.version() == 4);
    CHECK(f.state().entries.size() == 2);

    // The same delta again, an older one, a gap, an older snapshot: all refused, nothing changes.
    CHECK(f.apply_delta(d, dsig) == crl::follow_error::gap);
    const std::string old = delta_body(1, 2, {}, {});
    CHECK(f.apply_delta(old, sign(primary, old)) == crl::follow_error::backwards);
    const std::string ahead = delta_body(5, 6, {}, {});
    CHECK(f.apply_delta(ahead, sign(primary, ahead)) == crl::follow_error::gap);
    CHECK(f.apply_snapshot(snap, good) == crl::follow_error::backwards);
    const std::string junk = "{\"from\":4}";
    CHECK(f.apply_delta(junk, sign(primary, junk)) == crl::follow_error::malformed);
    CHECK(f.version() == 4);
    CHECK(f.state().entries.size() == 2);

    const std::string lift = delta_body(4, 5, {}, {"https://certgate.example/vaccine/2"});
    REQUIRE(f.apply_delta(lift, sign(primary, lift)) == crl::follow_error::ok);
    CHECK(f.state().entries.size() == 1);
}

TEST_CASE(
    "key rotation: a key list signed by the old key is accepted, one signed by an untrusted "
    "key is rejected",
    "[crl][follower]") {
    auto old_key = new_signer();
    auto new_key = new_signer();
    auto stranger = new_signer();
    crl::follower f({trusted(old_key)});
    const std::string snap = snapshot_body(1, {rev("1", crl::reason::revoked)});
    REQUIRE(f.apply_snapshot(snap, sign(old_key, snap)) == crl::follow_error::ok);

    // The new key, before it is announced, is not trusted.
    const std::string d = delta_body(1, 2, {rev("2", crl::reason::revoked)}, {});
    CHECK(f.apply_delta(d, sign(new_key, d)) == crl::follow_error::bad_signature);

    // A list naming the stranger, signed by the stranger: rejected; nothing changes.
    const std::string forged =
        json::to_string(crl::jwks({trusted(stranger), trusted(new_key)}).value());
    CHECK(f.accept_keys(forged, sign(stranger, forged)) == crl::follow_error::bad_signature);
    CHECK(f.accept_keys(forged, sign(new_key, forged)) == crl::follow_error::bad_signature);
    REQUIRE(f.keys().size() == 1);

    // The announcement: new and old key, signed by the old one.
    const std::string list =
        json::to_string(crl::jwks({trusted(new_key), trusted(old_key)}).value());
    REQUIRE(f.accept_keys(list, sign(old_key, list)) == crl::follow_error::ok);
    CHECK(f.keys().size() == 2);
    REQUIRE(f.apply_delta(d, sign(new_key, d)) == crl::follow_error::ok);
    // The old key stays trusted.
    const std::string d2 = delta_body(2, 3, {}, {});
    CHECK(f.apply_delta(d2, sign(old_key, d2)) == crl::follow_error::ok);
    CHECK(f.accept_keys("{\"keys\":[]}", sign(old_key, "{\"keys\":[]}")) ==
          crl::follow_error::malformed);
}
