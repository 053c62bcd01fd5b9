// certgate verify FILE...: the verify core that POST /verify uses, one JSON verdict line per file;
// with --data, against that data directory's trust and revocation set.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/runtime.hpp"
#include "crl/revocation_store.hpp"
#include "shared/json/value.hpp"
#include "shared/json/write.hpp"
#include "shared/store/database.hpp"
#include "verify/verifier.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace certgate::app {

namespace {
constexpr const char* usage =
    "usage: certgate verify FILE... [--trust METHOD=KEYFILE]... [--data DIR] [--contexts DIR]\n"
    "\n"
    "Checks each FILE as a verifier app's scan would be checked: plain JSON, a raw ZIP or DIVOC's\n"
    "UTF-8-transcoded ZIP; the Linked Data proof against the trusted keys; the identity\n"
    "(evidence[0].id vs certificateId). Prints one line per file:\n"
    "  "
    "{\"file\":...,\"status\":\"valid|revoked|suspended|invalid\",\"reason\":...,\"certificateId\":"
    "...}\n"
    "\n"
    "  --trust METHOD=KEYFILE  trust KEYFILE (PEM, base58 or JSON key) for proofs whose\n"
    "                          verificationMethod is METHOD; repeatable\n"
    "  --data DIR              also use that data directory: its own signing key (under its\n"
    "                          verificationMethod), its config's trust and its revocations.\n"
    "                          Fails while a `certgate serve` holds that store's lock.\n"
    "  --contexts DIR          JSON-LD context directory (default: beside the binary)\n"
    "\n"
    "Exit codes: 0 every file is valid, 1 some file is not, 2 usage or set-up error.\n";
}  // namespace

int run_verify(int argc, char** argv) {
    parsed_args args(argc, argv, 2,
                     {.with_value = {"--trust", "--contexts", "--data"}, .flags = {}});
    if (args.help()) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (!args.error().empty() || args.positionals().empty()) {
        std::fprintf(stderr, "certgate verify: %s\n%s",
                     args.error().empty() ? "expected at least one FILE" : args.error().c_str(),
                     usage);
        return 2;
    }
    std::string message;
    auto fail = [&message] {
        std::fprintf(stderr, "certgate verify: %s\n", message.c_str());
        return 2;
    };
    std::vector<trust_entry> trust;
    for (const auto& t : args.values("--trust")) {
        if (!parse_trust_list(t, trust, message)) {
            return fail();
        }
    }
    proof::key_ring keys;
    crl::revocation_set revocations;
    std::string contexts_dir = args.value("--contexts").value_or("");
    if (args.value("--data")) {
        // The data directory's trust (with the --trust flags, which load_config reads too) and
        // its revocations.
        config cfg;
        if (!load_config(args, cfg, message) || !add_config_trust(keys, cfg, message)) {
            return fail();
        }
        trust.clear();
        contexts_dir = cfg.contexts_dir;
        auto db_path = std::filesystem::path(cfg.data_dir) / "db";
        auto db = store::database::open(db_path, {.create_if_missing = false});
        if (!db && db.error() != store::errc::not_found) {
            message = "cannot open the store in " + db_path.string() + ": " + db.error().message() +
                      " (a running `certgate serve` holds its lock: stop it, or use POST /verify)";
            return fail();
        }
        if (db) {
            auto loaded = crl::load_revocations(*db, revocations);
            if (!loaded) {
                message = "cannot load revocations: " + loaded.error().message();
                return fail();
            }
        }
    }
    auto contexts = load_contexts(contexts_dir, message);
    if (!contexts || !add_trust(keys, trust, {}, message)) {
        return fail();
    }
    if (keys.empty()) {
        std::fprintf(stderr, "certgate verify: no trusted keys (use --trust or --data)\n");
        return 2;
    }
    verify::verifier_options opts;
    opts.cache_entries = 0;
    verify::verifier v(opts, *contexts, keys, revocations);
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    bool all_valid = true;
    for (const auto& file : args.positionals()) {
        json::value line{json::object{}};
        line.set("file", file);
        auto bytes = read_file(file, 1 << 20);
        if (!bytes) {
            line.set("status", "invalid");
            line.set("reason", "unreadable");
            all_valid = false;
        } else {
            verify::verdict verdict = v.check(*bytes, now_ms);
            line.set("status", verdict.status);
            line.set("reason", verdict.reason);
            if (!verdict.certificate_id.empty()) {
                line.set("certificateId", verdict.certificate_id);
            }
            all_valid = all_valid && verdict.status == "valid";
        }
        std::string out = json::to_string(line);
        out.push_back('\n');
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return all_valid ? 0 : 1;
}

}  // namespace certgate::app
