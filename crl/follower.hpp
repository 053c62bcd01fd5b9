// File: crl/follower.hpp
// A replica's view of the primary's CRL: it applies signed bodies (snapshot, delta, key list)
// only after checking their CRL-Signature against the keys it trusts, and refuses a body that does
// not continue its version (backwards or with a gap). Pure (no sockets): the poller that fetches
// the bodies feeds them in. Not thread-safe; one poller owns it.
#pragma once

#include "crl/jws.hpp"
#include "crl/snapshot.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::crl {

enum class follow_error {
    ok,
    bad_signature,  // the signature is missing, malformed, by an untrusted key, or fails
    malformed,      // the body does not parse
    backwards,      // it would take the list to an older version
    gap,            // a delta that does not start at the version held
};
std::string_view to_string(follow_error e) noexcept;

class follower {
public:
    // `keys`: the CRL keys trusted at start (pinned with --follow-key, or fetched from the
    // primary's /crl/v1/keys at the first start).
    explicit follower(std::vector<trusted_key> keys) : keys_(std::move(keys)) {}

    // A full snapshot body (JSON form) with its CRL-Signature. Refused when it is older than the
    // version held.
    follow_error apply_snapshot(std::string_view body, std::string_view signature);
    // A delta body. `from` must equal the version held (a delta to the version held is a no-op).
    follow_error apply_delta(std::string_view body, std::string_view signature);
    // A new key list (the /crl/v1/keys JWKS) signed by a key trusted now: its keys replace the
    // trusted set. This is how a rotation reaches replicas: the primary signs the list that
    // announces the new key with the old one.
    follow_error accept_keys(std::string_view body, std::string_view signature);

    const snapshot_entries& state() const noexcept { return state_; }
    std::uint64_t version() const noexcept { return state_.version; }
    const std::vector<trusted_key>& keys() const noexcept { return keys_; }

private:
    std::vector<trusted_key> keys_;
    snapshot_entries state_;
    bool has_snapshot_ = false;
};

}  // namespace certgate::crl
