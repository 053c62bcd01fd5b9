#include "app/replica_app.hpp"

#include "crl/follower.hpp"
#include "crl/jws.hpp"
#include "crl/publisher.hpp"
#include "crl/routes.hpp"
#include "crl/snapshot.hpp"
#include "crl/trust.hpp"
#include "shared/http/offload.hpp"
#include "shared/http/query.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>

namespace certgate::app {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace fs = std::filesystem;

// The primary's address (--follow http://HOST:PORT).
struct primary_url {
    std::string host;
    std::string port;
};

namespace {

// ---- a small blocking HTTP/1.1 GET client (Beast), bounded in time -------------------------

std::optional<primary_url> parse_primary(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, scheme.size()) != scheme) {
        return std::nullopt;
    }
    url.remove_prefix(scheme.size());
    while (!url.empty() && url.back() == '/') {
        url.remove_suffix(1);
    }
    auto colon = url.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == url.size() ||
        url.find('/') != std::string_view::npos) {
        return std::nullopt;
    }
    return primary_url{std::string(url.substr(0, colon)), std::string(url.substr(colon + 1))};
}

struct fetched {
    unsigned status = 0;  // 0: no answer (see error)
    std::string body;
    std::string signature;
    std::string etag;
    std::string error;
};

fetched http_get(const primary_url& u, const std::string& target, const std::string& etag = {}) {
    fetched out;
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    boost::system::error_code ec;
    net::ip::tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(u.host, u.port, ec);
    if (ec) {
        out.error = "cannot resolve " + u.host + ": " + ec.message();
        return out;
    }
    const auto timeout = std::chrono::seconds(10);
    auto step = [&ioc] {
        ioc.restart();
        ioc.run();
    };
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&ec](boost::system::error_code e, const auto&) { ec = e; });
    step();
    beast::http::request<beast::http::empty_body> req(beast::http::verb::get, target, 11);
    req.set(beast::http::field::host, u.host + ":" + u.port);
    req.set(beast::http::field::connection, "close");
    if (!etag.empty()) {
        req.set(beast::http::field::if_none_match, etag);
    }
    if (!ec) {
        stream.expires_after(timeout);
        beast::http::async_write(stream, req,
                                 [&ec](boost::system::error_code e, std::size_t) { ec = e; });
        step();
    }
    beast::flat_buffer buf;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(std::uint64_t{1} << 30);
    if (!ec) {
        stream.expires_after(timeout);
        beast::http::async_read(stream, buf, parser,
                                [&ec](boost::system::error_code e, std::size_t) { ec = e; });
        step();
    }
    if (ec) {
        out.error = "GET " + target + ": " + ec.message();
        return out;
    }
    auto& res = parser.get();
    out.status = res.result_int();
    out.body = std::move(res.body());
    auto sig = res["CRL-Signature"];
    out.signature.assign(sig.data(), sig.size());
    auto etag_field = res[beast::http::field::etag];
    out.etag.assign(etag_field.data(), etag_field.size());
    return out;
}

// ---- files in <data>/replica --------------------------------------------------------------

std::optional<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string{std::istreambuf_iterator<char>(in), {}};
}

// Written to a temporary file and renamed, so a crash never leaves half a body.
bool write_file(const fs::path& p, std::string_view bytes) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    fs::path tmp = p;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            return false;
        }
    }
    fs::rename(tmp, p, ec);
    return !ec;
}

fs::path replica_dir(const config& cfg) { return fs::path(cfg.data_dir) / "replica"; }

}  // namespace

// ---- the state ----------------------------------------------------------------------------

struct replica_state {
    primary_url primary;
    std::string primary_text;  // as configured, for messages
    fs::path dir;
    crl::follower follower;  // touched by start-up and the poll (one at a time) only
    std::string keys_body;   // the key list trusted now (as the primary signed it, or pinned)
    std::string delta_etag;  // of the last delta answer
    std::atomic<std::int64_t> last_ok_ms{0};
    std::atomic<std::uint64_t> version{0};

