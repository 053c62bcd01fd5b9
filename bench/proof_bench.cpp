// proof_bench: single-thread (one core) throughput of the Linked Data proof path on DIVOC's own
// certificates, beside SHA-256-only and signature-only baselines measured in the same run.
//   build/bench/proof_bench [--seconds S] [--data DIR] [--contexts DIR]
// Each figure is operations per second on one core; setup and a correctness check run before
// any timing.
#include "shared/crypto/base64url.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/sha256.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/parse.hpp"
#include "shared/ld/context.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/linked_data_proof.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

using namespace certgate;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "proof_bench: cannot read %s\n", path.c_str());
        std::exit(2);
    }
    return {std::istreambuf_iterator<char>(in), {}};
}

// Runs `op` repeatedly for about `seconds` and returns operations per second.
double rate(double seconds, const std::function<void()>& op) {
    using clock = std::chrono::steady_clock;
    for (int i = 0; i < 50; ++i) {
        op();  // warm-up: caches, allocator, branch predictors
    }
    std::size_t n = 0;
    auto start = clock::now();
    auto deadline = start + std::chrono::duration<double>(seconds);
    while (clock::now() < deadline) {
        for (int i = 0; i < 16; ++i) {
            op();
        }
        n += 16;
    }
    double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    return static_cast<double>(n) / elapsed;
}

void report(const char* name, double per_s) {
    std::printf("%-52s %12.0f /s  %9.2f us/op\n", name, per_s, 1e6 / per_s);
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 2.0;
    std::string data = CERTGATE_SOURCE_DIR "/tests/data/divoc";
    std::string contexts_dir = CERTGATE_SOURCE_DIR "/contexts";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (std::strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data = argv[++i];
        } else if (std::strcmp(argv[i], "--contexts") == 0 && i + 1 < argc) {
            contexts_dir = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: proof_bench [--seconds S] [--data DIR] [--contexts DIR]\n");
            return 2;
        }
    }
    auto contexts = ld::context_registry::load_directory(contexts_dir);
    if (!contexts) {
        std::fprintf(stderr, "proof_bench: cannot load contexts from %s\n", contexts_dir.c_str());
        return 2;
    }
    proof::key_ring keys;
    keys.add("did:india", *ossl::load_public_key_file(data + "/keys/divoc-test-rsa2048.pub.pem"));
    keys.add("did:india", *ossl::load_public_key_file(data + "/keys/divoc-test-ed25519.pub.json"));
    ld::context_cache cache;
    proof::engine_options engine_opts;
    engine_opts.contexts_cache = &cache;
    proof::engine engine(*contexts, engine_opts);

    struct sample {
        const char* label;
        std::string file;
        ossl::alg alg;
    };
    const sample samples[] = {
        {"RSA (RsaSignature2018, PS256)", "rsa_cowin_v2_ddcc_certid-712988986_dose2.json",
         ossl::alg::ps256},
        {"Ed25519 (Ed25519Signature2018)",
         "ed25519_divoc-dev_v1_signer-library-test_2021-08-27.json", ossl::alg::eddsa},
    };
    std::printf("proof_bench: one thread, %.1f s per figure\n", seconds);
    for (const auto& s : samples) {
        std::string text = slurp(data + "/certificates/" + s.file);
        auto doc = json::parse(text);
        if (!doc || !engine.verify(*doc, keys)) {
            std::fprintf(stderr, "proof_bench: %s does not verify; refusing to time it\n",
                         s.file.c_str());
            return 1;
        }
        auto input = engine.input_of(*doc);
        std::string signing_input = input->bytes();
        const std::string& jws = doc->find("proof")->find("jws")->as_string();
        std::string sig = *ossl::base64url_decode(jws.substr(jws.find("..") + 2));
        const auto& key = keys.keys_for("did:india")[s.alg == ossl::alg::ps256 ? 0 : 1];

        std::printf("\n%s, %zu-byte certificate\n", s.label, text.size());
        report("sha256 of the certificate text (baseline)", rate(seconds, [&] {
                   volatile auto d = ossl::sha256(text);
                   (void)d;
               }));
        report("signature verify only (baseline)",
               rate(seconds, [&] { (void)ossl::verify(key, s.alg, signing_input, sig); }));
        report("parse + canonicalize x2 + verify (full proof check)", rate(seconds, [&] {
                   auto d = json::parse(text);
                   (void)engine.verify(*d, keys);
               }));
        report("canonicalize document only", rate(seconds, [&] {
                   json::value d = *doc;
                   d.erase("proof");
                   (void)engine.canonicalize(d);
               }));
    }
    return 0;
}
