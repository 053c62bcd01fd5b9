#include "app/crl_app.hpp"

#include "crl/jws.hpp"
#include "crl/routes.hpp"
#include "crl/trust.hpp"
#include "shared/http/offload.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <utility>

namespace certgate::app {

namespace net = boost::asio;

bool build_crl(service_app::parts& p, std::string& message) {
    auto signer = crl::make_signer(*p.signing_key);
    if (!signer) {
        message = "cannot use the signing key for the CRL: " + signer.error().message();
        return false;
    }
    auto key = crl::make_trusted(signer->public_key);
    auto trust = crl::trust_json(p.keys, now_ms());
    if (!key || !trust) {
        message = "cannot build the CRL key or trust list";
        return false;
    }
    auto d = std::make_shared<crl_distribution>();
    d->publisher = std::make_unique<crl::publisher>(
        *p.db, std::move(*signer), std::vector<crl::trusted_key>{std::move(*key)},
        std::move(*trust), crl::publisher_options{}, *p.logger);
    // The first publication runs on the first tick, not here: start-up does not wait for it.
    p.crl = std::move(d);
    return true;
}

void add_crl_routes(service_app::parts& p, http::router& r) {
    crl::add_routes(r, *p.crl->publisher, *p.blocking,
                    {.prefix = "/crl/v1", .latest_max_age_s = p.cfg.crl_poll_s});
}

namespace {

// One tick, on the blocking pool: lift what expired, compact, publish.
void tick(service_app::parts& p) {
    crl_distribution& d = *p.crl;
    const std::int64_t now = now_ms();
    if (auto snap = d.publisher->current()) {
        for (const auto& e : crl::expired_suspensions(snap->entries, now)) {
            if (d.lift_failed.contains(e.identity)) {
                continue;
            }
            auto lifted = p.updates->lift(e.certificate_id);
            if (!lifted) {
                p.logger->warn("crl: cannot lift expired suspension of " + e.identity + ": " +
                               lifted.error().message);
                d.lift_failed.insert(e.identity);
            }
        }
    }
    if (auto n = crl::compact_log(*p.db, d.retention, now); !n) {
        p.logger->error("crl: log compaction failed: " + n.error().message());
    }
    if (auto r = d.publisher->refresh(now); !r) {
        p.logger->error("crl: publication failed: " + r.error().message());
    }
}

net::awaitable<void> tick_loop(service_app::parts& p) {
    net::steady_timer timer(co_await net::this_coro::executor);
    while (p.ready.load()) {
        co_await http::offload(*p.blocking, [&p] { tick(p); });
        timer.expires_after(std::chrono::seconds(1));
        auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
        if (ec) {
            co_return;
        }
    }
}

}  // namespace

void start_crl_tasks(service_app::parts& p) {
    net::co_spawn(p.ioc, tick_loop(p), [&p](std::exception_ptr ep) {
        if (ep) {
            p.logger->error("crl: background task stopped by an exception");
        }
    });
}

}  // namespace certgate::app
