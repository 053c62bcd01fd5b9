// DIVOC certificates: toRdf of the credential minus its proof, canonicalized, must equal byte for
// byte what DIVOC's jsonld.js signed (tests/data/divoc/derived/nquads/<name>.document.nq), and
// likewise for the proof options.
#include "shared/ld/context_registry.hpp"
#include "shared/ld/to_rdf.hpp"
#include "shared/rdf/canonicalize.hpp"
#include "tests/ld/support.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

using namespace certgate;
namespace fs = std::filesystem;

namespace {

const fs::path k_divoc = fs::path(CERTGATE_TEST_DATA) / "divoc";

ld::context_registry registry() {
    auto reg = ld::context_registry::load_directory(CERTGATE_CONTEXTS_DIR);
    REQUIRE(reg.has_value());
    return std::move(*reg);
}

// DIVOC signed with jsonld.js before RDFC-1.0, hence its literal escaping.
rdf::canon_options divoc_canon() {
    rdf::canon_options o;
    o.escaping = rdf::literal_escaping::legacy;
    return o;
}

struct divoc_case {
    std::string name;
    json::value document;       // the credential minus proof
    json::value proof_options;  // the proof minus jws, with the security v2 context
    std::string document_nq;
    std::string proof_nq;
};

std::vector<divoc_case> load_cases() {
    std::vector<divoc_case> out;
    for (const auto& entry : fs::directory_iterator(k_divoc / "certificates")) {
        divoc_case c;
        c.name = entry.path().stem().string();
        auto cert = ld::test::read_json(entry.path());
        REQUIRE(cert.has_value());
        c.document = *cert;
        c.document.erase("proof");
        c.proof_options = *cert->find("proof");
        c.proof_options.erase("jws");
        c.proof_options.set("@context", "https://w3id.org/security/v2");
        auto dir = k_divoc / "derived" / "nquads";
        auto doc_nq = ld::test::read_file(dir / (c.name + ".document.nq"));
        auto proof_nq = ld::test::read_file(dir / (c.name + ".proof-options.nq"));
        REQUIRE(doc_nq.has_value());
        REQUIRE(proof_nq.has_value());
        c.document_nq = std::move(*doc_nq);
        c.proof_nq = std::move(*proof_nq);
        out.push_back(std::move(c));
    }
    return out;
}

std::string canonical(const json::value& doc, const ld::to_rdf_options& opts) {
    auto ds = ld::to_rdf(doc, opts);
    REQUIRE(ds.has_value());
    auto c = rdf::canonicalize(*ds, divoc_canon());
    REQUIRE(c.has_value());
    return c->nquads;
}

}  // namespace

TEST_CASE("ld context registry loads the context directory", "[ld][registry]") {
    auto reg = registry();
    CHECK(reg.size() == 7);
    CHECK(reg.contains("https://www.w3.org/2018/credentials/v1"));
    auto doc = reg.load("https://w3id.org/security/v2");
    REQUIRE(doc.has_value());
    CHECK(doc->document->find("@context") != nullptr);
    CHECK(reg.load("https://example.org/nope").error() == ld::errc::loading_remote_context_failed);
    CHECK(ld::context_registry::load_directory("/nonexistent/dir").error() ==
          ld::errc::loading_document_failed);
}

TEST_CASE("ld toRdf of DIVOC certificates canonicalizes to the signed N-Quads", "[ld][divoc]") {
    auto reg = registry();
    ld::context_cache cache;
    auto cases = load_cases();
    CHECK(cases.size() == 8);
    for (const auto& c : cases) {
        CAPTURE(c.name);
        // Without a cache, with a cold cache, and with a warm one.
        for (ld::context_cache* cc : {static_cast<ld::context_cache*>(nullptr), &cache, &cache}) {
            ld::to_rdf_options opts;
            opts.loader = &reg;
            opts.cache = cc;
            CHECK(canonical(c.document, opts) == c.document_nq);
            CHECK(canonical(c.proof_options, opts) == c.proof_nq);
        }
    }
}

TEST_CASE("ld tree path gives the full algorithm's dataset for every DIVOC vector", "[ld][divoc]") {
    auto reg = registry();
    for (const auto& c : load_cases()) {
        CAPTURE(c.name);
        for (const json::value* doc : {&c.document, &c.proof_options}) {
            ld::to_rdf_options tree;
            tree.loader = &reg;
            ld::to_rdf_options full = tree;
            full.tree_path = false;
            auto a = ld::to_rdf(*doc, tree);
            auto b = ld::to_rdf(*doc, full);
            REQUIRE(a.has_value());
            REQUIRE(b.has_value());
            CHECK(*a == *b);
        }
    }
}

TEST_CASE("ld toRdf is re-entrant: many threads share one registry and cache", "[ld][divoc]") {
    auto reg = registry();
    ld::context_cache cache;
    auto cases = load_cases();
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            ld::to_rdf_options opts;
            opts.loader = &reg;
            opts.cache = &cache;
            for (int i = 0; i < 50; ++i) {
                const auto& c = cases[static_cast<std::size_t>(i + t) % cases.size()];
                auto ds = ld::to_rdf(c.document, opts);
                auto canon = ds ? rdf::canonicalize(*ds, divoc_canon())
                                : result<rdf::canonical_result>(ds.error());
                if (!canon || canon->nquads != c.document_nq) {
                    ++mismatches;
                }
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    CHECK(mismatches == 0);
}

TEST_CASE("ld toRdf of a DIVOC credential is fast with a warm context cache", "[ld][divoc]") {
    auto reg = registry();
    ld::context_cache cache;
    auto cert = ld::test::read_json(k_divoc / "certificates" /
                                    "rsa_cowin_v2_ddcc_certid-712988986_dose2.json");
    REQUIRE(cert.has_value());
    json::value document = *cert;
    document.erase("proof");
    ld::to_rdf_options opts;
    opts.loader = &reg;
    opts.cache = &cache;
    REQUIRE(ld::to_rdf(document, opts).has_value());
    constexpr int n = 2000;
    // CPU time, not wall time: the test machine is shared.
    std::clock_t start = std::clock();
    std::size_t quads = 0;
    for (int i = 0; i < n; ++i) {
        auto ds = ld::to_rdf(document, opts);
        quads += ds->size();
    }
    double to_rdf_us = 1e6 * double(std::clock() - start) / CLOCKS_PER_SEC / n;
    start = std::clock();
    std::size_t items = 0;
    for (int i = 0; i < n; ++i) {
        auto ex = ld::expand(document, opts);
        items += ex->as_array().size();
    }
    double expand_us = 1e6 * double(std::clock() - start) / CLOCKS_PER_SEC / n;
    ld::to_rdf_options uncached = opts;
    uncached.cache = nullptr;
    start = std::clock();
    for (int i = 0; i < n / 10; ++i) {
        auto ds = ld::to_rdf(document, uncached);
        quads += ds->size() - 37;
    }
    double uncached_us = 1e6 * double(std::clock() - start) / CLOCKS_PER_SEC / (n / 10);
    std::cout << "DIVOC credential, CPU time per call: toRdf " << to_rdf_us << " us (expand alone "
              << expand_us << " us) with a warm context cache, " << uncached_us
              << " us without a cache\n";
    CHECK(quads == static_cast<std::size_t>(n) * 37);
    CHECK(items == static_cast<std::size_t>(n));
}
