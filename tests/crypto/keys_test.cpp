#include "shared/crypto/keys.hpp"

#include "shared/crypto/base58.hpp"
#include "shared/crypto/jwk.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/key_write.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace certgate;

namespace {

const std::string keys_dir = CERTGATE_TEST_DATA "/divoc/keys/";
const std::string own_dir = CERTGATE_CRYPTO_TEST_DATA "/";

ossl::public_key load_pub(const std::string& path) {
    auto k = ossl::load_public_key_file(path);
    INFO(path << ": " << (k ? "" : k.error().message()));
    REQUIRE(k.has_value());
    return *k;
}

ossl::private_key load_priv(const std::string& path) {
    auto k = ossl::load_private_key_file(path);
    INFO(path << ": " << (k ? "" : k.error().message()));
    REQUIRE(k.has_value());
    return *k;
}

}  // namespace

TEST_CASE("keys load DIVOC's RSA, Ed25519, CoWIN and SHC EC public key files", "[crypto]") {
    CHECK(load_pub(keys_dir + "divoc-test-rsa2048.pub.pem").type() == ossl::key_type::rsa);
    CHECK(load_pub(keys_dir + "cowin-india-prod-rsa2048.pub.pem").type() == ossl::key_type::rsa);
    CHECK(load_pub(keys_dir + "divoc-test-ed25519.pub.pem").type() == ossl::key_type::ed25519);
    CHECK(load_pub(keys_dir + "shc-test-ec-p256.pub.pem").type() == ossl::key_type::ec_p256);
    CHECK_FALSE(load_pub(keys_dir + "divoc-test-rsa2048.pub.pem") ==
                load_pub(keys_dir + "cowin-india-prod-rsa2048.pub.pem"));
}

TEST_CASE("keys from DIVOC's JSON key objects equal the PEM keys", "[crypto]") {
    auto ed_json = load_pub(keys_dir + "divoc-test-ed25519.pub.json");
    CHECK(ed_json.type() == ossl::key_type::ed25519);
    CHECK(ed_json == load_pub(keys_dir + "divoc-test-ed25519.pub.pem"));

    auto rsa_json = load_pub(keys_dir + "divoc-test-rsa2048.verification-method.json");
    CHECK(rsa_json == load_pub(keys_dir + "divoc-test-rsa2048.pub.pem"));
}

TEST_CASE("keys from DIVOC's base58 text equal the Ed25519 PEM, both ways", "[crypto]") {
    auto b58 = ossl::parse_public_key("  DaipNW4xaH2bh1XGNNdqjnSYyru3hLnUgTBSfSvmZ2hi\n");
    REQUIRE(b58.has_value());
    auto pem_key = load_pub(keys_dir + "divoc-test-ed25519.pub.pem");
    CHECK(*b58 == pem_key);

    auto pem = ossl::to_pem(*b58);
    REQUIRE(pem.has_value());
    auto pem_text = ossl::parse_public_key(*pem);
    REQUIRE(pem_text.has_value());
    CHECK(*pem_text == pem_key);
    // The file's base64 body is what OpenSSL writes for the base58 key.
    CHECK(pem->find("MCowBQYDK2VwAyEAuu+xMMKF9AaF3Hi2BFZHQjvWRzI/GzMS9dq4Gkj3DH0=") !=
          std::string::npos);

    auto raw = ossl::ed25519_raw(pem_key);
    REQUIRE(raw.has_value());
    CHECK(ossl::base58_encode(*raw) == "DaipNW4xaH2bh1XGNNdqjnSYyru3hLnUgTBSfSvmZ2hi");
}

TEST_CASE("keys load PKCS#1 and SPKI RSA public keys as the same key", "[crypto]") {
    auto pkcs1 = load_pub(own_dir + "rsa2048.pkcs1.pub.pem");
    auto spki = load_pub(own_dir + "rsa2048.spki.pub.pem");
    CHECK(pkcs1 == spki);
    auto priv = load_priv(own_dir + "rsa2048.pkcs1.pem");
    auto pub = ossl::public_of(priv);
    REQUIRE(pub.has_value());
    CHECK(*pub == spki);
}

