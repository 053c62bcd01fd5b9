#include "shared/crypto/base58.hpp"
#include "shared/crypto/base64url.hpp"
#include "shared/crypto/hex.hpp"
#include "shared/crypto/sha256.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace certgate;

TEST_CASE("sha256 and sha384 match the FIPS 180 vectors for abc", "[crypto]") {
    CHECK(ossl::to_hex(ossl::sha256("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(ossl::to_hex(ossl::sha256("")) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(ossl::to_hex(ossl::sha384("abc")) ==
          "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
          "8086072ba1e7cc2358baeca134c825a7");
}

TEST_CASE("hex round-trips and rejects odd lengths and non-hex characters", "[crypto]") {
    CHECK(ossl::to_hex(std::string_view("\x00\xff\x10", 3)) == "00ff10");
    CHECK(ossl::from_hex("00FF10").value() == std::string("\x00\xff\x10", 3));
    CHECK(ossl::from_hex("abc").error() == ossl::errc::invalid_hex);
    CHECK(ossl::from_hex("zz").error() == ossl::errc::invalid_hex);
}

TEST_CASE("base64url encodes the RFC 4648 vectors without padding", "[crypto]") {
    auto cases = std::vector<std::pair<std::string, std::string>>{
        {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
    for (auto& [bytes, text] : cases) {
        CHECK(ossl::base64url_encode(bytes) == text);
        auto back = ossl::base64url_decode(text);
        REQUIRE(back.has_value());
        CHECK(*back == bytes);
    }
}

TEST_CASE("base64url decode rejects padding, bad characters, bad lengths and stray bits",
          "[crypto]") {
    for (std::string_view bad : {"Zg==", "Zm9v+", "Zm9v/w", "Z", "Zm9vY", "Zm 9v", "Zh", "Zm9"}) {
        INFO(bad);
        CHECK(ossl::base64url_decode(bad).error() == ossl::errc::invalid_base64url);
    }
    CHECK(ossl::base64url_decode(std::string_view("Zm\0v", 4)).error() ==
          ossl::errc::invalid_base64url);
}

TEST_CASE("base58 round-trips Bitcoin vectors and DIVOC's Ed25519 key", "[crypto]") {
    CHECK(ossl::base58_encode("Hello World!") == "2NEpo7TZRRrLZSi2U");
    CHECK(ossl::base58_encode(std::string_view("\x00\x00\x28\x7f\xb4\xcd", 6)) == "11233QC4");
    CHECK(ossl::base58_decode("11233QC4").value() == std::string("\x00\x00\x28\x7f\xb4\xcd", 6));
    CHECK(ossl::base58_encode("") == "");
    CHECK(ossl::base58_decode("").value().empty());

    auto raw = ossl::base58_decode("DaipNW4xaH2bh1XGNNdqjnSYyru3hLnUgTBSfSvmZ2hi");
    REQUIRE(raw.has_value());
    CHECK(raw->size() == 32);
    CHECK(ossl::to_hex(*raw) == "baefb130c285f40685dc78b6045647423bd647323f1b3312f5dab81a48f70c7d");
    CHECK(ossl::base58_encode(*raw) == "DaipNW4xaH2bh1XGNNdqjnSYyru3hLnUgTBSfSvmZ2hi");
}

TEST_CASE("base58 decode rejects characters outside the alphabet and overlong text", "[crypto]") {
    for (std::string_view bad : {"0abc", "Oabc", "Iabc", "labc", "ab c", "ab+"}) {
        INFO(bad);
        CHECK(ossl::base58_decode(bad).error() == ossl::errc::invalid_base58);
    }
    CHECK(ossl::base58_decode(std::string(ossl::base58_max_text + 1, '2')).error() ==
          ossl::errc::invalid_base58);
}
