// File: crl/publisher.hpp
// Builds the CRL's bodies once per version and publishes them as one immutable crl_snapshot
// (meta, JSON and binary snapshot, filter, keys, trust), each with its detached JWS, strong ETag
// and gzip'd bytes, behind an atomic shared_ptr: readers never lock and never see a half-built
// version. Deltas are built on demand and kept in a small cache. refresh() and delta() block on
// the store: call them off the io_context threads; current() and cached_delta() never block.
#pragma once

#include "crl/jws.hpp"
#include "crl/snapshot.hpp"
#include "shared/store/database.hpp"
#include "shared/util/log.hpp"
#include "shared/util/result.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::crl {

inline constexpr std::string_view json_type = "application/json";
inline constexpr std::string_view binary_snapshot_type = "application/vnd.certgate.crl-snapshot";
inline constexpr std::string_view filter_type = "application/vnd.certgate.crl-filter";

// One body as served: the bytes, their gzip form, the signature over the uncompressed bytes, and
// a strong ETag for each encoding.
struct representation {
    std::string content_type;
    std::string body;
    std::string gzip;
    std::string signature;  // detached JWS; empty for unsigned bodies
    std::string etag;       // "\"<hash>\""
    std::string gzip_etag;  // "\"<hash>.gz\""
};

// A representation of `body` with its gzip form and ETags (signature as given).
representation make_representation(std::string content_type, std::string body,
                                   std::string signature);

// gzip (RFC 1952) of `data`; inflate for tests and replicas (bounded by `max_out`, nullopt when
// the data is not gzip or inflates beyond it).
std::string gzip_compress(std::string_view data);
std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_out);

struct crl_snapshot {
    std::uint64_t version = 0;
    std::int64_t issued_at_ms = 0;
    std::uint64_t retained_since = 0;
    snapshot_entries entries;
    representation meta, json, binary, filter, keys, trust;
};

struct publisher_options {
    // Build the filter cascade with every version (it scans the `certificates` column family).
    // Default: true.
    bool build_filter = true;
    // Certificates the filter may cover; more fails the filter build (logged; the filter is then
    // not served). Default: 100,000,000.
    std::size_t max_filter_certificates = 100'000'000;
    // Largest delta, in log events; beyond it the answer is 410 (fetch the snapshot).
    // Default: 1,000,000.
    std::size_t max_delta_events = 1'000'000;
    // Delta bodies kept in memory. Default: 256.
    std::size_t delta_cache = 256;
};

class publisher {
public:
    // `db` and `logger` must outlive the publisher. `crl_keys` is the JWKS served at /keys (the
    // signer's key first); `trust_body` is the trust list JSON to sign and serve.
    publisher(const store::database& db, crl_signer signer, std::vector<trusted_key> crl_keys,
              std::string trust_body, publisher_options opts = {},
              log::logger& logger = log::null_logger());

    // Rebuilds and publishes when the store's version or retainedSince moved (or nothing is
    // published yet). Returns whether it published. Serialized internally; blocking.
    [[nodiscard]] result<bool> refresh(std::int64_t now_ms);

    // The published snapshot, or null before the first refresh. Never blocks.
    std::shared_ptr<const crl_snapshot> current() const noexcept { return current_.load(); }

    struct delta_answer {
        delta_error error = delta_error::ok;
        std::shared_ptr<const representation> rep;
    };
    // The delta since `since` to `to` (default: the published version). Cache hits only; null
    // rep on a miss. Never blocks on the store.
    delta_answer cached_delta(std::uint64_t since, std::optional<std::uint64_t> to) const;
    // The same, reading the store on a miss. Blocking.
    delta_answer delta(std::uint64_t since, std::optional<std::uint64_t> to);

    const crl_signer& signer() const noexcept { return signer_; }

private:
    using range = std::pair<std::uint64_t, std::uint64_t>;
    result<snapshot_entries> read_entries(const crl_snapshot* previous) const;
    result<std::shared_ptr<const crl_snapshot>> build(const crl_snapshot* previous,
                                                      std::int64_t now_ms);

    const store::database& db_;
    crl_signer signer_;
    std::vector<trusted_key> crl_keys_;
    std::string trust_body_;
    publisher_options opts_;
    log::logger& logger_;
    std::mutex refresh_mu_;
    std::atomic<std::shared_ptr<const crl_snapshot>> current_;
    mutable std::mutex cache_mu_;
    std::map<range, std::shared_ptr<const representation>> cache_;
    std::deque<range> cache_order_;
};

}  // namespace certgate::crl
