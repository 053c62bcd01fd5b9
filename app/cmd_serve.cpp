// certgate serve: loads the config, prepares the data directory (first start), then runs the
// service (app/service_app.hpp) until SIGINT/SIGTERM.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/data_dir.hpp"
#include "app/replica_app.hpp"
#include "app/service_app.hpp"
#include "shared/util/log.hpp"

#include <cstdio>

namespace certgate::app {

namespace {

constexpr const char* usage =
    "usage: certgate serve [--config FILE] [--data DIR] [--listen HOST:PORT] [--threads N]\n"
    "                      [--key-type rsa|ed25519] [--trust METHOD=KEYFILE]... [--contexts DIR]\n"
    "                      [--follow http://HOST:PORT [--follow-key JWKS]]\n"
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
    "  --follow URL           run as a read replica of the primary at URL (docs/crl.md)\n"
    "  --follow-key JWKS      pin the CRL keys the replica trusts (default: the primary's\n"
    "                         /crl/v1/keys at the first start); kept in DIR/replica/keys.json\n"
    "\n"
    "Exit codes: 0 after a clean shutdown, 2 on a configuration or start-up error.\n";

int fail(const std::string& message) {
    std::fprintf(stderr, "certgate serve: %s\n", message.c_str());
    return 2;
}

}  // namespace

int run_serve(int argc, char** argv) {
    parsed_args args(argc, argv, 2,
                     {.with_value = {"--config", "--data", "--listen", "--threads", "--key-type",
                                     "--trust", "--contexts", "--follow", "--follow-key"},
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
    if (args.value("--follow-key") && cfg.follow.empty()) {
        return fail("--follow-key needs --follow");
    }
    log::logger logger(log::level::info);

    std::vector<std::string> created;
    if (!prepare_data_dir(cfg, created, message)) {
        return fail(message);
    }
    for (const auto& path : created) {
        std::printf("created %s\n", path.c_str());
    }

    if (auto pinned = args.value("--follow-key");
        pinned && !pin_follow_keys(cfg, *pinned, message)) {
        return fail(message);
    }
    auto app = service_app::create(cfg, logger, message);
    if (!app) {
        return fail(message);
    }
    auto ep = app->listen();
    if (!ep) {
        return fail("cannot listen on " + cfg.listen + ": " + ep.error().message());
    }
    std::printf("signing key %s (verificationMethod %s)\n",
                cfg.in_data(cfg.signing_key).string().c_str(), cfg.verification_method.c_str());
    std::printf("revocations loaded: %zu\n", app->state().revocations_loaded);
    std::printf("listening on %s\n", ep->url().c_str());
    std::fflush(stdout);
    app->stop_on_signals();
    app->run();
    std::printf("stopped\n");
    return 0;
}

}  // namespace certgate::app