    // The primary's signed bytes, re-served (guarded by mu).
    mutable std::mutex mu;
    std::shared_ptr<const crl::representation> snapshot, trust, keys;
    std::map<std::uint64_t, std::shared_ptr<const crl::representation>> deltas;  // by `from`

    replica_state(primary_url u, std::string text, fs::path d, std::vector<crl::trusted_key> k)
        : primary(std::move(u)),
          primary_text(std::move(text)),
          dir(std::move(d)),
          follower(std::move(k)) {}
};

namespace {

constexpr const char* json_type = "application/json";

std::shared_ptr<const crl::representation> rep_of(std::string body, std::string signature) {
    return std::make_shared<const crl::representation>(
        crl::make_representation(json_type, std::move(body), std::move(signature)));
}

// Applies a delta body (already accepted by the follower) to the revocation set.
void apply_delta_to_set(crl::revocation_set& set, std::string_view body) {
    auto d = crl::parse_delta_json(body);
    if (!d) {
        return;
    }
    for (const auto& r : d->added) {
        set.apply(r);
    }
    for (const auto& id : d->removed) {
        set.lift(id);
    }
}

// Makes the set hold `now` where it held `before` (a new snapshot replaced the state).
void apply_snapshot_to_set(crl::revocation_set& set, const crl::snapshot_entries& before,
                           const crl::snapshot_entries& now) {
    std::map<std::string_view, const crl::revocation*> fresh;
    for (const auto& r : now.entries) {
        fresh.emplace(r.identity, &r);
    }
    for (const auto& r : before.entries) {
        if (!fresh.contains(r.identity)) {
            set.lift(r.identity);
        }
    }
    for (const auto& r : now.entries) {
        set.apply(r);
    }
}

fs::path delta_path(const fs::path& dir, std::uint64_t from) {
    return dir / "deltas" / (std::to_string(from) + ".json");
}

// A new snapshot (first start, or the primary answered 410): accepted, stored, applied.
bool take_snapshot(service_app::parts& p, replica_state& s, std::string& why) {
    auto got = http_get(s.primary, "/crl/v1/snapshot");
    if (got.status != 200) {
        why = got.status == 0 ? got.error : "snapshot answered " + std::to_string(got.status);
        return false;
    }
    crl::snapshot_entries before = s.follower.state();
    if (auto e = s.follower.apply_snapshot(got.body, got.signature); e != crl::follow_error::ok) {
        why = "snapshot rejected: " + std::string(crl::to_string(e));
        return false;
    }
    std::error_code ec;
    fs::remove_all(s.dir / "deltas", ec);
    if (!write_file(s.dir / "snapshot.sig", got.signature) ||
        !write_file(s.dir / "snapshot.json", got.body)) {
        p.logger->warn("replica: cannot store the snapshot in " + s.dir.string());
    }
    apply_snapshot_to_set(p.revocations, before, s.follower.state());
    s.version = s.follower.version();
    std::lock_guard lock(s.mu);
    s.snapshot = rep_of(std::move(got.body), std::move(got.signature));
    s.deltas.clear();
    return true;
}

// The signed trust list: from the primary when it answers (stored), else the stored copy.
bool take_trust(service_app::parts& p, replica_state& s, std::string& why) {
    auto got = http_get(s.primary, "/crl/v1/trust");
    std::string body, sig;
    if (got.status == 200 && crl::verify_detached(got.signature, got.body, s.follower.keys())) {
        body = std::move(got.body);
        sig = std::move(got.signature);
        write_file(s.dir / "trust.sig", sig);
        write_file(s.dir / "trust.json", body);
    } else {
        if (got.status == 200) {
            p.logger->warn("replica: the trust list from the primary fails its signature");
        }
        auto b = read_file(s.dir / "trust.json");
        auto g = read_file(s.dir / "trust.sig");
        if (!b || !g || !crl::verify_detached(*g, *b, s.follower.keys())) {
            why = "no signed trust list (" + (got.status == 0 ? got.error : "bad answer") + ")";
            return false;
        }
        body = std::move(*b);
        sig = std::move(*g);
    }
    auto ring = crl::parse_trust(body);
    if (!ring) {
        why = "the trust list does not parse";
        return false;
    }
    p.keys = std::move(*ring);
    std::lock_guard lock(s.mu);
    s.trust = rep_of(std::move(body), std::move(sig));
    return true;
}

// One poll: key list (rotation), then delta?since=<version>.
void poll(service_app::parts& p, replica_state& s) {
    auto keys = http_get(s.primary, "/crl/v1/keys");
    if (keys.status == 200 && keys.body != s.keys_body) {
        auto e = s.follower.accept_keys(keys.body, keys.signature);
        if (e == crl::follow_error::ok) {
            s.keys_body = keys.body;
            write_file(s.dir / "keys.json", keys.body);
            p.logger->info("replica: accepted a new CRL key list");
            std::lock_guard lock(s.mu);
            s.keys = rep_of(std::move(keys.body), std::move(keys.signature));
        } else {
            p.logger->warn("replica: rejected a key list from the primary: " +
                           std::string(crl::to_string(e)));
        }
    }
    const std::uint64_t v = s.follower.version();
    auto got = http_get(s.primary, "/crl/v1/delta?since=" + std::to_string(v), s.delta_etag);
    if (got.status == 304) {
        s.last_ok_ms = now_ms();
        return;
    }
    if (got.status == 410) {
        std::string why;
        if (take_snapshot(p, s, why)) {
            s.delta_etag.clear();
            s.last_ok_ms = now_ms();
        } else {
            p.logger->warn("replica: cannot catch up from the snapshot: " + why);
        }
        return;
    }
    if (got.status != 200) {
        p.logger->warn("replica: delta poll failed: " +
                       (got.status == 0 ? got.error : "status " + std::to_string(got.status)));
        return;
    }
    auto e = s.follower.apply_delta(got.body, got.signature);
    if (e != crl::follow_error::ok) {
        p.logger->warn("replica: rejected a delta from the primary: " +
                       std::string(crl::to_string(e)));
        return;
    }
    apply_delta_to_set(p.revocations, got.body);
    if (!write_file(s.dir / "deltas" / (std::to_string(v) + ".sig"), got.signature) ||
        !write_file(delta_path(s.dir, v), got.body)) {
        p.logger->warn("replica: cannot store a delta in " + s.dir.string());
    }
    s.delta_etag = got.etag;
    s.version = s.follower.version();
    s.last_ok_ms = now_ms();
    std::lock_guard lock(s.mu);
    s.deltas[v] = rep_of(std::move(got.body), std::move(got.signature));
}

// After a restart: the stored snapshot, then the stored deltas in order, each checked again.
bool resume_from_store(service_app::parts& p, replica_state& s) {
    auto body = read_file(s.dir / "snapshot.json");
    auto sig = read_file(s.dir / "snapshot.sig");
    if (!body || !sig) {
        return false;
    }
    if (auto e = s.follower.apply_snapshot(*body, *sig); e != crl::follow_error::ok) {
        p.logger->warn("replica: the stored snapshot is rejected (" +
                       std::string(crl::to_string(e)) + "); fetching it again");
        return false;
    }
    apply_snapshot_to_set(p.revocations, {}, s.follower.state());
    std::map<std::uint64_t, std::shared_ptr<const crl::representation>> deltas;
    for (;;) {
        const std::uint64_t v = s.follower.version();
        auto db = read_file(delta_path(s.dir, v));
        auto ds = read_file(s.dir / "deltas" / (std::to_string(v) + ".sig"));
        if (!db || !ds || s.follower.apply_delta(*db, *ds) != crl::follow_error::ok) {
            break;
        }
        apply_delta_to_set(p.revocations, *db);
        deltas[v] = rep_of(std::move(*db), std::move(*ds));
        if (s.follower.version() == v) {
            break;  // an empty delta ends the chain
        }
    }
    s.version = s.follower.version();
    std::lock_guard lock(s.mu);
    s.snapshot = rep_of(std::move(*body), std::move(*sig));
    s.deltas = std::move(deltas);
    return true;
}

http::response serve(const http::request& req, const crl::representation& rep, unsigned max_age_s) {
    if (auto inm = req.header("If-None-Match"); inm && crl::etag_matches(*inm, rep.etag)) {
        http::response r;
        r.status = 304;
        r.set("ETag", rep.etag);
        return r;
    }
    http::response r;
    r.body = rep.body;
    r.set("Content-Type", rep.content_type);
    r.set("ETag", rep.etag);
    if (!rep.signature.empty()) {
        r.set("CRL-Signature", rep.signature);
    }
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age_s));
    return r;
}

}  // namespace

