// Verifies DIVOC's own certificate signatures over the signing inputs in
// tests/data/divoc/derived/verification-summary.json: the crypto matches DIVOC byte for byte.
#include "shared/crypto/base64url.hpp"
#include "shared/crypto/hex.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/parse.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace certgate;

namespace {

const std::string divoc_dir = CERTGATE_TEST_DATA "/divoc/";

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct case_data {
    std::string file;
    std::string key_file;  // empty: no key verifies it
    std::string alg;
    std::string signing_input;
    std::string signature;
    std::string header_b64;
};

std::vector<case_data> cases() {
    auto summary = json::parse(read(divoc_dir + "derived/verification-summary.json"));
    REQUIRE(summary.has_value());
    std::vector<case_data> out;
    for (const auto& entry : summary->as_array()) {
        case_data c;
        c.file = entry.find("file")->as_string();
        const auto* with = entry.find("verified_with");
        c.key_file = with->is_string() ? with->as_string() : "";
        c.alg = entry.find("jws_header")->find("alg")->as_string();
        c.signing_input = ossl::from_hex(entry.find("signing_input_hex")->as_string()).value();
        auto cert = json::parse(read(divoc_dir + c.file));
        REQUIRE(cert.has_value());
        std::string jws = cert->find("proof")->find("jws")->as_string();
        auto dots = jws.find("..");
        REQUIRE(dots != std::string::npos);
        c.header_b64 = jws.substr(0, dots);
        c.signature = ossl::base64url_decode(jws.substr(dots + 2)).value();
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

TEST_CASE("divoc certificate signatures verify over the recorded signing inputs", "[crypto]") {
    auto all = cases();
    REQUIRE(all.size() >= 8);
    auto rsa = ossl::load_public_key_file(divoc_dir + "keys/divoc-test-rsa2048.pub.pem").value();
    auto ed = ossl::load_public_key_file(divoc_dir + "keys/divoc-test-ed25519.pub.json").value();
    int verified = 0;
    for (const auto& c : all) {
        INFO(c.file);
        // The signing input starts with the JWS header exactly as the certificate carries it.
        CHECK(c.signing_input.starts_with(c.header_b64 + "."));
        auto a = ossl::alg_from_string(c.alg);
        REQUIRE(a.has_value());
        const auto& key = *a == ossl::alg::eddsa ? ed : rsa;
        auto r = ossl::verify(key, *a, c.signing_input, c.signature);
        if (c.key_file.empty()) {
            CHECK(r.error() == ossl::errc::bad_signature);
            continue;
        }
        CHECK(r.has_value());
        verified += r ? 1 : 0;
        // One flipped byte of the signing input breaks it.
        std::string tampered = c.signing_input;
        tampered[tampered.size() - 1] = static_cast<char>(tampered.back() ^ 0x01);
        CHECK(ossl::verify(key, *a, tampered, c.signature).error() == ossl::errc::bad_signature);
    }
    CHECK(verified == 7);
}
