// File: crl/routes.hpp
// The HTTP adapter of CRL distribution, under /crl/v1/: meta, snapshot (JSON, or the binary form
// by Accept), delta?since=N[&to=V], filter, keys and trust. Each answer is a published body with
// its CRL-Signature, a strong ETag (If-None-Match → 304), Cache-Control (versioned deltas are
// immutable, the latest answers get a short max-age) and gzip when Accept-Encoding allows it.
#pragma once

#include "crl/publisher.hpp"
#include "shared/http/router.hpp"

#include <boost/asio/thread_pool.hpp>

#include <string>
#include <string_view>

namespace certgate::crl {

struct routes_options {
    // Path prefix. Default: "/crl/v1".
    std::string prefix = "/crl/v1";
    // max-age of the latest answers (meta, snapshot, delta without `to`, filter, keys, trust), at
    // most the replicas' poll interval. Default: 5.
    unsigned latest_max_age_s = 5;
};

// Registers the GET routes. `pub` and `pool` (where deltas that miss the cache are built) must
// outlive the server. Answers 503 {"code":"crl_not_ready"} before the first publication.
void add_routes(http::router& r, publisher& pub, boost::asio::thread_pool& pool,
                const routes_options& opts = {});

// Whether Accept-Encoding allows gzip ("gzip" or "*" with q > 0).
bool accepts_gzip(std::string_view accept_encoding) noexcept;
// Whether an If-None-Match value matches `etag` (weak comparison, "*" matches).
bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept;

}  // namespace certgate::crl
