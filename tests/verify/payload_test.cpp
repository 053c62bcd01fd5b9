#include "verify/payload.hpp"

#include "verify/error.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

using namespace certgate;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), {}};
}
const std::string data = CERTGATE_TEST_DATA "/divoc/";
const std::string name = "rsa_divoc-dev_v1_signer-library-test_2021-08-28";
// The certificate files end with a newline that the ZIP entry does not have.
std::string certificate_text() {
    auto s = slurp(data + "certificates/" + name + ".json");
    while (!s.empty() && s.back() == '\n') {
        s.pop_back();
    }
    return s;
}
}  // namespace

TEST_CASE("payload decodes a raw ZIP to the certificate JSON", "[verify][payload]") {
    auto zip = slurp(data + "derived/qr/" + name + ".zip");
    auto decoded = verify::decode_payload(zip);
    REQUIRE(decoded.has_value());
    CHECK(decoded->form == verify::payload_form::zip);
    CHECK(decoded->json_text == certificate_text());
}

TEST_CASE("payload decodes DIVOC's UTF-8-transcoded ZIP", "[verify][payload]") {
    auto bin = slurp(data + "derived/qr/" + name + ".qr-payload-nodejs.bin");
    auto decoded = verify::decode_payload(bin);
    REQUIRE(decoded.has_value());
    CHECK(decoded->form == verify::payload_form::transcoded_zip);
    CHECK(decoded->json_text == certificate_text());
}

TEST_CASE("payload passes plain JSON through, trimmed", "[verify][payload]") {
    auto decoded = verify::decode_payload("  {\"a\":1}\n");
    REQUIRE(decoded.has_value());
    CHECK(decoded->form == verify::payload_form::json);
    CHECK(decoded->json_text == "{\"a\":1}");
}

TEST_CASE("payload rejects garbage, truncated ZIPs and oversize input", "[verify][payload]") {
    CHECK(verify::decode_payload("").error() == verify::errc::unsupported_format);
    CHECK(verify::decode_payload("hello").error() == verify::errc::unsupported_format);
    CHECK(verify::decode_payload(std::string("\0\1\2", 3)).error() ==
          verify::errc::unsupported_format);
    auto zip = slurp(data + "derived/qr/" + name + ".zip");
    CHECK(verify::decode_payload(zip.substr(0, zip.size() / 2)).error() ==
          verify::errc::unsupported_format);
    CHECK(verify::decode_payload("PK garbage").error() == verify::errc::unsupported_format);
    CHECK(verify::decode_payload(std::string(70000, ' ')).error() == verify::errc::too_large);
    CHECK(verify::decode_payload(zip, {.max_json = 100, .max_payload = 65536}).error() ==
          verify::errc::too_large);
}
