// Test helpers: DIVOC's vectors from tests/data/divoc.
#pragma once

#include "shared/json/parse.hpp"

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

}  // namespace certgate::test
