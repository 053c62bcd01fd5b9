// File: shared/http/health.hpp
// The built-in probes: GET /healthz (200 {"status":"ok"} while the server serves) and GET /readyz
// (200 when the callback says ready, else 503 {"code":"not_ready","message":detail}).
#pragma once

#include "shared/http/router.hpp"

#include <functional>
#include <string>

namespace certgate::http {

struct readiness {
    bool ready = true;
    std::string detail;  // why not ready (or extra info when ready)
};

// `ready` is called on io_context threads for each /readyz request: it must be fast and
// thread-safe (read an atomic, not the disk).
void add_health_routes(router& r, std::function<readiness()> ready);

}  // namespace certgate::http
