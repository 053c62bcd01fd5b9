#include "update/routes.hpp"

#include "shared/http/offload.hpp"
#include "shared/http/query.hpp"
#include "shared/json/write.hpp"

#include <chrono>
#include <string>
#include <utility>

namespace certgate::update {

namespace {

namespace net = boost::asio;

http::response answer(const api_error& e) {
    return http::json_response(e.status(), json::to_string(to_json(e)));
}

template <class T>
http::response answer(const outcome<T>& r) {
    if (!r) {
        return answer(r.error());
    }
    return http::json_response(200, json::to_string(to_json(*r)));
}

// A 401 or 403 answer when the request's token does not carry `role`, else nothing.
std::optional<http::response> refuse(const http::request& req, const auth::verifier& tokens,
                                     const std::string& role) {
    auto header = req.header("Authorization");
    auto token = auth::bearer_token(header.value_or(std::string_view{}));
    auto claims = token ? tokens.verify(*token, std::chrono::system_clock::now())
                        : result<auth::claims>(token.error());
    if (!claims) {
        http::response r = http::error_response(401, "unauthorized", claims.error().message());
        r.set("WWW-Authenticate", "Bearer");
        return r;
    }
    if (!auth::has_role(*claims, role)) {
        return http::error_response(403, "forbidden", "this call needs the role " + role);
    }
    return std::nullopt;
}

std::optional<http::response> refuse_media_type(const http::request& req) {
    if (!is_json_content_type(req.header("Content-Type").value_or(std::string_view{}))) {
        return http::error_response(415, "unsupported_media_type",
                                    "the body must be application/json");
    }
    return std::nullopt;
}

}  // namespace

bool is_json_content_type(std::string_view v) noexcept {
    v = v.substr(0, v.find(';'));
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
        v.remove_prefix(1);
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
        v.remove_suffix(1);
    }
    constexpr std::string_view want = "application/json";
    if (v.size() != want.size()) {
        return false;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != want[i]) {
            return false;
        }
    }
    return true;
}

namespace {

// What every handler needs. Handlers are coroutine functions that take it by value, so the
// coroutine frame owns copies (a lambda coroutine's captures would live in the lambda instead).
struct deps {
    service* svc;
    const auth::verifier* tokens;
    net::thread_pool* pool;
    std::string role;
};

net::awaitable<http::response> handle_issue(deps d, api_version version, bool is_update,
                                            http::request_context& ctx) {
    if (auto no = refuse(ctx.req, *d.tokens, d.role)) {
        co_return std::move(*no);
    }
    if (auto no = refuse_media_type(ctx.req)) {
        co_return std::move(*no);
    }
    std::string body = std::move(ctx.req.body);
    auto out = co_await http::offload(*d.pool, [&] {
        return is_update ? d.svc->update(body, version) : d.svc->certify(body, version);
    });
    co_return answer(out);
}

net::awaitable<http::response> handle_revoke(deps d, http::request_context& ctx) {
    if (auto no = refuse(ctx.req, *d.tokens, d.role)) {
        co_return std::move(*no);
    }
    auto q = http::parse_query(ctx.req.query());
    if (!q) {
        co_return answer(api_error{errc::invalid_request, "the query string is not well-formed",
                                   std::nullopt, "doses"});
    }
    // doses=1,2 (DIVOC's csv form) or doses=1&doses=2.
    std::optional<std::string> doses;
    for (std::string_view one : q->get_all("doses")) {
        doses = doses ? *doses + "," + std::string(one) : std::string(one);
    }
    auto sel = parse_dose_selection(doses ? std::optional<std::string_view>(*doses) : std::nullopt,
                                    q->get("allDoses"));
    if (!sel) {
        co_return answer(sel.error());
    }
    std::string code(ctx.param("preEnrollmentCode"));
    auto out = co_await http::offload(*d.pool, [&] { return d.svc->revoke(code, *sel); });
    co_return answer(out);
}

net::awaitable<http::response> handle_get(deps d, http::request_context& ctx) {
    if (auto no = refuse(ctx.req, *d.tokens, d.role)) {
        co_return std::move(*no);
    }
    std::string id(ctx.param("certificateId"));
    // A point read that may miss the block cache: off the io_context too.
    auto out = co_await http::offload(*d.pool, [&] { return d.svc->get(id); });
    co_return answer(out);
}

net::awaitable<http::response> handle_suspend(deps d, http::request_context& ctx) {
    if (auto no = refuse(ctx.req, *d.tokens, d.role)) {
        co_return std::move(*no);
    }
    const bool has_body = ctx.req.body.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_body) {
        if (auto no = refuse_media_type(ctx.req)) {
            co_return std::move(*no);
        }
    }
    auto until = parse_suspension(ctx.req.body);
    if (!until) {
        co_return answer(until.error());
    }
    std::string id(ctx.param("certificateId"));
    auto out = co_await http::offload(*d.pool, [&] { return d.svc->suspend(id, *until); });
    co_return answer(out);
}

