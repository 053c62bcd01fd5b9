// File: app/replica_app.hpp
// The replica side of `certgate serve --follow URL`: it trusts the CRL keys pinned in its data
// directory (replica/keys.json: from --follow-key, or the primary's /crl/v1/keys at the first
// start), loads the primary's signed snapshot and trust list (or its own copy after a restart),
// then polls delta?since=<version> every crlPollSeconds on the blocking pool. Every body goes
// through crl::follower (signature, no backwards, no gap) before the revocation set changes; the
// signed bodies are kept in replica/ so a restart resumes. Writes answer 503 naming the primary.
#pragma once

#include "app/service_app.hpp"
#include "shared/http/health.hpp"
#include "shared/http/router.hpp"

#include <string>

namespace certgate::app {

struct replica_state;  // held by service_app::parts::replica

// Writes a pinned CRL key list (a JWKS file, --follow-key) to <data>/replica/keys.json. Returns
// false and sets `message` when the file is not a usable JWKS.
[[nodiscard]] bool pin_follow_keys(const config& cfg, const std::string& file,
                                   std::string& message);
// Builds p.replica: keys, snapshot and trust list (from the store, else from the primary), the
// key ring for /verify and the revocation set. Blocking; call before the verifier is built.
[[nodiscard]] bool build_replica(service_app::parts& p, std::string& message);
// /crl/v1/{snapshot,delta,keys,trust} re-served from the primary's signed bytes; meta and filter
// name the primary; the write API answers 503 naming the primary.
void add_replica_routes(service_app::parts& p, http::router& r);
// Ready when the last successful poll is at most three intervals old; the detail shows the lag.
http::readiness replica_readiness(const service_app::parts& p);
// The poll loop (offloaded to the blocking pool). Runs until the io_context stops.
void start_replica_tasks(service_app::parts& p);

}  // namespace certgate::app
