// Test helpers: DIVOC's vectors from tests/data/divoc.
#pragma once

#include "shared/crypto/key_load.hpp"
#include "shared/json/parse.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/key_ring.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace certgate::test {

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    INFO(path);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), {}};
}

inline std::string divoc(const std::string& rel) { return CERTGATE_TEST_DATA "/divoc/" + rel; }

inline json::value load_json(const std::string& path) {
    auto v = json::parse(slurp(path), {.max_depth = 64, .max_size = 16 << 20});
    INFO(path);
    REQUIRE(v.has_value());
    return std::move(*v);
}

inline std::string to_hex(const std::uint8_t* p, std::size_t n) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(hex[p[i] >> 4]);
        out.push_back(hex[p[i] & 15]);
    }
    return out;
}

// The shipped contexts (contexts/index.json).
inline ld::context_registry load_contexts() {
    auto r = ld::context_registry::load_directory(CERTGATE_CONTEXTS_DIR);
    REQUIRE(r.has_value());
    return std::move(*r);
}

// DIVOC's test keys, both under did:india as DIVOC's verifier trusts them.
inline proof::key_ring divoc_keys() {
    proof::key_ring ring;
    auto rsa = ossl::load_public_key_file(divoc("keys/divoc-test-rsa2048.pub.pem"));
    auto ed = ossl::load_public_key_file(divoc("keys/divoc-test-ed25519.pub.json"));
    REQUIRE(rsa.has_value());
    REQUIRE(ed.has_value());
    ring.add("did:india", *rsa);
    ring.add("did:india", *ed);
    return ring;
}

}  // namespace certgate::test