TEST_CASE("keys load PKCS#8 Ed25519 and SEC1 EC private keys", "[crypto]") {
    CHECK(load_priv(own_dir + "ed25519.pkcs8.pem").type() == ossl::key_type::ed25519);
    CHECK(load_priv(own_dir + "ec-p256.sec1.pem").type() == ossl::key_type::ec_p256);
}

TEST_CASE("keys refuse short RSA, other curves, encrypted, private-as-public and garbage",
          "[crypto]") {
    CHECK(ossl::load_public_key_file(own_dir + "rsa1024.pub.pem").error() ==
          ossl::errc::unsupported_key);
    CHECK(ossl::load_public_key_file(own_dir + "ec-p384.pub.pem").error() ==
          ossl::errc::unsupported_key);
    CHECK(ossl::load_private_key_file(own_dir + "rsa2048.pkcs8.enc.pem").error() ==
          ossl::errc::unrecognized_key);
    CHECK(ossl::load_public_key_file(own_dir + "rsa2048.pkcs1.pem").error() ==
          ossl::errc::unrecognized_key);
    CHECK(ossl::load_public_key_file(keys_dir + "eu-dcc-test-dsc.cert.pem").error() ==
          ossl::errc::unrecognized_key);
    CHECK(ossl::load_private_key_file(keys_dir + "divoc-test-rsa2048.pub.pem").error() ==
          ossl::errc::unrecognized_key);
    CHECK(ossl::load_public_key_file(own_dir + "missing.pem").error() ==
          ossl::errc::file_unreadable);
    for (std::string_view bad :
         {"", "hello world", "{}", "{\"publicKeyBase58\":\"abc\"}", "[1]", "{\"publicKeyPem\":1}",
          "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "1111", "{"}) {
        INFO(bad);
        auto k = ossl::parse_public_key(bad);
        REQUIRE_FALSE(k.has_value());
        CHECK(k.error() == ossl::errc::unrecognized_key);
    }
}

TEST_CASE("keys generated fresh round-trip through PKCS#8 and SPKI PEM", "[crypto]") {
    for (auto gen :
         {+[] { return ossl::generate_rsa(2048); }, +[] { return ossl::generate_ed25519(); },
          +[] { return ossl::generate_ec_p256(); }}) {
        auto priv = gen();
        REQUIRE(priv.has_value());
        auto priv_pem = ossl::to_pem(*priv);
        REQUIRE(priv_pem.has_value());
        CHECK(priv_pem->starts_with("-----BEGIN PRIVATE KEY-----"));
        auto priv2 = ossl::parse_private_key(*priv_pem);
        REQUIRE(priv2.has_value());
        CHECK(priv2->type() == priv->type());

        auto pub = ossl::public_of(*priv);
        REQUIRE(pub.has_value());
        auto pub2 = ossl::public_of(*priv2);
        REQUIRE(pub2.has_value());
        CHECK(*pub == *pub2);
        auto pub_pem = ossl::to_pem(*pub);
        REQUIRE(pub_pem.has_value());
        CHECK(pub_pem->starts_with("-----BEGIN PUBLIC KEY-----"));
        auto pub3 = ossl::parse_public_key(*pub_pem);
        REQUIRE(pub3.has_value());
        CHECK(*pub3 == *pub);
    }
    CHECK(ossl::generate_rsa(1024).error() == ossl::errc::unsupported_key);
}

TEST_CASE("keys load DIVOC's tweetnacl-style privateKeyBase58 and check its public half",
          "[crypto]") {
    auto priv = ossl::generate_ed25519();
    REQUIRE(priv.has_value());
    unsigned char seed[32];
    std::size_t len = sizeof seed;
    REQUIRE(EVP_PKEY_get_raw_private_key(priv->native(), seed, &len) == 1);
    auto pub = ossl::public_of(*priv);
    REQUIRE(pub.has_value());
    std::string secret(reinterpret_cast<const char*>(seed), 32);
    secret += ossl::ed25519_raw(*pub).value();

    auto loaded =
        ossl::parse_private_key(R"({"privateKeyBase58":")" + ossl::base58_encode(secret) + "\"}");
    REQUIRE(loaded.has_value());
    CHECK(ossl::public_of(*loaded).value() == *pub);

    secret.back() = static_cast<char>(secret.back() ^ 1);
    CHECK(ossl::parse_private_key(R"({"privateKeyBase58":")" + ossl::base58_encode(secret) + "\"}")
              .error() == ossl::errc::unrecognized_key);
}

