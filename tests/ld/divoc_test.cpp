// DIVOC certificates: toRdf of the credential minus its proof must give exactly the dataset
// DIVOC's jsonld.js signed (tests/data/divoc/derived/nquads/<name>.document.nq).
#include "shared/ld/context_registry.hpp"
#include "shared/ld/to_rdf.hpp"
#include "tests/ld/support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

using namespace certgate;
namespace fs = std::filesystem;

namespace {

const fs::path k_divoc = fs::path(CERTGATE_TEST_DATA) / "divoc";

ld::context_registry registry() {
    auto reg = ld::context_registry::load_directory(CERTGATE_CONTEXTS_DIR);
    REQUIRE(reg.has_value());
    return std::move(*reg);
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
}

TEST_CASE("ld toRdf of DIVOC certificates matches the signed N-Quads", "[ld][divoc]") {
    auto reg = registry();
    ld::context_cache cache;
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(k_divoc / "certificates")) {
        std::string name = entry.path().stem().string();
        CAPTURE(name);
        auto cert = ld::test::read_json(entry.path());
        REQUIRE(cert.has_value());
        json::value document = *cert;
        document.erase("proof");
        auto want_text =
            ld::test::read_file(k_divoc / "derived" / "nquads" / (name + ".document.nq"));
        REQUIRE(want_text.has_value());
        for (ld::context_cache* c : {static_cast<ld::context_cache*>(nullptr), &cache, &cache}) {
            ld::to_rdf_options opts;
            opts.loader = &reg;
            opts.cache = c;
            auto ds = ld::to_rdf(document, opts);
            REQUIRE(ds.has_value());
            auto got = ld::test::to_lines(*ds);
            auto want = ld::test::nquads_lines(*want_text);
            INFO("got:\n"
                 << [&] {
                        std::string s;
                        for (const auto& l : got) {
                            s += l + "\n";
                        }
                        return s;
                    }());
            CHECK(ld::test::isomorphic(got, want));
        }
        // The proof options (proof minus jws, with the security v2 context) as DIVOC signed them.
        json::value proof = *cert->find("proof");
        proof.erase("jws");
        proof.set("@context", "https://w3id.org/security/v2");
        auto want_proof =
            ld::test::read_file(k_divoc / "derived" / "nquads" / (name + ".proof-options.nq"));
        REQUIRE(want_proof.has_value());
        ld::to_rdf_options opts;
        opts.loader = &reg;
        opts.cache = &cache;
        auto ds = ld::to_rdf(proof, opts);
        REQUIRE(ds.has_value());
        CHECK(ld::test::isomorphic(ld::test::to_lines(*ds), ld::test::nquads_lines(*want_proof)));
        ++checked;
    }
    CHECK(checked == 8);
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
    auto start = std::chrono::steady_clock::now();
    std::size_t quads = 0;
    for (int i = 0; i < n; ++i) {
        auto ds = ld::to_rdf(document, opts);
        quads += ds->size();
    }
    auto us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                  .count() /
              n;
    std::cout << "toRdf of one DIVOC credential (warm cache): " << us << " us/call\n";
    CHECK(quads == static_cast<std::size_t>(n) * 37);
}
