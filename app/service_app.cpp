#include "app/service_app.hpp"

#include "app/crl_app.hpp"
#include "app/replica_app.hpp"
#include "app/runtime.hpp"
#include "crl/revocation.hpp"
#include "crl/revocation_store.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/http/health.hpp"
#include "update/routes.hpp"
#include "verify/routes.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

namespace certgate::app {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

std::string now_to_second() {
    std::string t = crl::format_time_ms(now_ms());
    return t.substr(0, 19) + "Z";  // DIVOC's proofs carry whole seconds
}

// Every route the service answers. New route groups (e.g. the CRL's) are added here.
void add_service_routes(service_app::parts& p, http::router& router) {
    verify::add_routes(router, *p.verifier, p.messages, p.revocations,
                       {.payload_limit = p.cfg.payload_limit, .now_ms = now_ms});
    if (p.replica) {
        // A replica is ready while its list is fresh (app/replica_app.hpp).
        http::add_health_routes(router, [&p] { return replica_readiness(p); });
        add_replica_routes(p, router);
        return;
    }
    // Ready while the store is open; stop() clears it before the store closes.
    http::add_health_routes(router, [&p] {
        return p.ready.load() ? http::readiness{true, "store open"}
                              : http::readiness{false, "store not open"};
    });
    update::add_routes(router, *p.updates, *p.tokens, *p.blocking,
                       {.staff_role = p.cfg.staff_role,
                        .admin_role = p.cfg.admin_role,
                        .prefix = "/divoc/api",
                        .body_limit = p.cfg.body_limit});
    add_crl_routes(p, router);
}

// Tasks that run beside the server on its io_context (e.g. a replica's CRL follower). Called
// once, after listen() and before the io threads start.
void start_background_tasks(service_app::parts& p) {
    if (p.replica) {
        start_replica_tasks(p);
    } else {
        start_crl_tasks(p);
    }
}

bool build_verify(service_app::parts& p, std::string& message) {
    // A replica's certificate keys come from the primary's signed trust list (build_replica).
    if (p.cfg.follow.empty() && !add_config_trust(p.keys, p.cfg, message)) {
        return false;
    }
    for (const auto& m : p.cfg.messages) {
        p.messages.set(m.status, m.reason, m.text, m.locale);
    }
    verify::verifier_options vopts;
    vopts.limits.max_payload = p.cfg.payload_limit;
    vopts.engine.max_depth = p.cfg.json_depth;
    vopts.engine.canon.max_work = p.cfg.canon_work;
    vopts.cache_entries = p.cfg.verify_cache;
    p.verifier = std::make_unique<verify::verifier>(vopts, *p.contexts, p.keys, p.revocations);
    return true;
}

bool build_update(service_app::parts& p, std::string& message) {
    auth::verifier_options aopts;
    for (const auto& k : p.cfg.auth_keys) {
        aopts.key_files.push_back(p.cfg.in_data(k));
    }
    if (!p.cfg.auth_jwks.empty()) {
        aopts.jwks_files.push_back(p.cfg.in_data(p.cfg.auth_jwks));
    }
    aopts.leeway = std::chrono::seconds(p.cfg.auth_leeway_s);
    auto tokens = auth::verifier::create(aopts);
    if (!tokens) {
        message = "cannot load the token keys: " + tokens.error().message();
        return false;
    }
    p.tokens.emplace(std::move(*tokens));

    proof::engine_options popts;
    popts.max_depth = p.cfg.json_depth;
    popts.canon.max_work = p.cfg.canon_work;
    p.signers = std::make_unique<proof::engine_pool>(*p.contexts, popts);
    update::service_options sopts;
    sopts.certificate_id_width = p.cfg.certificate_id_digits;
    sopts.update_limit = p.cfg.update_limit;
    sopts.max_items = p.cfg.max_items;
    sopts.credential.issuer = p.cfg.issuer;
    sopts.credential.base_url = p.cfg.base_url;
    sopts.credential.did = p.cfg.did;
    sopts.credential.context_v1 = p.cfg.context_v1;
    sopts.credential.context_v2 = p.cfg.context_v2;
    if (auto bad = update::validate(sopts); !bad.empty()) {
        message = "invalid update options: " + bad;
        return false;
    }
    auto* signers = p.signers.get();
    const ossl::private_key* key = &*p.signing_key;
    std::string method = p.cfg.verification_method;
    p.updates = std::make_unique<update::service>(
        *p.db, p.revocations,
        [signers, key, method](json::value credential) {
            return signers->acquire()->sign(std::move(credential), *key, method, now_to_second());
        },
        sopts, update::system_clock(), update::os_random(), *p.logger);
    return true;
}

}  // namespace

