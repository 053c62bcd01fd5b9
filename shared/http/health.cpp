#include "shared/http/health.hpp"

#include "shared/json/write.hpp"

namespace certgate::http {

void add_health_routes(router& r, std::function<readiness()> ready) {
    r.add_sync("GET", "/healthz",
               [](request_context&) { return json_response(200, R"({"status":"ok"})"); });
    r.add_sync("GET", "/readyz", [ready = std::move(ready)](request_context&) {
        readiness state = ready ? ready() : readiness{};
        if (!state.ready) {
            return error_response(503, "not_ready",
                                  state.detail.empty() ? "not ready" : state.detail);
        }
        std::string body = R"({"status":"ready")";
        if (!state.detail.empty()) {
            body += ",\"detail\":";
            json::write_string(body, state.detail);
        }
        body += '}';
        return json_response(200, std::move(body));
    });
}

}  // namespace certgate::http
