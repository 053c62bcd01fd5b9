// certgate import FILE...: stores DIVOC-signed certificates so that certgate can update and
// revoke them. Each is verified first against the data directory's trust and --trust keys.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/data_dir.hpp"
#include "app/runtime.hpp"
#include "crl/revocation_set.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "shared/store/database.hpp"
#include "update/import.hpp"
#include "verify/verifier.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace certgate::app {

namespace {

constexpr const char* usage =
    "usage: certgate import FILE... [--data DIR] [--config FILE] [--trust METHOD=KEYFILE]...\n"
    "                       [--contexts DIR]\n"
    "\n"
    "Loads signed DIVOC certificates into the store of DIR, so that the service can update and\n"
    "revoke them. A FILE holds a JSON array of certificates, one certificate, or JSON lines.\n"
    "Each is verified first (its own signing key, the config's trust and --trust). The\n"
    "preEnrollmentCode is credentialSubject.refId, the dose evidence[0].dose; for each\n"
    "(preEnrollmentCode, dose) the newest by issuanceDate is current and older ones are recorded\n"
    "as revoked (updated, replaced by the next newer). A certificate without a refId or dose is\n"
    "stored standalone: it verifies, and POST /divoc/api/v1/certificates/{id}/revoke revokes it.\n"
    "Run it while no `certgate serve` uses DIR.\n"
    "\n"
    "Prints one JSON line per rejected certificate\n"
    "  {\"file\":...,\"index\":N,\"certificateId\"?:...,\"reason\":...,\"message\":...}\n"
    "then a summary {\"imported\":N,\"rejected\":M}.\n"
    "\n"
    "  --data DIR              data directory (default ./certgate-data; made if missing)\n"
    "  --config FILE           JSON config file (docs/configuration.md)\n"
    "  --trust METHOD=KEYFILE  trust KEYFILE for proofs whose verificationMethod is METHOD;\n"
    "                          repeatable (DIVOC's is usually did:india)\n"
    "  --contexts DIR          JSON-LD context directory (default: beside the binary)\n"
    "\n"
    "Exit codes: 0 all imported, 1 some rejected, 2 usage, set-up or storage error.\n";

int fail(const std::string& message) {
    std::fprintf(stderr, "certgate import: %s\n", message.c_str());
    return 2;
}

void print_line(const json::value& v) {
    std::string out = json::to_string(v);
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
}

struct input_item {
    std::string file;
    std::size_t index = 0;  // within the file
    std::string text;       // the certificate's JSON text, as given where possible
};

// Splits a file into certificates: a JSON array, one JSON object, or JSON lines. Returns false
// when the file is none of these.
bool split_items(const std::string& file, const std::string& text, std::vector<input_item>& out) {
    const json::parse_options opts{.max_depth = 64, .max_size = 256 << 20};
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return false;
    }
    if (text[first] == '[') {
        auto doc = json::parse(text, opts);
        if (!doc || !doc->is_array()) {
            return false;
        }
        std::size_t i = 0;
        for (const auto& item : doc->as_array()) {
            out.push_back({file, i++, json::to_string(item)});
        }
        return true;
    }
    if (auto doc = json::parse(text, opts); doc && doc->is_object()) {
        out.push_back({file, 0, text});
        return true;
    }
    std::size_t start = 0, i = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        if (line.find_first_not_of(" \t\r") != std::string::npos) {
            out.push_back({file, i++, std::move(line)});
        }
        start = end + 1;
    }
    return !out.empty();
}

}  // namespace

int run_import(int argc, char** argv) {
    parsed_args args(argc, argv, 2,
                     {.with_value = {"--data", "--config", "--trust", "--contexts"}, .flags = {}});
    if (args.help()) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (!args.error().empty() || args.positionals().empty()) {
        std::fprintf(stderr, "certgate import: %s\n%s",
                     args.error().empty() ? "expected at least one FILE" : args.error().c_str(),
                     usage);
        return 2;
    }
    std::string message;
    config cfg;
    if (!load_config(args, cfg, message)) {
        return fail(message);
    }
    std::vector<input_item> items;
    for (const auto& file : args.positionals()) {
        auto text = read_file(file, std::size_t{256} << 20);
        if (!text) {
            return fail("cannot read " + file);
        }
        if (!split_items(file, *text, items)) {
            return fail(file + " is not a JSON array, a JSON object or JSON lines");
        }
    }
    std::vector<std::string> created;
    if (!prepare_data_dir(cfg, created, message)) {
        return fail(message);
    }
    auto contexts = load_contexts(cfg.contexts_dir, message);
    proof::key_ring keys;
    if (!contexts || !add_config_trust(keys, cfg, message)) {
        return fail(message);
    }
    auto db_path = std::filesystem::path(cfg.data_dir) / "db";
    auto db = store::database::open(db_path);
    if (!db) {
        return fail("cannot open the store in " + db_path.string() + ": " + db.error().message() +
                    " (stop the `certgate serve` that uses this data directory first)");
    }

    crl::revocation_set revocations;  // the import checks signatures only
    verify::verifier_options vopts;
    vopts.limits.max_payload = cfg.payload_limit;
    vopts.engine.max_depth = cfg.json_depth;
    vopts.engine.canon.max_work = cfg.canon_work;
    vopts.cache_entries = 0;
    verify::verifier verifier(vopts, *contexts, keys, revocations);

    std::vector<json::value> accepted;
    std::vector<std::size_t> origin;  // accepted[k] came from items[origin[k]]
    std::size_t rejected = 0;
    auto reject = [&](const input_item& it, const std::string& id, const std::string& reason,
                      const std::string& why) {
        json::value line{json::object{}};
        line.set("file", it.file);
        line.set("index", static_cast<std::int64_t>(it.index));
        if (!id.empty()) {
            line.set("certificateId", id);
        }
        line.set("reason", reason);
        line.set("message", why);
        print_line(line);
        ++rejected;
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
        verify::verdict v = verifier.check_signature(items[i].text);
        if (v.status != "valid") {
            reject(items[i], v.certificate_id, v.reason,
                   "the certificate does not verify with the trusted keys");
            continue;
        }
        auto doc = json::parse(items[i].text, {.max_depth = 64, .max_size = 16 << 20});
        if (!doc) {
            reject(items[i], v.certificate_id, "malformed", "not a JSON object");
            continue;
        }
        accepted.push_back(std::move(*doc));
        origin.push_back(i);
    }
    auto stored = update::import_certificates(*db, revocations, accepted);
    if (!stored) {
        return fail("the store failed: " + stored.error().message());
    }
    for (const auto& r : stored->rejected) {
        reject(items[origin[r.index]], r.certificate_id, r.reason, r.message);
    }
    json::value summary{json::object{}};
    summary.set("imported", static_cast<std::int64_t>(stored->imported.size()));
    summary.set("rejected", static_cast<std::int64_t>(rejected));
    print_line(summary);
    return rejected == 0 ? 0 : 1;
}

}  // namespace certgate::app
