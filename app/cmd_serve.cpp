// certgate serve: wires config, store, revocation set, verify core and the write API into one
// HTTP server, then runs it until SIGINT/SIGTERM.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/data_dir.hpp"
#include "app/runtime.hpp"
#include "crl/revocation_store.hpp"
#include "shared/auth/verifier.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/http/health.hpp"
#include "shared/http/server.hpp"
#include "shared/proof/engine_pool.hpp"
#include "shared/store/database.hpp"
#include "update/routes.hpp"
#include "update/service.hpp"
#include "verify/routes.hpp"
#include "verify/verifier.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

namespace certgate::app {

namespace {

constexpr const char* usage =
    "usage: certgate serve [--config FILE] [--data DIR] [--listen HOST:PORT] [--threads N]\n"
    "                      [--key-type rsa|ed25519] [--trust METHOD=KEYFILE]... [--contexts DIR]\n"
    "\n"
    "Runs the service: DIVOC's write API under /divoc/api (JWT bearer tokens), POST /verify,\n"
    "POST /divoc/api/v1/certificate/revoked, GET /healthz and /readyz.\n"
    "With no options it uses ./certgate-data and listens on 127.0.0.1:8080; the first start\n"
    "creates the data directory with a signing key, a token key and certgate.json.\n"
    "It prints `listening on http://HOST:PORT` with the port actually bound (port 0 picks one).\n"
    "\n"
    "  --config FILE          JSON config file (docs/configuration.md lists every key)\n"
    "  --data DIR             data directory (default ./certgate-data)\n"
    "  --listen HOST:PORT     listen address (default 127.0.0.1:8080)\n"
    "  --threads N            io threads (default: one per core)\n"
    "  --key-type rsa|ed25519 signing key made on first start (default rsa, RSA-2048)\n"
    "  --trust METHOD=KEYFILE trust another issuer's key; repeatable\n"
    "  --contexts DIR         JSON-LD context directory (default: beside the binary)\n"
    "\n"
    "Exit codes: 0 after a clean shutdown, 2 on a configuration or start-up error.\n";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string now_to_second() {
    std::string t = crl::format_time_ms(now_ms());
    return t.substr(0, 19) + "Z";  // DIVOC's proofs carry whole seconds
}

int fail(const std::string& message) {
    std::fprintf(stderr, "certgate serve: %s\n", message.c_str());
    return 2;
}

}  // namespace

int run_serve(int argc, char** argv) {
    parsed_args args(argc, argv, 2,
                     {.with_value = {"--config", "--data", "--listen", "--threads", "--key-type",
                                     "--trust", "--contexts", "--follow"},
                      .flags = {}});
    if (args.help()) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (!args.error().empty() || !args.positionals().empty()) {
        std::fprintf(stderr, "certgate serve: %s\n%s",
                     args.error().empty() ? "unexpected argument" : args.error().c_str(), usage);
        return 2;
    }
    std::string message;
    config cfg;
    if (!load_config(args, cfg, message)) {
        return fail(message);
    }
    if (!cfg.follow.empty()) {
        return fail("--follow (replica mode) is not available in this build");
    }
    log::logger logger(log::level::info);

    std::vector<std::string> created;
    if (!prepare_data_dir(cfg, created, message)) {
        return fail(message);
    }
    for (const auto& path : created) {
        std::printf("created %s\n", path.c_str());
    }

    auto signing_key = ossl::load_private_key_file(cfg.in_data(cfg.signing_key));
    if (!signing_key) {
        return fail("cannot load signing key " + cfg.in_data(cfg.signing_key).string() + ": " +
                    signing_key.error().message());
    }
    auto signing_pub = ossl::public_of(*signing_key);
    auto contexts = load_contexts(cfg.contexts_dir, message);
    if (!contexts || !signing_pub) {
        return fail(message);
    }
    proof::key_ring keys;
    keys.add(cfg.verification_method, *signing_pub);  // certgate's own key is always trusted
    if (!add_trust(keys, cfg.trust, cfg.data_dir, message)) {
        return fail(message);
    }

    auto db = store::database::open(std::filesystem::path(cfg.data_dir) / "db", {}, logger);
    if (!db) {
        return fail("cannot open the store in " + cfg.data_dir + "/db: " + db.error().message());
    }
    crl::revocation_set revocations;
    auto loaded = crl::load_revocations(*db, revocations, logger);
    if (!loaded) {
        return fail("cannot load revocations: " + loaded.error().message());
    }

    verify::message_table messages;
    for (const auto& m : cfg.messages) {
        messages.set(m.status, m.reason, m.text, m.locale);
    }
    verify::verifier_options vopts;
    vopts.limits.max_payload = cfg.payload_limit;
    vopts.engine.max_depth = cfg.json_depth;
    vopts.engine.canon.max_work = cfg.canon_work;
    vopts.cache_entries = cfg.verify_cache;
    verify::verifier verifier(vopts, *contexts, keys, revocations);

    auth::verifier_options aopts;
    for (const auto& k : cfg.auth_keys) {
        aopts.key_files.push_back(cfg.in_data(k));
    }
    if (!cfg.auth_jwks.empty()) {
        aopts.jwks_files.push_back(cfg.in_data(cfg.auth_jwks));
    }
    aopts.leeway = std::chrono::seconds(cfg.auth_leeway_s);
    auto tokens = auth::verifier::create(aopts);
    if (!tokens) {
        return fail("cannot load the token keys: " + tokens.error().message());
    }

    proof::engine_options popts;
    popts.max_depth = cfg.json_depth;
    popts.canon.max_work = cfg.canon_work;
    proof::engine_pool signers(*contexts, popts);
    update::service_options sopts;
    sopts.certificate_id_width = cfg.certificate_id_digits;
    sopts.update_limit = cfg.update_limit;
    sopts.max_items = cfg.max_items;
    sopts.credential.issuer = cfg.issuer;
    sopts.credential.base_url = cfg.base_url;
    sopts.credential.did = cfg.did;
    sopts.credential.context_v1 = cfg.context_v1;
    sopts.credential.context_v2 = cfg.context_v2;
    const ossl::private_key& key = *signing_key;
    const std::string method = cfg.verification_method;
    update::service updates(
        *db, revocations,
        [&signers, &key, method](json::value credential) {
            return signers.acquire()->sign(std::move(credential), key, method, now_to_second());
        },
        sopts, update::system_clock(), update::os_random(), logger);

    unsigned threads =
        cfg.threads != 0 ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
    // Synced writes and signing run here, never on the io threads.
    boost::asio::thread_pool blocking(std::max(2u, threads));

    http::router router;
    http::add_health_routes(router, [] { return http::readiness{true, "store open"}; });
    verify::add_routes(router, verifier, messages, revocations,
                       {.payload_limit = cfg.payload_limit, .now_ms = now_ms});
    update::add_routes(router, updates, *tokens, blocking,
                       {.staff_role = cfg.staff_role,
                        .admin_role = cfg.admin_role,
                        .prefix = "/divoc/api",
                        .body_limit = cfg.body_limit});

    auto colon = cfg.listen.rfind(':');
    http::server_options hopts;
    hopts.host = cfg.listen.substr(0, colon);
    hopts.port = static_cast<std::uint16_t>(std::stoul(cfg.listen.substr(colon + 1)));
    hopts.timeout = std::chrono::seconds(cfg.read_timeout_s);
    hopts.body_limit = cfg.body_limit;
    boost::asio::io_context ioc(static_cast<int>(threads));
    http::server server(ioc, std::move(router), hopts, logger);
    auto ep = server.listen();
    if (!ep) {
        return fail("cannot listen on " + cfg.listen + ": " + ep.error().message());
    }
    std::printf("signing key %s (verificationMethod %s)\n",
                cfg.in_data(cfg.signing_key).string().c_str(), cfg.verification_method.c_str());
    std::printf("revocations loaded: %zu\n", loaded->loaded);
    std::printf("listening on %s\n", ep->url().c_str());
    std::fflush(stdout);
    server.stop_on_signals();
    http::run(ioc, threads);
    blocking.join();
    std::printf("stopped\n");
    return 0;
}

}  // namespace certgate::app
