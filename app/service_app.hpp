// File: app/service_app.hpp
// The running service, built from a config: the store, the revocation set, the verify core, the
// token verifier, the update service, the routes and the HTTP server. `certgate serve` and the
// integration tests start it the same way:
//
//   auto app = service_app::create(cfg, logger, message);   // nullptr + message on failure
//   auto ep = app->listen();                                 // the bound endpoint
//   app->run();                                              // blocks until stop()
//
// Where to add things: routes go in add_service_routes() (service_app.cpp), background tasks
// (e.g. a replica's follower) in start_background_tasks(); both see the parts below.
#pragma once

#include "app/config.hpp"
#include "crl/revocation_set.hpp"
#include "shared/auth/verifier.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/http/server.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/engine_pool.hpp"
#include "shared/proof/key_ring.hpp"
#include "shared/store/database.hpp"
#include "shared/util/log.hpp"
#include "shared/util/result.hpp"
#include "update/service.hpp"
#include "verify/messages.hpp"
#include "verify/verifier.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

struct crl_distribution;  // app/crl_app.hpp
struct replica_state;     // app/replica_app.hpp

// Unix epoch milliseconds now.
std::int64_t now_ms();

class service_app {
public:
    // What the routes and background tasks work with. All of it lives as long as the service_app.
    struct parts {
        config cfg;
        log::logger* logger = nullptr;
        std::optional<ld::context_registry> contexts;
        std::optional<ossl::private_key> signing_key;
        proof::key_ring keys;  // own signing key under cfg.verification_method + cfg.trust
        std::optional<store::database> db;
        crl::revocation_set revocations;
        std::size_t revocations_loaded = 0;
        verify::message_table messages;
        std::unique_ptr<verify::verifier> verifier;
        std::optional<auth::verifier> tokens;
        std::unique_ptr<proof::engine_pool> signers;
        std::unique_ptr<update::service> updates;
        boost::asio::io_context ioc;
        // Synced writes and signing run here, never on the io threads.
        std::unique_ptr<boost::asio::thread_pool> blocking;
        // False until the store is open and the revocations loaded, and again once stop() began.
        std::atomic<bool> ready{false};
        unsigned threads = 1;
        // CRL distribution (app/crl_app.hpp): the publisher of /crl/v1 and its background tick.
        std::shared_ptr<crl_distribution> crl;
        // Replica mode (cfg.follow set, app/replica_app.hpp): the follower of the primary's CRL.
        // Then crl is null and the write API answers 503.
        std::shared_ptr<replica_state> replica;

        explicit parts(int concurrency) : ioc(concurrency) {}
    };

    // Builds everything from `cfg` (the data directory must already be prepared, see
    // prepare_data_dir). Returns nullptr and sets `message` (for a person) when a key, the
    // contexts, the store or the token keys cannot be loaded. `logger` must outlive the app.
    static std::unique_ptr<service_app> create(const config& cfg, log::logger& logger,
                                               std::string& message);

    service_app(const service_app&) = delete;
    service_app& operator=(const service_app&) = delete;
    ~service_app();

    // Binds and starts accepting (the io threads start in run()). Call once.
    [[nodiscard]] result<http::endpoint> listen();
    // Runs the io_context on cfg.threads threads (0 = one per core) and returns after stop() (or a
    // signal, with stop_on_signals) once in-flight requests finished; then waits for the blocking
    // pool. Call once, from any thread.
    void run();
    // Graceful stop; returns at once (run() returns when it is done). Thread-safe, idempotent.
    void stop();
    // SIGINT/SIGTERM → stop().
    void stop_on_signals();

    const parts& state() const noexcept { return *parts_; }

private:
    explicit service_app(std::unique_ptr<parts> p);

    std::unique_ptr<parts> parts_;
    std::unique_ptr<http::server> server_;
};

}  // namespace certgate::app