net::awaitable<http::response> handle_revoke_by_id(deps d, http::request_context& ctx) {
    if (auto no = refuse(ctx.req, *d.tokens, d.role)) {
        co_return std::move(*no);
    }
    // No body is read; one that is sent must still be JSON, as everywhere on the write API.
    const bool has_body = ctx.req.body.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_body) {
        if (auto no = refuse_media_type(ctx.req)) {
            co_return std::move(*no);
        }
    }
    std::string id(ctx.param("certificateId"));
    auto out = co_await http::offload(*d.pool, [&] { return d.svc->revoke_by_id(id); });
    co_return answer(out);
}

net::awaitable<http::response> handle_lift(deps d, http::request_context& ctx) {
    if (auto no = refuse(ctx.req, *d.tokens, d.role)) {
        co_return std::move(*no);
    }
    std::string id(ctx.param("certificateId"));
    auto out = co_await http::offload(*d.pool, [&] { return d.svc->lift(id); });
    co_return answer(out);
}

}  // namespace

void add_routes(http::router& r, service& svc, const auth::verifier& tokens, net::thread_pool& pool,
                const routes_options& opts) {
    const std::string v1 = opts.prefix + "/v1";
    const std::string v3 = opts.prefix + "/v3";
    const deps staff{&svc, &tokens, &pool, opts.staff_role};
    const deps admin{&svc, &tokens, &pool, opts.admin_role};
    const http::route_options body_opts{opts.body_limit};

    auto issue = [staff](api_version version, bool is_update) {
        return [staff, version, is_update](http::request_context& ctx) {
            return handle_issue(staff, version, is_update, ctx);
        };
    };
    r.add("POST", v1 + "/certify", issue(api_version::v1, false), body_opts);
    r.add("POST", v3 + "/certify", issue(api_version::v3, false), body_opts);
    r.add("PUT", v1 + "/certificate", issue(api_version::v1, true), body_opts);
    r.add("PUT", v3 + "/certificate", issue(api_version::v3, true), body_opts);
    r.add("DELETE", v1 + "/certificates/{preEnrollmentCode}",
          [staff](http::request_context& ctx) { return handle_revoke(staff, ctx); });
    r.add("GET", v1 + "/certificates/{certificateId}",
          [admin](http::request_context& ctx) { return handle_get(admin, ctx); });
    r.add("POST", v1 + "/certificates/{certificateId}/revoke",
          [staff](http::request_context& ctx) { return handle_revoke_by_id(staff, ctx); });
    r.add("POST", v1 + "/certificates/{certificateId}/suspend",
          [admin](http::request_context& ctx) { return handle_suspend(admin, ctx); });
    r.add("DELETE", v1 + "/certificates/{certificateId}/suspend",
          [admin](http::request_context& ctx) { return handle_lift(admin, ctx); });
}

}  // namespace certgate::update