bool pin_follow_keys(const config& cfg, const std::string& file, std::string& message) {
    auto body = read_file(file);
    if (!body) {
        message = "cannot read --follow-key " + file;
        return false;
    }
    auto keys = crl::parse_jwks(*body);
    if (!keys || keys->empty()) {
        message = "--follow-key " + file + " is not a JWKS with at least one key";
        return false;
    }
    if (!write_file(replica_dir(cfg) / "keys.json", *body)) {
        message = "cannot write " + (replica_dir(cfg) / "keys.json").string();
        return false;
    }
    return true;
}

bool build_replica(service_app::parts& p, std::string& message) {
    auto url = parse_primary(p.cfg.follow);
    if (!url) {
        message = "--follow wants http://HOST:PORT, not " + p.cfg.follow;
        return false;
    }
    const fs::path dir = replica_dir(p.cfg);
    // The CRL keys: pinned in the data dir (--follow-key, or kept from the first start), else the
    // primary's key list, which is then kept.
    std::string keys_body, keys_sig;
    if (auto pinned = read_file(dir / "keys.json")) {
        keys_body = std::move(*pinned);
    } else {
        auto got = http_get(*url, "/crl/v1/keys");
        if (got.status != 200) {
            message = "cannot fetch the CRL keys from " + p.cfg.follow + ": " +
                      (got.status == 0 ? got.error : "status " + std::to_string(got.status));
            return false;
        }
        keys_body = std::move(got.body);
        keys_sig = std::move(got.signature);
        if (!write_file(dir / "keys.json", keys_body)) {
            message = "cannot write " + (dir / "keys.json").string();
            return false;
        }
    }
    auto keys = crl::parse_jwks(keys_body);
    if (!keys || keys->empty()) {
        message = "the CRL key list in " + (dir / "keys.json").string() + " is not a usable JWKS";
        return false;
    }
    auto s = std::make_shared<replica_state>(*url, p.cfg.follow, dir, std::move(*keys));
    s->keys_body = keys_body;
    s->keys = rep_of(std::move(keys_body), std::move(keys_sig));

    std::string why;
    if (resume_from_store(p, *s)) {
        p.logger->info("replica: resumed from the store at version " +
                       std::to_string(s->follower.version()));
    } else if (!take_snapshot(p, *s, why)) {
        message = "cannot load the CRL snapshot from " + p.cfg.follow + ": " + why;
        return false;
    } else {
        s->last_ok_ms = now_ms();
    }
    if (!take_trust(p, *s, why)) {
        message = "cannot load the trust list of " + p.cfg.follow + ": " + why;
        return false;
    }
    p.replica = std::move(s);
    return true;
}