std::unique_ptr<service_app> service_app::create(const config& cfg, log::logger& logger,
                                                 std::string& message) {
    unsigned threads =
        cfg.threads != 0 ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
    auto p = std::make_unique<parts>(static_cast<int>(threads));
    p->cfg = cfg;
    p->logger = &logger;
    p->threads = threads;

    auto key_path = cfg.in_data(cfg.signing_key);
    auto signing_key = ossl::load_private_key_file(key_path);
    if (!signing_key) {
        message =
            "cannot load signing key " + key_path.string() + ": " + signing_key.error().message();
        return nullptr;
    }
    p->signing_key.emplace(std::move(*signing_key));
    p->contexts = load_contexts(cfg.contexts_dir, message);
    if (!p->contexts) {
        return nullptr;
    }

    auto db_path = std::filesystem::path(cfg.data_dir) / "db";
    auto db = store::database::open(db_path, {}, logger);
    if (!db) {
        message = "cannot open the store in " + db_path.string() + ": " + db.error().message();
        if (db.error() == store::errc::storage_failure) {
            message += " (is another certgate using this data directory?)";
        }
        return nullptr;
    }
    p->db.emplace(std::move(*db));
    auto loaded = crl::load_revocations(*p->db, p->revocations, logger);
    if (!loaded) {
        message = "cannot load revocations: " + loaded.error().message();
        return nullptr;
    }
    p->revocations_loaded = loaded->loaded;

    if (!cfg.follow.empty() && !build_replica(*p, message)) {
        return nullptr;
    }
    if (!build_verify(*p, message) || !build_update(*p, message)) {
        return nullptr;
    }
    p->blocking = std::make_unique<boost::asio::thread_pool>(std::max(2u, threads));
    if (cfg.follow.empty() && !build_crl(*p, message)) {
        return nullptr;
    }

    http::router router;
    add_service_routes(*p, router);
    auto colon = cfg.listen.rfind(':');
    http::server_options hopts;
    hopts.host = cfg.listen.substr(0, colon);
    hopts.port = static_cast<std::uint16_t>(std::stoul(cfg.listen.substr(colon + 1)));
    hopts.timeout = std::chrono::seconds(cfg.read_timeout_s);
    hopts.body_limit = cfg.body_limit;
    std::unique_ptr<service_app> app(new service_app(std::move(p)));
    app->server_ =
        std::make_unique<http::server>(app->parts_->ioc, std::move(router), hopts, logger);
    app->parts_->ready = true;
    return app;
}

service_app::service_app(std::unique_ptr<parts> p) : parts_(std::move(p)) {}

service_app::~service_app() {
    parts_->ready = false;
    server_.reset();
    if (parts_->blocking) {
        parts_->blocking->join();
    }
}

result<http::endpoint> service_app::listen() {
    auto ep = server_->listen();
    if (ep) {
        start_background_tasks(*parts_);
    }
    return ep;
}

void service_app::run() {
    http::run(parts_->ioc, parts_->threads);
    parts_->ready = false;
    // Requests that offloaded work finish it before the store can close.
    parts_->blocking->join();
}

void service_app::stop() {
    parts_->ready = false;
    server_->stop();
}

void service_app::stop_on_signals() { server_->stop_on_signals(); }

}  // namespace certgate::app