TEST_CASE("jwk thumbprint matches the RFC 7638 section 3.1 example", "[crypto]") {
    auto jwk = json::parse(R"({"kty":"RSA",
      "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      "e":"AQAB","alg":"RS256","kid":"2011-04-29"})");
    REQUIRE(jwk.has_value());
    auto key = ossl::public_key_from_jwk(*jwk);
    REQUIRE(key.has_value());
    CHECK(key->type() == ossl::key_type::rsa);
    CHECK(ossl::jwk_thumbprint(*key).value() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST_CASE("jwk export round-trips RSA, EC P-256 and Ed25519 public keys", "[crypto]") {
    for (const char* file :
         {"divoc-test-rsa2048.pub.pem", "shc-test-ec-p256.pub.pem", "divoc-test-ed25519.pub.pem"}) {
        INFO(file);
        auto key = load_pub(keys_dir + file);
        auto jwk = ossl::to_jwk(key);
        REQUIRE(jwk.has_value());
        auto back = ossl::public_key_from_jwk(*jwk);
        REQUIRE(back.has_value());
        CHECK(*back == key);
        // parse_public_key recognizes a JWK too.
        auto parsed = ossl::parse_public_key(json::to_string(*jwk));
        REQUIRE(parsed.has_value());
        CHECK(*parsed == key);
    }
    auto ed = ossl::to_jwk(load_pub(keys_dir + "divoc-test-ed25519.pub.pem")).value();
    CHECK(json::to_string(ed) ==
          R"({"crv":"Ed25519","kty":"OKP","x":"uu-xMMKF9AaF3Hi2BFZHQjvWRzI_GzMS9dq4Gkj3DH0"})");
}

TEST_CASE("jwk import refuses private members, wrong curves, bad points and garbage", "[crypto]") {
    auto ec = ossl::to_jwk(load_pub(keys_dir + "shc-test-ec-p256.pub.pem")).value();
    auto with_d = ec;
    with_d.set("d", "AAAA");
    CHECK(ossl::public_key_from_jwk(with_d).error() == ossl::errc::unrecognized_key);
    auto p384 = ec;
    p384.set("crv", "P-384");
    CHECK(ossl::public_key_from_jwk(p384).error() == ossl::errc::unsupported_key);
    auto off_curve = ec;
    std::string y = off_curve.find("y")->as_string();
    y[5] = y[5] == 'A' ? 'B' : 'A';
    off_curve.set("y", y);
    CHECK_FALSE(ossl::public_key_from_jwk(off_curve).has_value());
    CHECK(ossl::public_key_from_jwk(json::value(json::object{{"kty", "RSA"}})).error() ==
          ossl::errc::unrecognized_key);
    CHECK(ossl::public_key_from_jwk(json::value(json::object{{"kty", "oct"}, {"k", "AAAA"}}))
              .error() == ossl::errc::unsupported_key);
    CHECK(ossl::public_key_from_jwk(json::value(1)).error() == ossl::errc::unrecognized_key);
}
