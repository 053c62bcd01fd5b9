// File: app/crl_app.hpp
// The CRL distribution part of `certgate serve`: the publisher built from the service's signing key
// and trust list, the /crl/v1 routes, and a background tick (every second, on the blocking pool)
// that logs the lift of expired suspensions, compacts the revocation log and publishes new
// versions.
#pragma once

#include "app/service_app.hpp"
#include "crl/publisher.hpp"
#include "crl/snapshot.hpp"
#include "shared/http/router.hpp"

#include <memory>
#include <set>
#include <string>

namespace certgate::app {

// Held by service_app::parts::crl.
struct crl_distribution {
    std::unique_ptr<crl::publisher> publisher;
    // Default: the newest 1,000,000 log events are kept.
    crl::retention_options retention;
    // Identities whose expiry lift failed (logged once each). Touched by the tick only.
    std::set<std::string> lift_failed;
};

// Builds p.crl (the first version is published by the first tick). Returns false and sets
// `message` when the signing key or the trust list cannot be used.
[[nodiscard]] bool build_crl(service_app::parts& p, std::string& message);
// GET /crl/v1/{meta,snapshot,delta,filter,keys,trust}.
void add_crl_routes(service_app::parts& p, http::router& r);
// The tick: expired suspensions → lift, retention, refresh. Runs until the io_context stops.
void start_crl_tasks(service_app::parts& p);

}  // namespace certgate::app
