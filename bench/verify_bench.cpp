// verify_bench: the verify core in-process, one thread: verifier::check over distinct
// certificates from a seed corpus (digest cache off, so every call does the full proof check),
// over a hot set (cache on), and the revocation lookup alone.
//   verify_bench --corpus FILE --key PUB.pem [--method M] [--seconds S] [--contexts DIR]
//                [--lookups-only | --skip-lookups] [--phase cold|hot|both]
// Every figure is per second on one core. The corpus is checked once (valid stays valid, revoked
// entries are not part of the timed set) before any timing.
#include "bench/load/workload.hpp"
#include "crl/revocation.hpp"
#include "crl/revocation_set.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/key_ring.hpp"
#include "verify/verifier.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace certgate;

namespace {

using clock_type = std::chrono::steady_clock;

template <class Op>
double rate(double seconds, Op&& op) {
    std::size_t n = 0;
    auto start = clock_type::now();
    auto deadline = start + std::chrono::duration<double>(seconds);
    while (clock_type::now() < deadline) {
        for (int i = 0; i < 64; ++i) {
            op(n++);
        }
    }
    return static_cast<double>(n) /
           std::chrono::duration<double>(clock_type::now() - start).count();
}

void report(const char* name, double per_s) {
    std::printf("%-60s %12.0f /s  %9.2f us/op\n", name, per_s, 1e6 / per_s);
}

}  // namespace

int main(int argc, char** argv) {
    std::string corpus_path, key_path, method = "did:certgate:issuer";
    std::string contexts_dir = CERTGATE_SOURCE_DIR "/contexts";
    double seconds = 3;
    bool lookups_only = false;
    bool skip_lookups = false;   // for profiling the verify path alone
    std::string phase = "both";  // cold | hot | both: which verify figures to run
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--corpus" && i + 1 < argc) {
            corpus_path = argv[++i];
        } else if (a == "--key" && i + 1 < argc) {
            key_path = argv[++i];
        } else if (a == "--method" && i + 1 < argc) {
            method = argv[++i];
        } else if (a == "--seconds" && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (a == "--contexts" && i + 1 < argc) {
            contexts_dir = argv[++i];
        } else if (a == "--lookups-only") {
            lookups_only = true;
        } else if (a == "--skip-lookups") {
            skip_lookups = true;
        } else if (a == "--phase" && i + 1 < argc) {
            phase = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: verify_bench [--phase cold|hot|both]  --corpus FILE --key PUB.pem "
                         "[--method M] "
                         "[--seconds S] [--contexts DIR] [--lookups-only|--skip-lookups]\n");
            return 2;
        }
    }

    // Revocation lookups: 1M identities in the set, half the probes hit.
    if (!skip_lookups) {
        crl::revocation_set set;
        constexpr std::size_t n = 1'000'000;
        set.reserve(n);
        std::vector<std::string> ids;
        ids.reserve(2 * n);
        for (std::size_t i = 0; i < 2 * n; ++i) {
            ids.push_back("https://certgate.example/vaccine/" + std::to_string(100000000000 + i));
        }
        for (std::size_t i = 0; i < n; ++i) {
            crl::revocation r;
            r.identity = ids[2 * i];
            r.certificate_id = std::to_string(100000000000 + 2 * i);
            r.revoked_at_ms = 1;
            set.apply(r);
        }
        std::size_t hits = 0;
        double per_s = rate(seconds, [&](std::size_t k) {
            // A stride through the array, so probes are not all cache-hot.
            hits += set.lookup(ids[(k * 7919) % ids.size()]).has_value();
        });
        std::printf("verify_bench: one thread, %.1f s per figure (%zu hits)\n", seconds,
                    hits > 0 ? std::size_t{1} : std::size_t{0});
        report("revocation lookup (1M revoked, 50% hits)", per_s);
    }
    if (lookups_only) {
        return 0;
    }
    if (corpus_path.empty() || key_path.empty()) {
        std::fprintf(stderr, "verify_bench: --corpus and --key are required\n");
        return 2;
    }
    std::string error;
    auto corpus = bench::load_corpus(corpus_path, error);
    if (!corpus) {
        std::fprintf(stderr, "verify_bench: %s\n", error.c_str());
        return 2;
    }
    auto contexts = ld::context_registry::load_directory(contexts_dir);
    auto key = ossl::load_public_key_file(key_path);
    if (!contexts || !key) {
        std::fprintf(stderr, "verify_bench: cannot load the contexts or %s\n", key_path.c_str());
        return 2;
    }
    proof::key_ring keys;
    keys.add(method, std::move(*key));
    crl::revocation_set revocations;
    std::vector<std::string> valid;
    for (const auto& e : *corpus) {
        if (!e.revoked) {
            valid.push_back(e.payload);
        }
    }
    verify::verifier_options uncached;
    uncached.cache_entries = 0;
    verify::verifier cold(uncached, *contexts, keys, revocations);
    verify::verifier warm({}, *contexts, keys, revocations);
    for (const auto& p : valid) {
        auto v = cold.check(p, 0);
        if (v.status != "valid") {
            std::fprintf(stderr,
                         "verify_bench: a corpus certificate is %s (%s); refusing to time\n",
                         v.status.c_str(), v.reason.c_str());
            return 1;
        }
    }
    std::printf("%zu distinct certificates (%zu bytes each on average)\n", valid.size(), [&] {
        std::size_t s = 0;
        for (const auto& p : valid) {
            s += p.size();
        }
        return s / valid.size();
    }());
    if (phase != "hot") {
        report("verifier::check, distinct certificates, cache off",
               rate(seconds, [&](std::size_t k) { (void)cold.check(valid[k % valid.size()], 0); }));
    }
    if (phase != "cold") {
        std::size_t hot = std::min<std::size_t>(64, valid.size());
        report("verifier::check, 64-certificate hot set, cache on",
               rate(seconds, [&](std::size_t k) { (void)warm.check(valid[k % hot], 0); }));
    }
    return 0;
}
