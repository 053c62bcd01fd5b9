// File: bench/load/options.hpp
// certgate-bench's command line: the load shape (connections, duration or request count, closed
// or open loop), the workload and its inputs, and where results go. Parsing is pure (argv in,
// options or a message out) so tests check it; it refuses targets other than the loopback host
// and any run that is not bounded in time and count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace certgate::bench {

enum class workload_kind { verify_unique, verify_repeat, verify_mix, update, certify, crl_delta };

std::string_view workload_name(workload_kind k) noexcept;
std::optional<workload_kind> parse_workload(std::string_view name) noexcept;

// Shares of each payload kind in verify-mix; they need not sum to 1 (they are normalized).
struct mix_shares {
    double valid = 0.7;     // Default: 0.7
    double revoked = 0.1;   // Default: 0.1
    double tampered = 0.1;  // Default: 0.1
    double garbage = 0.1;   // Default: 0.1
};

struct load_options {
    // Target: loopback only (127.0.0.1, localhost or ::1). Default: 127.0.0.1:8080.
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    // Keep-alive connections. Default: 16. At most 4096.
    unsigned connections = 16;
    // Client threads running the connections. Default: 1.
    unsigned threads = 1;
    // Length of the measured run in seconds (0 = until `requests` are done). Default: 10.
    double duration_s = 10;
    // Requests to complete (0 = until `duration_s`). Default: 0. At most 1e9.
    std::uint64_t requests = 0;
    // Unmeasured warm-up before the run, in seconds. Default: 1.
    double warmup_s = 1;
    // Open loop: requests per second, each due at start + i/rate, its latency measured from that
    // intended time (coordinated-omission correction). 0 = closed loop. Default: 0.
    double rate = 0;
    workload_kind workload = workload_kind::verify_unique;
    // Corpus file written by `certgate-bench seed` (verify and update workloads). Default: "".
    std::string corpus;
    // verify-repeat: the number of distinct payloads scanned over and over. Default: 64.
    std::size_t hot_set = 64;
    mix_shares mix;
    // update/certify: CertificationRequest items per request (1..100). Default: 1.
    unsigned items = 1;
    // update/certify: a DIVOC CertificationRequest[] file used as the item template. Default: "".
    std::string request_template;
    // Bearer token for the write API. Default: "".
    std::string token;
    // crl-delta: `since` cycles over 0..crl_since_max. Default: 1000.
    std::uint64_t crl_since_max = 1000;
    // A label for the run in the results. Default: the workload name.
    std::string label;
    // Result files; empty = not written. Default: "".
    std::string json_out;
    std::string svg_out;
    // The one-line progress display on stderr. Default: true.
    bool progress = true;
};

struct seed_options {
    // certgate's data directory (keys/signing.pem is the signing key). Required.
    std::string data_dir;
    // RocksDB directory. Default: <data_dir>/db.
    std::string db_path;
    // Certificates to issue. Default: 1000. At most 10,000,000.
    std::uint64_t count = 1000;
    // Fraction of them revoked afterwards (0..1). Default: 0.1.
    double revoked = 0.1;
    // Key type used when data_dir has no signing key yet: "rsa" or "ed25519". Default: rsa.
    std::string key_type = "rsa";
    // verificationMethod of the proofs. Default: did:certgate:issuer.
    std::string method = "did:certgate:issuer";
    // Corpus output file. Default: <data_dir>/corpus.tsv.
    std::string corpus;
    // Only sign and write the corpus; do not touch the store. Default: false.
    bool corpus_only = false;
    // Signing threads. Default: 2.
    unsigned threads = 2;
    // Context directory. Default: the repository's contexts/.
    std::string contexts_dir;
    // Deterministic content. Default: 1.
    std::uint64_t seed = 1;
};

struct help_request {
    std::string text;
};

using parsed = std::variant<load_options, seed_options, help_request>;

// Parses argv[1..] (without the program name). On a usage error returns the message in `error`
// and an empty optional.
std::optional<parsed> parse_args(const std::vector<std::string>& args, std::string& error);

// The usage text.
std::string usage();

}  // namespace certgate::bench
