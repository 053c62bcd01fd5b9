#include "bench/load/options.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace certgate::bench {

namespace {

constexpr std::pair<workload_kind, std::string_view> workload_names[] = {
    {workload_kind::verify_unique, "verify-unique"},
    {workload_kind::verify_repeat, "verify-repeat"},
    {workload_kind::verify_mix, "verify-mix"},
    {workload_kind::update, "update"},
    {workload_kind::certify, "certify"},
    {workload_kind::crl_delta, "crl-delta"},
};

// Hard bounds: certgate-bench is a load tester for one machine, never an open-ended flood.
constexpr double max_duration_s = 3600;
constexpr std::uint64_t max_requests = 1'000'000'000;
constexpr unsigned max_connections = 4096;
constexpr double max_rate = 10'000'000;

bool to_u64(std::string_view s, std::uint64_t& out) {
    if (s.empty()) {
        return false;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

bool to_double(std::string_view s, double& out) {
    if (s.empty()) {
        return false;
    }
    std::string tmp(s);
    char* end = nullptr;
    out = std::strtod(tmp.c_str(), &end);
    return end == tmp.c_str() + tmp.size() && std::isfinite(out);
}

// "30s", "2m", "500ms" or plain seconds.
bool to_seconds(std::string_view s, double& out) {
    double scale = 1;
    if (s.ends_with("ms")) {
        scale = 0.001;
        s.remove_suffix(2);
    } else if (s.ends_with("s")) {
        s.remove_suffix(1);
    } else if (s.ends_with("m")) {
        scale = 60;
        s.remove_suffix(1);
    }
    if (!to_double(s, out) || out < 0) {
        return false;
    }
    out *= scale;
    return true;
}

bool loopback(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

// Splits "host:port" ("[::1]:port" for IPv6).
bool split_target(std::string_view t, std::string& host, std::uint16_t& port) {
    if (t.starts_with("http://")) {
        t.remove_prefix(7);
    }
    while (t.ends_with("/")) {
        t.remove_suffix(1);
    }
    auto colon = t.rfind(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    std::uint64_t p = 0;
    if (!to_u64(t.substr(colon + 1), p) || p == 0 || p > 65535) {
        return false;
    }
    host = std::string(t.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    port = static_cast<std::uint16_t>(p);
    return true;
}

class arg_reader {
public:
    arg_reader(const std::vector<std::string>& args, std::size_t start, std::string& error)
        : args_(args), i_(start), error_(error) {}
    bool done() const { return i_ >= args_.size(); }
    const std::string& flag() { return args_[i_++]; }
    // The value after the current flag.
    bool value(std::string_view flag, std::string& out) {
        if (i_ >= args_.size()) {
            error_ = std::string(flag) + " needs a value";
            return false;
        }
        out = args_[i_++];
        return true;
    }
    bool fail(std::string msg) {
        error_ = std::move(msg);
        return false;
    }

private:
    const std::vector<std::string>& args_;
    std::size_t i_;
    std::string& error_;
};

bool parse_share(const std::string& v, double& out, std::string& error, std::string_view flag) {
    if (!to_double(v, out) || out < 0) {
        error = std::string(flag) + ": expected a share >= 0, got '" + v + "'";
        return false;
    }
    return true;
}

std::optional<parsed> parse_load(const std::vector<std::string>& args, std::size_t start,
                                 std::string& error) {
    load_options o;
    arg_reader r(args, start, error);
    bool duration_set = false;
    while (!r.done()) {
        const std::string f = r.flag();
        std::string v;
        std::uint64_t n = 0;
        if (f == "--help" || f == "-h") {
            return parsed{help_request{usage()}};
        }
        if (f == "--no-progress") {
            o.progress = false;
            continue;
        }
        if (!r.value(f, v)) {
            return std::nullopt;
        }
        if (f == "--target" || f == "-t") {
            if (!split_target(v, o.host, o.port)) {
                error = "--target: expected HOST:PORT, got '" + v + "'";
                return std::nullopt;
            }
        } else if (f == "--connections" || f == "-c") {
            if (!to_u64(v, n) || n == 0 || n > max_connections) {
                error = "--connections: expected 1.." + std::to_string(max_connections);
                return std::nullopt;
            }
            o.connections = static_cast<unsigned>(n);
        } else if (f == "--threads") {
            if (!to_u64(v, n) || n == 0 || n > 64) {
                error = "--threads: expected 1..64";
                return std::nullopt;
            }
            o.threads = static_cast<unsigned>(n);
        } else if (f == "--duration" || f == "-d") {
            if (!to_seconds(v, o.duration_s) || o.duration_s > max_duration_s) {
                error = "--duration: expected seconds (e.g. 10, 10s, 500ms, 2m) up to 1 h";
                return std::nullopt;
            }
            duration_set = true;
        } else if (f == "--requests" || f == "-n") {
            if (!to_u64(v, n) || n == 0 || n > max_requests) {
                error = "--requests: expected 1..1000000000";
                return std::nullopt;
            }
            o.requests = n;
        } else if (f == "--warmup") {
            if (!to_seconds(v, o.warmup_s) || o.warmup_s > 600) {
                error = "--warmup: expected seconds up to 600";
                return std::nullopt;
            }
        } else if (f == "--rate" || f == "-r") {
            if (!to_double(v, o.rate) || o.rate <= 0 || o.rate > max_rate) {
                error = "--rate: expected requests per second > 0";
                return std::nullopt;
            }
        } else if (f == "--workload" || f == "-w") {
            auto k = parse_workload(v);
            if (!k) {
                error = "--workload: unknown '" + v +
                        "' (verify-unique, verify-repeat, verify-mix, update, certify, crl-delta)";
                return std::nullopt;
            }
            o.workload = *k;
        } else if (f == "--corpus") {
            o.corpus = v;
        } else if (f == "--hot-set") {
            if (!to_u64(v, n) || n == 0) {
                error = "--hot-set: expected a count >= 1";
                return std::nullopt;
            }
            o.hot_set = n;
        } else if (f == "--valid") {
            if (!parse_share(v, o.mix.valid, error, f)) {
                return std::nullopt;
            }
        } else if (f == "--revoked") {
            if (!parse_share(v, o.mix.revoked, error, f)) {
                return std::nullopt;
            }
        } else if (f == "--tampered") {
            if (!parse_share(v, o.mix.tampered, error, f)) {
                return std::nullopt;
            }
        } else if (f == "--garbage") {
            if (!parse_share(v, o.mix.garbage, error, f)) {
                return std::nullopt;
            }
        } else if (f == "--items") {
            if (!to_u64(v, n) || n == 0 || n > 100) {
                error = "--items: expected 1..100";
                return std::nullopt;
            }
            o.items = static_cast<unsigned>(n);
        } else if (f == "--template") {
            o.request_template = v;
        } else if (f == "--token") {
            o.token = v;
        } else if (f == "--since-max") {
            if (!to_u64(v, o.crl_since_max)) {
                error = "--since-max: expected a count";
                return std::nullopt;
            }
        } else if (f == "--label") {
            o.label = v;
        } else if (f == "--json") {
            o.json_out = v;
        } else if (f == "--svg") {
            o.svg_out = v;
        } else {
            error = "unknown option '" + f + "'";
            return std::nullopt;
        }
    }
    if (!loopback(o.host)) {
        error =
            "--target: certgate-bench only loads 127.0.0.1, localhost or ::1, not '" + o.host + "'";
        return std::nullopt;
    }
    if (o.requests > 0 && !duration_set) {
        o.duration_s = 0;  // a request count alone bounds the run (duration cap below)
    }
    if (o.requests == 0 && o.duration_s <= 0) {
        error = "give --duration or --requests (a run must be bounded)";
        return std::nullopt;
    }
    const auto& m = o.mix;
    if (o.workload == workload_kind::verify_mix &&
        m.valid + m.revoked + m.tampered + m.garbage <= 0) {
        error = "verify-mix: the shares add up to 0";
        return std::nullopt;
    }
    bool needs_corpus =
        o.workload == workload_kind::verify_unique || o.workload == workload_kind::verify_repeat ||
        o.workload == workload_kind::verify_mix || o.workload == workload_kind::update;
    if (needs_corpus && o.corpus.empty()) {
        error =
            std::string(workload_name(o.workload)) + " needs --corpus FILE (certgate-bench seed)";
        return std::nullopt;
    }
    if ((o.workload == workload_kind::update || o.workload == workload_kind::certify) &&
        o.token.empty()) {
        error = std::string(workload_name(o.workload)) +
                " needs --token JWT (certgate token --role facility-staff)";
        return std::nullopt;
    }
    if (o.label.empty()) {
        o.label = std::string(workload_name(o.workload));
    }
    return parsed{std::move(o)};
}

std::optional<parsed> parse_seed(const std::vector<std::string>& args, std::string& error) {
    seed_options o;
    arg_reader r(args, 1, error);
    while (!r.done()) {
        const std::string f = r.flag();
        std::string v;
        std::uint64_t n = 0;
        if (f == "--help" || f == "-h") {
            return parsed{help_request{usage()}};
        }
        if (f == "--corpus-only") {
            o.corpus_only = true;
            continue;
        }
        if (!r.value(f, v)) {
            return std::nullopt;
        }
        if (f == "--data") {
            o.data_dir = v;
        } else if (f == "--db") {
            o.db_path = v;
        } else if (f == "--count" || f == "-n") {
            if (!to_u64(v, n) || n == 0 || n > 10'000'000) {
                error = "--count: expected 1..10000000";
                return std::nullopt;
            }
            o.count = n;
        } else if (f == "--revoked") {
            if (!to_double(v, o.revoked) || o.revoked < 0 || o.revoked > 1) {
                error = "--revoked: expected a fraction 0..1";
                return std::nullopt;
            }
        } else if (f == "--key-type") {
            if (v != "rsa" && v != "ed25519") {
                error = "--key-type: rsa or ed25519";
                return std::nullopt;
            }
            o.key_type = v;
        } else if (f == "--method") {
            o.method = v;
        } else if (f == "--corpus") {
            o.corpus = v;
        } else if (f == "--threads") {
            if (!to_u64(v, n) || n == 0 || n > 64) {
                error = "--threads: expected 1..64";
                return std::nullopt;
            }
            o.threads = static_cast<unsigned>(n);
        } else if (f == "--contexts") {
            o.contexts_dir = v;
        } else if (f == "--seed") {
            if (!to_u64(v, o.seed)) {
                error = "--seed: expected a number";
                return std::nullopt;
            }
        } else {
            error = "seed: unknown option '" + f + "'";
            return std::nullopt;
        }
    }
    if (o.data_dir.empty()) {
        error = "seed needs --data DIR";
        return std::nullopt;
    }
    if (o.db_path.empty()) {
        o.db_path = o.data_dir + "/db";
    }
    if (o.corpus.empty()) {
        o.corpus = o.data_dir + "/corpus.tsv";
    }
    return parsed{std::move(o)};
}

}  // namespace

std::string_view workload_name(workload_kind k) noexcept {
    for (const auto& [kind, name] : workload_names) {
        if (kind == k) {
            return name;
        }
    }
    return "?";
}

std::optional<workload_kind> parse_workload(std::string_view name) noexcept {
    for (const auto& [kind, n] : workload_names) {
        if (n == name) {
            return kind;
        }
    }
    return std::nullopt;
}

std::optional<parsed> parse_args(const std::vector<std::string>& args, std::string& error) {
    if (!args.empty() && args[0] == "seed") {
        return parse_seed(args, error);
    }
    std::size_t start = !args.empty() && args[0] == "load" ? 1 : 0;
    if (args.size() == start) {
        error = "no options given";
        return std::nullopt;
    }
    return parse_load(args, start, error);
}

std::string usage() {
    return "usage: certgate-bench [load] --target 127.0.0.1:PORT --workload W [options]\n"
           "       certgate-bench seed --data DIR [--count N] [--revoked F] [options]\n"
           "\n"
           "load options:\n"
           "  -t, --target HOST:PORT   loopback only (127.0.0.1, localhost, ::1)\n"
           "  -w, --workload W         verify-unique | verify-repeat | verify-mix | update |\n"
           "                           certify | crl-delta\n"
           "  -c, --connections N      keep-alive connections (default 16)\n"
           "      --threads N          client threads (default 1)\n"
           "  -d, --duration T         measured time: 10, 10s, 500ms, 2m (default 10s)\n"
           "  -n, --requests N         stop after N responses (without -d: no time limit but 1 h)\n"
           "      --warmup T           unmeasured warm-up (default 1s)\n"
           "  -r, --rate R             open loop at R requests/s; latency from the intended send\n"
           "                           time (coordinated-omission corrected); default closed loop\n"
           "      --corpus FILE        payloads from `certgate-bench seed`\n"
           "      --hot-set N          verify-repeat: distinct payloads (default 64)\n"
           "      --valid/--revoked/--tampered/--garbage S   verify-mix shares (0.7/0.1/0.1/0.1)\n"
           "      --items N            update/certify: items per request, 1..100 (default 1)\n"
           "      --template FILE      update/certify: CertificationRequest[] template\n"
           "      --token JWT          update/certify: bearer token\n"
           "      --since-max N        crl-delta: since cycles over 0..N (default 1000)\n"
           "      --label TEXT         name of the run in the results\n"
           "      --json FILE          write the results as JSON\n"
           "      --svg FILE           write a latency-percentile chart\n"
           "      --no-progress        no progress line on stderr\n"
           "\n"
           "seed options:\n"
           "  --data DIR               certgate data dir (keys/signing.pem signs)\n"
           "  --db PATH                RocksDB dir (default DIR/db)\n"
           "  -n, --count N            certificates (default 1000)\n"
           "  --revoked F              fraction revoked afterwards (default 0.1)\n"
           "  --key-type rsa|ed25519   for a new signing key when DIR has none (default rsa)\n"
           "  --method M               verificationMethod (default did:certgate:issuer)\n"
           "  --corpus FILE            corpus output (default DIR/corpus.tsv)\n"
           "  --corpus-only            sign and write the corpus only, no store\n"
           "  --threads N              signing threads (default 2)\n"
           "  --contexts DIR           JSON-LD contexts (default the repository's)\n";
}

}  // namespace certgate::bench