http::readiness replica_readiness(const service_app::parts& p) {
    const replica_state& s = *p.replica;
    const std::int64_t last = s.last_ok_ms.load();
    const std::int64_t lag = last == 0 ? -1 : now_ms() - last;
    const std::int64_t limit = 3 * static_cast<std::int64_t>(p.cfg.crl_poll_s) * 1000 + 1000;
    std::string detail = "replica of " + s.primary_text + " at version " +
                         std::to_string(s.version.load()) + ", last poll " +
                         (lag < 0 ? std::string("never") : std::to_string(lag) + " ms ago");
    return {p.ready.load() && lag >= 0 && lag <= limit, std::move(detail)};
}

void add_replica_routes(service_app::parts& p, http::router& r) {
    replica_state& s = *p.replica;
    const unsigned max_age = p.cfg.crl_poll_s;
    const std::string primary = s.primary_text;
    auto fixed = [&r, &s, max_age](std::string_view name,
                                   std::shared_ptr<const crl::representation> replica_state::*m) {
        r.add_sync("GET", "/crl/v1/" + std::string(name),
                   [&s, max_age, m](http::request_context& ctx) {
                       std::shared_ptr<const crl::representation> rep;
                       {
                           std::lock_guard lock(s.mu);
                           rep = s.*m;
                       }
                       return serve(ctx.req, *rep, max_age);
                   });
    };
    fixed("snapshot", &replica_state::snapshot);
    fixed("keys", &replica_state::keys);
    fixed("trust", &replica_state::trust);
    r.add_sync("GET", "/crl/v1/delta", [&s, max_age, primary](http::request_context& ctx) {
        auto q = http::parse_query(ctx.req.query());
        auto since_text = q ? q->get("since") : std::nullopt;
        std::uint64_t since = 0;
        bool number = false;
        if (since_text && !since_text->empty()) {
            const char* end = since_text->data() + since_text->size();
            auto [ptr, ec] = std::from_chars(since_text->data(), end, since);
            number = ec == std::errc{} && ptr == end;
        }
        if (!number || (q && q->get("to"))) {
            return http::error_response(400, "bad_delta_range",
                                        "a replica serves delta?since=N (no `to`); N a version");
        }
        std::shared_ptr<const crl::representation> rep;
        {
            std::lock_guard lock(s.mu);
            if (auto it = s.deltas.find(since); it != s.deltas.end()) {
                rep = it->second;
            }
        }
        if (!rep) {
            return http::error_response(
                410, "delta_gone",
                "this replica keeps only the primary's deltas from its snapshot on: fetch "
                "/crl/v1/snapshot, or ask the primary at " +
                    primary);
        }
        return serve(ctx.req, *rep, max_age);
    });
    for (std::string_view name : {"meta", "filter"}) {
        r.add_sync("GET", "/crl/v1/" + std::string(name), [primary](http::request_context&) {
            return http::error_response(
                404, "not_on_replica",
                "a replica does not serve this list; ask the primary at " + primary);
        });
    }
    auto read_only = [primary](http::request_context&) {
        return http::error_response(
            503, "read_only_replica",
            "this certgate is a read replica; send writes to the primary at " + primary);
    };
    const std::string v1 = "/divoc/api/v1";
    const std::string v3 = "/divoc/api/v3";
    r.add_sync("POST", v1 + "/certify", read_only);
    r.add_sync("POST", v3 + "/certify", read_only);
    r.add_sync("PUT", v1 + "/certificate", read_only);
    r.add_sync("PUT", v3 + "/certificate", read_only);
    r.add_sync("DELETE", v1 + "/certificates/{preEnrollmentCode}", read_only);
    r.add_sync("GET", v1 + "/certificates/{certificateId}", read_only);
    r.add_sync("POST", v1 + "/certificates/{certificateId}/revoke", read_only);
    r.add_sync("POST", v1 + "/certificates/{certificateId}/suspend", read_only);
    r.add_sync("DELETE", v1 + "/certificates/{certificateId}/suspend", read_only);
}

namespace {

net::awaitable<void> poll_loop(service_app::parts& p) {
    net::steady_timer timer(co_await net::this_coro::executor);
    while (p.ready.load()) {
        timer.expires_after(std::chrono::seconds(p.cfg.crl_poll_s));
        auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
        if (ec || !p.ready.load()) {
            co_return;
        }
        co_await http::offload(*p.blocking, [&p] { poll(p, *p.replica); });
    }
}

}  // namespace

void start_replica_tasks(service_app::parts& p) {
    net::co_spawn(p.ioc, poll_loop(p), [&p](std::exception_ptr ep) {
        if (ep) {
            p.logger->error("replica: poll task stopped by an exception");
        }
    });
}

}  // namespace certgate::app
