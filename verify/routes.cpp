#include "verify/routes.hpp"

#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <chrono>

namespace certgate::verify {

namespace {
std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

http::response revoked_check(std::string_view body, const crl::revocation_set& revocations,
                             std::int64_t now_ms) {
    auto doc = json::parse(body, {.max_depth = 32, .max_size = 64 * 1024});
    const json::value* evidence = doc ? doc->find("evidence") : nullptr;
    const json::value* first = nullptr;
    if (evidence != nullptr && evidence->is_array() && !evidence->as_array().empty()) {
        first = &evidence->as_array()[0];
    }
    const json::value* id = first != nullptr ? first->find("id") : nullptr;
    if (id == nullptr || !id->is_string() || id->as_string().empty()) {
        return http::error_response(400, "malformed",
                                    "the body is not a signed credential with evidence[0].id");
    }
    json::value out{json::object{}};
    auto r = revocations.lookup(id->as_string());
    if (!r || !r->in_effect(now_ms)) {
        out.set("revoked", false);
        return http::json_response(404, json::to_string(out));
    }
    out.set("revoked", true);
    out.set("reason", std::string(crl::reason_name(r->why)));
    out.set("revokedAt", crl::format_time_ms(r->revoked_at_ms));
    if (r->until_ms) {
        out.set("until", crl::format_time_ms(*r->until_ms));
    }
    return http::json_response(200, json::to_string(out));
}

void add_routes(http::router& r, const verifier& v, const message_table& messages,
                const crl::revocation_set& revocations, routes_options opts) {
    auto now = opts.now_ms ? opts.now_ms : std::function<std::int64_t()>(system_now_ms);
    r.add_sync("POST", "/verify",
               [&v, &messages, now](http::request_context& c) {
                   verdict verdict = v.check(c.req.body, now());
                   auto lang = c.req.header("Accept-Language");
                   return http::json_response(
                       200, to_json(verdict, messages, lang ? *lang : std::string_view{}));
               },
               {.body_limit = opts.payload_limit});
    r.add_sync("POST", "/divoc/api/v1/certificate/revoked",
               [&revocations, now](http::request_context& c) {
                   return revoked_check(c.req.body, revocations, now());
               },
               {.body_limit = opts.payload_limit});
}

}  // namespace certgate::verify
