// File: app/config.hpp
// certgate's configuration: every option with its default, loaded once in main. Sources, later
// ones winning: built-in defaults < <data>/certgate.json (written on first start) < --config FILE
// < CERTGATE_* environment variables < command-line flags. validate() fails fast at start-up.
// docs/configuration.md lists every key; keep the two in step.
#pragma once

#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace certgate::app {

struct trust_entry {
    std::string method;  // verificationMethod, e.g. "did:india"
    std::string key;     // key file: PEM, base58 text, or JSON key object
};

struct message_entry {
    std::string status;  // valid | revoked | suspended | invalid
    std::string reason;  // a verdict reason, or "*" for all reasons of the status
    std::string locale;  // e.g. "de"; empty = default text
    std::string text;
};

struct config {
    // Address to listen on; port 0 picks a free one. Default: 127.0.0.1:8080.
    std::string listen = "127.0.0.1:8080";
    // io_context threads; 0 = one per core. Default: 0.
    unsigned threads = 0;
    // Data directory (RocksDB store, keys). Default: ./certgate-data.
    std::string data_dir = "./certgate-data";
    // JSON-LD context directory with index.json. Default: "" = the `contexts` folder beside the
    // binary.
    std::string contexts_dir;

    // Signing key (relative paths are under data_dir). Default: keys/signing.pem.
    std::string signing_key = "keys/signing.pem";
    // Key type generated on first start: rsa (RSA-2048, DIVOC's default) or ed25519. Default: rsa.
    std::string key_type = "rsa";
    // certgate's own proof.verificationMethod. Default: did:certgate:issuer.
    std::string verification_method = "did:certgate:issuer";
    // Further trusted issuer keys. certgate's own signing key is always trusted. Default: none.
    std::vector<trust_entry> trust;

    // Verdict message overrides. Default: none (built-in texts).
    std::vector<message_entry> messages;

    // JWT verification keys: PEM files (relative to data_dir). Default: keys/auth.pub.pem.
    std::vector<std::string> auth_keys = {"keys/auth.pub.pem"};
    // A JWKS file with further JWT keys. Default: "".
    std::string auth_jwks;
    // Role names. Defaults: facility-staff, facility-admin.
    std::string staff_role = "facility-staff";
    std::string admin_role = "facility-admin";
    // Clock leeway for exp/nbf, seconds. Default: 60.
    unsigned auth_leeway_s = 60;

    // Request body limit for the write API, bytes. Default: 1 MiB.
    std::size_t body_limit = 1 << 20;
    // Largest /verify payload, bytes. Default: 64 KiB.
    std::size_t payload_limit = 64 * 1024;
    // Deepest JSON nesting in a credential. Default: 32.
    std::size_t json_depth = 32;
    // Canonicalization work limit (Hash N-Degree Quads steps). Default: 50000.
    std::size_t canon_work = 50000;
    // Idle/read timeout per connection, seconds. Default: 30.
    unsigned read_timeout_s = 30;
    // Verified payloads cached by digest. Default: 65536.
    std::size_t verify_cache = 65536;

    // Updates allowed per dose. Default: 100.
    unsigned update_limit = 100;
    // Digits in a new certificate ID. Default: 12.
    unsigned certificate_id_digits = 12;
    // Items per write request. Default: 100.
    std::size_t max_items = 100;
    // Issued credentials: issuer, base URL (evidence id = <base>/vaccine/<id>), subject DID prefix,
    // and the vaccination context URLs for v1 and v3 requests.
    std::string issuer = "https://certgate.example/";
    std::string base_url = "https://certgate.example";
    std::string did = "did:certgate";
    std::string context_v1 = "https://divoc.dev/credentials/vaccination/v1";
    std::string context_v2 = "https://divoc.dev/credentials/vaccination/v2";

    // Replica mode: the primary's base URL. Default: "" (primary).
    std::string follow;
    // CRL poll interval (replicas) and max-age of "latest" CRL answers, seconds. Default: 5.
    unsigned crl_poll_s = 5;

    // `path` resolved against data_dir when relative.
    std::filesystem::path in_data(const std::string& path) const;
};

// Applies a JSON config file's keys onto `c`. Unknown keys are errors (they are usually typos).
// On error, `message` says which key and why.
[[nodiscard]] bool apply_config_file(config& c, const std::filesystem::path& file,
                                     std::string& message);
// Applies CERTGATE_* variables from the environment (see docs/configuration.md).
[[nodiscard]] bool apply_environment(config& c, std::string& message);
// Parses "METHOD=FILE[,METHOD=FILE...]" (the --trust flag and CERTGATE_TRUST) onto `out`.
[[nodiscard]] bool parse_trust_list(const std::string& text, std::vector<trust_entry>& out,
                                    std::string& message);
// Checks ranges and combinations. On error, `message` names the option.
[[nodiscard]] bool validate(const config& c, std::string& message);

class parsed_args;

// The whole configuration for a command: defaults, then <data>/certgate.json, then --config FILE,
// then CERTGATE_* variables, then the flags in `args` (--data, --listen, --threads, --key-type,
// --follow, --contexts, --trust). The data directory itself may come from any of the later ones.
[[nodiscard]] bool load_config(const parsed_args& args, config& out, std::string& message);

// Every config-file key with its environment variable ("" when it has none), in the order of
// docs/configuration.md's table; a test keeps the two in step.
std::vector<std::pair<std::string, std::string>> config_keys();

// The JSON text of the keys that first start writes to <data>/certgate.json.
std::string first_start_config(const config& c);

}  // namespace certgate::app
