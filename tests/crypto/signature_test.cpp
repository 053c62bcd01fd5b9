#include "shared/crypto/signature.hpp"

#include "shared/crypto/key_load.hpp"
#include "shared/crypto/keys.hpp"

#include <catch2/catch.hpp>
#include <openssl/rsa.h>

#include <string>
#include <thread>
#include <vector>

using namespace certgate;

namespace {

struct key_pair {
    ossl::private_key priv;
    ossl::public_key pub;
};

key_pair make(ossl::key_type t) {
    auto priv = t == ossl::key_type::rsa       ? ossl::generate_rsa(2048)
                : t == ossl::key_type::ed25519 ? ossl::generate_ed25519()
                                               : ossl::generate_ec_p256();
    REQUIRE(priv.has_value());
    auto pub = ossl::public_of(*priv);
    REQUIRE(pub.has_value());
    return {*priv, *pub};
}

}  // namespace

TEST_CASE("signature round-trips for PS256, RS256, ES256 and EdDSA; tampering fails", "[crypto]") {
    for (ossl::alg a : {ossl::alg::ps256, ossl::alg::rs256, ossl::alg::es256, ossl::alg::eddsa}) {
        INFO(ossl::to_string(a));
        auto kp = make(ossl::key_type_for(a));
        std::string msg = "eyJhbGciOiJQUzI1NiJ9.payload";
        auto sig = ossl::sign(kp.priv, a, msg);
        REQUIRE(sig.has_value());
        if (a == ossl::alg::es256) {
            CHECK(sig->size() == 64);
        }
        if (a == ossl::alg::eddsa) {
            CHECK(sig->size() == 64);
        }
        CHECK(ossl::verify(kp.pub, a, msg, *sig).has_value());

        std::string tampered_msg = msg;
        tampered_msg.back() = 'X';
        CHECK(ossl::verify(kp.pub, a, tampered_msg, *sig).error() == ossl::errc::bad_signature);
        std::string tampered_sig = *sig;
        tampered_sig[10] = static_cast<char>(tampered_sig[10] ^ 0x01);
        CHECK(ossl::verify(kp.pub, a, msg, tampered_sig).error() == ossl::errc::bad_signature);
        CHECK(ossl::verify(kp.pub, a, msg, "").error() == ossl::errc::bad_signature);
        CHECK(ossl::verify(kp.pub, a, msg, sig->substr(1)).error() == ossl::errc::bad_signature);

        auto other = make(ossl::key_type_for(a));
        CHECK(ossl::verify(other.pub, a, msg, *sig).error() == ossl::errc::bad_signature);
    }
}

TEST_CASE("signature with a key that does not fit the algorithm is wrong_key_type", "[crypto]") {
    auto rsa = make(ossl::key_type::rsa);
    auto ed = make(ossl::key_type::ed25519);
    auto ec = make(ossl::key_type::ec_p256);
    CHECK(ossl::sign(ed.priv, ossl::alg::ps256, "x").error() == ossl::errc::wrong_key_type);
    CHECK(ossl::sign(rsa.priv, ossl::alg::eddsa, "x").error() == ossl::errc::wrong_key_type);
    CHECK(ossl::sign(rsa.priv, ossl::alg::es256, "x").error() == ossl::errc::wrong_key_type);
    CHECK(ossl::sign(ec.priv, ossl::alg::rs256, "x").error() == ossl::errc::wrong_key_type);
    auto sig = ossl::sign(rsa.priv, ossl::alg::ps256, "x").value();
    CHECK(ossl::verify(ed.pub, ossl::alg::ps256, "x", sig).error() == ossl::errc::wrong_key_type);
    CHECK(ossl::verify(ec.pub, ossl::alg::eddsa, "x", sig).error() == ossl::errc::wrong_key_type);
    CHECK(ossl::verify(rsa.pub, ossl::alg::es256, "x", sig).error() == ossl::errc::wrong_key_type);
}

TEST_CASE("signature PS256 and RS256 do not verify each other's signatures", "[crypto]") {
    auto rsa = make(ossl::key_type::rsa);
    auto ps = ossl::sign(rsa.priv, ossl::alg::ps256, "data").value();
    auto rs = ossl::sign(rsa.priv, ossl::alg::rs256, "data").value();
    CHECK(ossl::verify(rsa.pub, ossl::alg::rs256, "data", ps).error() == ossl::errc::bad_signature);
    CHECK(ossl::verify(rsa.pub, ossl::alg::ps256, "data", rs).error() == ossl::errc::bad_signature);
}

TEST_CASE("signature PS256 verification requires salt length 32 exactly", "[crypto]") {
    auto rsa = make(ossl::key_type::rsa);
    // Sign by hand with a 20-byte salt (otherwise valid PSS with SHA-256 and MGF1-SHA-256).
    ossl::unique_ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    REQUIRE(EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, rsa.priv.native(),
                                  nullptr) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 20) == 1);
    std::string sig(256, '\0');
    std::size_t len = sig.size();
    REQUIRE(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                           reinterpret_cast<const unsigned char*>("data"), 4) == 1);
    sig.resize(len);
    CHECK(ossl::verify(rsa.pub, ossl::alg::ps256, "data", sig).error() ==
          ossl::errc::bad_signature);
}

TEST_CASE("signature names map to and from JOSE alg values", "[crypto]") {
    CHECK(ossl::alg_from_string("PS256") == ossl::alg::ps256);
    CHECK(ossl::alg_from_string("RS256") == ossl::alg::rs256);
    CHECK(ossl::alg_from_string("ES256") == ossl::alg::es256);
    CHECK(ossl::alg_from_string("EdDSA") == ossl::alg::eddsa);
    CHECK_FALSE(ossl::alg_from_string("none").has_value());
    CHECK_FALSE(ossl::alg_from_string("HS256").has_value());
    CHECK_FALSE(ossl::alg_from_string("eddsa").has_value());
}

TEST_CASE("signature verification shares one key across threads", "[crypto]") {
    auto kp = make(ossl::key_type::ed25519);
    auto sig = ossl::sign(kp.priv, ossl::alg::eddsa, "shared").value();
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (std::size_t t = 0; t < ok.size(); ++t) {
        threads.emplace_back([&, t] {
            ossl::public_key copy = kp.pub;
            for (int i = 0; i < 200; ++i) {
                ok[t] += ossl::verify(copy, ossl::alg::eddsa, "shared", sig).has_value() ? 1 : 0;
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    for (int n : ok) {
        CHECK(n == 200);
    }
}
