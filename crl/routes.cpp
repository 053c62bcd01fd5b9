#include "crl/routes.hpp"

#include "shared/http/offload.hpp"
#include "shared/http/query.hpp"

#include <cctype>
#include <memory>
#include <optional>
#include <utility>

namespace certgate::crl {

namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// A decimal u64 of at most 18 digits (no sign, no spaces).
std::optional<std::uint64_t> parse_version(std::string_view s) noexcept {
    if (s.empty() || s.size() > 18) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

enum class caching { latest, immutable };

http::response serve(const http::request& req, const representation& rep, caching c,
                     const routes_options& opts) {
    http::response res;
    const bool gz = !rep.gzip.empty() && accepts_gzip(req.header("Accept-Encoding").value_or(""));
    const std::string& etag = gz ? rep.gzip_etag : rep.etag;
    res.set("ETag", etag);
    res.set("Vary", "Accept, Accept-Encoding");
    res.set("Cache-Control", c == caching::immutable
                                 ? std::string("public, max-age=31536000, immutable")
                                 : "public, max-age=" + std::to_string(opts.latest_max_age_s));
    if (!rep.signature.empty()) {
        res.set("CRL-Signature", rep.signature);
    }
    if (auto inm = req.header("If-None-Match"); inm && etag_matches(*inm, etag)) {
        res.status = 304;
        return res;
    }
    res.status = 200;
    res.set("Content-Type", rep.content_type);
    if (gz) {
        res.set("Content-Encoding", "gzip");
        res.body = rep.gzip;
    } else {
        res.body = rep.body;
    }
    return res;
}

http::response not_ready() {
    return http::error_response(503, "crl_not_ready", "the revocation list is not published yet");
}

http::response delta_error_response(delta_error e) {
    switch (e) {
        case delta_error::bad_range:
            return http::error_response(
                400, "bad_delta_range",
                "`since` and `to` must be versions with since <= to <= the current version");
        case delta_error::gone:
        case delta_error::too_large:
            return http::error_response(
                410, "delta_gone",
                "this delta is no longer kept; fetch /crl/v1/snapshot, then deltas since its "
                "version");
        case delta_error::storage:
        case delta_error::ok:
            break;
    }
    return http::error_response(503, "crl_unavailable", "the revocation list cannot be read now");
}

using pick_fn = const representation& (*)(const crl_snapshot&);

}  // namespace

bool accepts_gzip(std::string_view header) noexcept {
    bool star = false, gzip = false, gzip_listed = false;
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view item = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        auto semi = item.find(';');
        std::string_view coding = trim(item.substr(0, semi));
        bool zero = false;
        if (semi != std::string_view::npos) {
            std::string_view params = trim(item.substr(semi + 1));
            if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
                std::string_view q = trim(params.substr(2));
                zero = !q.empty() && q[0] == '0' &&
                       q.find_first_not_of("0.") == std::string_view::npos;
            }
        }
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
            gzip_listed = true;
            gzip = !zero;
        } else if (coding == "*") {
            star = !zero;
        }
    }
    return gzip || (!gzip_listed && star);
}

bool etag_matches(std::string_view inm, std::string_view etag) noexcept {
    while (!inm.empty()) {
        auto comma = inm.find(',');
        std::string_view tag = trim(inm.substr(0, comma));
        inm = comma == std::string_view::npos ? std::string_view{} : inm.substr(comma + 1);
        if (tag == "*") {
            return true;
        }
        if (tag.substr(0, 2) == "W/") {
            tag.remove_prefix(2);
        }
        if (tag == etag) {
            return true;
        }
    }
    return false;
}

void add_routes(http::router& r, publisher& pub, boost::asio::thread_pool& pool,
                const routes_options& opts) {
    auto fixed = [&r, &pub, opts](std::string_view name, pick_fn pick) {
        r.add_sync("GET", opts.prefix + "/" + std::string(name),
                   [&pub, opts, pick](http::request_context& ctx) {
                       auto snap = pub.current();
                       if (!snap) {
                           return not_ready();
                       }
                       const representation& rep = pick(*snap);
                       if (rep.body.empty()) {
                           return http::error_response(404, "not_available",
                                                       "this list is not built on this server");
                       }
                       return serve(ctx.req, rep, caching::latest, opts);
                   });
    };
    fixed("meta", [](const crl_snapshot& s) -> const representation& { return s.meta; });
    fixed("filter", [](const crl_snapshot& s) -> const representation& { return s.filter; });
    fixed("keys", [](const crl_snapshot& s) -> const representation& { return s.keys; });
    fixed("trust", [](const crl_snapshot& s) -> const representation& { return s.trust; });

    r.add_sync("GET", opts.prefix + "/snapshot", [&pub, opts](http::request_context& ctx) {
        auto snap = pub.current();
        if (!snap) {
            return not_ready();
        }
        auto accept = ctx.req.header("Accept").value_or("");
        bool binary = accept.find(binary_snapshot_type) != std::string_view::npos;
        return serve(ctx.req, binary ? snap->binary : snap->json, caching::latest, opts);
    });

    r.add(
        "GET", opts.prefix + "/delta",
        [&pub, &pool, opts](http::request_context& ctx) -> boost::asio::awaitable<http::response> {
            auto q = http::parse_query(ctx.req.query());
            if (!q) {
                co_return http::error_response(400, "bad_query", "the query does not decode");
            }
            auto since_text = q->get("since");
            auto to_text = q->get("to");
            auto since = since_text ? parse_version(*since_text) : std::nullopt;
            auto to = to_text ? parse_version(*to_text) : std::nullopt;
            if (!since || (to_text && !to)) {
                co_return http::error_response(400, "bad_delta_range",
                                               "`since` (and `to`, if given) must be versions");
            }
            if (!pub.current()) {
                co_return not_ready();
            }
            auto ans = pub.cached_delta(*since, to);
            if (ans.error == delta_error::ok && !ans.rep) {
                ans = co_await http::offload(pool,
                                             [&pub, s = *since, to] { return pub.delta(s, to); });
            }
            if (ans.error != delta_error::ok || !ans.rep) {
                co_return delta_error_response(ans.error);
            }
            co_return serve(ctx.req, *ans.rep, to ? caching::immutable : caching::latest, opts);
        });
}

}  // namespace certgate::crl
