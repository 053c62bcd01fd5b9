#include "shared/auth/claims.hpp"
#include "shared/auth/error.hpp"
#include "shared/auth/issue.hpp"
#include "shared/auth/jwks.hpp"
#include "shared/auth/verifier.hpp"
#include "shared/crypto/base64url.hpp"
#include "shared/crypto/jwk.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/key_write.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/write.hpp"

#include <catch2/catch.hpp>
#include <openssl/hmac.h>

#include <chrono>
#include <limits>
#include <string>

using namespace certgate;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::system_clock;
const clock_type::time_point t0 = clock_type::time_point(1'700'000'000s);

struct signer {
    ossl::private_key priv;
    ossl::public_key pub;
};

signer make(ossl::key_type t) {
    auto priv = t == ossl::key_type::rsa       ? ossl::generate_rsa(2048)
                : t == ossl::key_type::ed25519 ? ossl::generate_ed25519()
                                               : ossl::generate_ec_p256();
    REQUIRE(priv.has_value());
    return {*priv, ossl::public_of(*priv).value()};
}

auth::verifier make_verifier(std::vector<auth::trusted_key> keys) {
    auth::verifier_options o;
    o.keys = std::move(keys);
    auto v = auth::verifier::create(std::move(o));
    REQUIRE(v.has_value());
    return std::move(*v);
}

// A token with the given header and payload JSON, signed with `key` under `a`.
std::string sign_raw(std::string_view header, std::string_view payload,
                     const ossl::private_key& key, ossl::alg a) {
    std::string input = ossl::base64url_encode(header) + "." + ossl::base64url_encode(payload);
    return input + "." + ossl::base64url_encode(ossl::sign(key, a, input).value());
}

std::string exp_after(clock_type::time_point now, std::chrono::seconds s) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>((now + s).time_since_epoch()).count());
}

}  // namespace

TEST_CASE("auth issued tokens verify for RSA, EC P-256 and Ed25519 keys", "[auth]") {
    for (auto t : {ossl::key_type::rsa, ossl::key_type::ec_p256, ossl::key_type::ed25519}) {
        INFO(ossl::to_string(t));
        auto s = make(t);
        auto v = make_verifier({{s.pub, {}, std::nullopt}});
        auto token =
            auth::issue_token(s.priv, {"facility-staff", "facility-admin"}, 300s, "alice", t0);
        REQUIRE(token.has_value());
        auto c = v.verify(*token, t0 + 10s);
        INFO((c ? "" : c.error().message()));
        REQUIRE(c.has_value());
        CHECK(c->subject == "alice");
        CHECK(c->expires_at == 1'700'000'300);
        CHECK(auth::has_role(*c, "facility-staff"));
        CHECK(auth::has_role(*c, "facility-admin"));
        CHECK_FALSE(auth::has_role(*c, "admin"));
    }
}

TEST_CASE("auth checks exp and nbf with the leeway", "[auth]") {
    auto s = make(ossl::key_type::ed25519);
    auto v = make_verifier({{s.pub, {}, std::nullopt}});
    auto token = auth::issue_token(s.priv, {"r"}, 300s, "bob", t0).value();
    CHECK(v.verify(token, t0 + 299s).has_value());
    CHECK(v.verify(token, t0 + 300s + 59s).has_value());  // expired, but within the 60 s leeway
    CHECK(v.verify(token, t0 + 300s + 60s).error() == auth::errc::expired);
    CHECK(v.verify(token, t0 - 59s).has_value());  // nbf ahead, within the leeway
    CHECK(v.verify(token, t0 - 61s).error() == auth::errc::not_yet_valid);

    auth::verifier_options strict;
    strict.keys = {{s.pub, {}, std::nullopt}};
    strict.leeway = 0s;
    auto sv = auth::verifier::create(strict).value();
    CHECK(sv.verify(token, t0 + 300s).error() == auth::errc::expired);
    CHECK(sv.verify(token, t0 - 1s).error() == auth::errc::not_yet_valid);
}

TEST_CASE("auth requires exp and typed claims", "[auth]") {
    auto s = make(ossl::key_type::ed25519);
    auto v = make_verifier({{s.pub, {}, std::nullopt}});
    auto h = R"({"alg":"EdDSA"})";
    CHECK(v.verify(sign_raw(h, R"({"sub":"x"})", s.priv, ossl::alg::eddsa), t0).error() ==
          auth::errc::missing_expiry);
    CHECK(v.verify(sign_raw(h, R"({"exp":"tomorrow"})", s.priv, ossl::alg::eddsa), t0).error() ==
          auth::errc::malformed_token);
    CHECK(v.verify(sign_raw(h, R"({"exp":1e300,"sub":5})", s.priv, ossl::alg::eddsa), t0).error() ==
          auth::errc::malformed_token);
    CHECK(v.verify(sign_raw(h, R"([1,2])", s.priv, ossl::alg::eddsa), t0).error() ==
          auth::errc::malformed_token);
    auto far = v.verify(sign_raw(h, R"({"exp":1e300})", s.priv, ossl::alg::eddsa), t0);
    REQUIRE(far.has_value());
    CHECK(far->expires_at == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("auth refuses alg none and HS256 signed with the public key bytes", "[auth]") {
    auto s = make(ossl::key_type::rsa);
    auto v = make_verifier({{s.pub, {}, std::nullopt}});
    std::string payload = R"({"sub":"mallory","exp":)" + exp_after(t0, 300s) +
                          R"(,"realm_access":{"roles":["facility-admin"]}})";

    std::string none = ossl::base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                       ossl::base64url_encode(payload) + ".";
    CHECK(v.verify(none, t0).error() == auth::errc::unsupported_alg);

    // The classic confusion attack: HMAC keyed with the verifier's own public key PEM.
    std::string pem = ossl::to_pem(s.pub).value();
    std::string input = ossl::base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                        ossl::base64url_encode(payload);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    REQUIRE(HMAC(EVP_sha256(), pem.data(), static_cast<int>(pem.size()),
                 reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
                 &mac_len) != nullptr);
    std::string hs =
        input + "." +
        ossl::base64url_encode(std::string_view(reinterpret_cast<char*>(mac), mac_len));
    CHECK(v.verify(hs, t0).error() == auth::errc::unsupported_alg);

    for (const char* alg : {"HS512", "RS512", "ES384", "PS384", "NONE", "eddsa"}) {
        INFO(alg);
        std::string t = ossl::base64url_encode(std::string(R"({"alg":")") + alg + "\"}") + "." +
                        ossl::base64url_encode(payload) + ".c2ln";
        CHECK(v.verify(t, t0).error() == auth::errc::unsupported_alg);
    }
}

TEST_CASE("auth refuses a token whose alg does not fit any trusted key", "[auth]") {
    auto rsa = make(ossl::key_type::rsa);
    auto ec = make(ossl::key_type::ec_p256);
    auto v = make_verifier({{rsa.pub, {}, std::nullopt}});
    // ES256 token: no EC key is trusted.
    auto es = auth::issue_token(ec.priv, {"r"}, 300s, "x", t0).value();
    CHECK(v.verify(es, t0).error() == auth::errc::unknown_key);
    // EdDSA header on an RSA signature.
    std::string payload = R"({"exp":)" + exp_after(t0, 300s) + "}";
    auto mismatched = sign_raw(R"({"alg":"RS256"})", payload, rsa.priv, ossl::alg::rs256);
    auto body = mismatched.substr(mismatched.find('.'));
    CHECK(v.verify(ossl::base64url_encode(R"({"alg":"EdDSA"})") + body, t0).error() ==
          auth::errc::unknown_key);
    CHECK(v.verify(ossl::base64url_encode(R"({"alg":"ES256"})") + body, t0).error() ==
          auth::errc::unknown_key);
    // PS256 header on an RS256 signature: the RSA key fits, the signature does not.
    CHECK(v.verify(ossl::base64url_encode(R"({"alg":"PS256"})") + body, t0).error() ==
          auth::errc::bad_signature);
    // Signed by another RSA key.
    auto other = make(ossl::key_type::rsa);
    CHECK(v.verify(auth::issue_token(other.priv, {}, 300s, "x", t0).value(), t0).error() ==
          auth::errc::bad_signature);
}

TEST_CASE("auth refuses a tampered payload or header", "[auth]") {
    auto s = make(ossl::key_type::ec_p256);
    auto v = make_verifier({{s.pub, {}, std::nullopt}});
    auto token = auth::issue_token(s.priv, {"facility-staff"}, 300s, "eve", t0).value();
    auto d1 = token.find('.');
    auto d2 = token.find('.', d1 + 1);
    std::string payload = ossl::base64url_decode(token.substr(d1 + 1, d2 - d1 - 1)).value();
    auto pos = payload.find("facility-staff");
    REQUIRE(pos != std::string::npos);
    payload.replace(pos, 14, "facility-admin");
    std::string forged =
        token.substr(0, d1 + 1) + ossl::base64url_encode(payload) + token.substr(d2);
    CHECK(v.verify(forged, t0).error() == auth::errc::bad_signature);

    std::string header = R"({"alg":"ES256","typ":"JWT","x":1})";
    CHECK(v.verify(ossl::base64url_encode(header) + token.substr(d1), t0).error() ==
          auth::errc::bad_signature);
}

TEST_CASE("auth reads Keycloak realm and client roles as one set", "[auth]") {
    auto s = make(ossl::key_type::rsa);
    auto v = make_verifier({{s.pub, {}, std::nullopt}});
    std::string payload = R"({"exp":)" + exp_after(t0, 300s) + R"(,"sub":"kc-user",
        "realm_access":{"roles":["offline_access","facility-staff"]},
        "resource_access":{"certgate":{"roles":["facility-admin","facility-staff"]},
                           "account":{"roles":["manage-account"]},"odd":{"roles":"x"}},
        "roles":["top-level"]})";
    auto c =
        v.verify(sign_raw(R"({"alg":"RS256","typ":"JWT"})", payload, s.priv, ossl::alg::rs256), t0);
    REQUIRE(c.has_value());
    CHECK(c->roles == std::vector<std::string>{"facility-admin", "facility-staff", "manage-account",
                                               "offline_access"});

    std::string client_only = R"({"exp":)" + exp_after(t0, 300s) +
                              R"(,"resource_access":{"certgate":{"roles":["facility-admin"]}}})";
    auto c2 = v.verify(sign_raw(R"({"alg":"RS256"})", client_only, s.priv, ossl::alg::rs256), t0);
    REQUIRE(c2.has_value());
    CHECK(auth::has_role(*c2, "facility-admin"));
    CHECK_FALSE(auth::has_role(*c2, "facility-staff"));

    auth::verifier_options o;
    o.keys = {{s.pub, {}, std::nullopt}};
    o.role_claims = {"roles"};
    auto top = auth::verifier::create(o).value().verify(
        sign_raw(R"({"alg":"RS256"})", payload, s.priv, ossl::alg::rs256), t0);
    REQUIRE(top.has_value());
    CHECK(top->roles == std::vector<std::string>{"top-level"});
}

TEST_CASE("auth loads a JWKS with RSA and EC keys and picks the key by kid", "[auth]") {
    auto rsa = make(ossl::key_type::rsa);
    auto ec = make(ossl::key_type::ec_p256);
    auto rsa_jwk = ossl::to_jwk(rsa.pub).value();
    rsa_jwk.set("kid", "rsa-1");
    rsa_jwk.set("alg", "RS256");
    rsa_jwk.set("use", "sig");
    auto ec_jwk = ossl::to_jwk(ec.pub).value();
    ec_jwk.set("kid", "ec-1");
    auto enc_jwk = ossl::to_jwk(make(ossl::key_type::rsa).pub).value();
    enc_jwk.set("use", "enc");
    enc_jwk.set("alg", "RSA-OAEP");
    std::string text =
        json::to_string(json::value(json::object{{"keys", json::array{rsa_jwk, ec_jwk, enc_jwk}}}));
    auto keys = auth::parse_jwks(text);
    REQUIRE(keys.has_value());
    REQUIRE(keys->size() == 2);
    CHECK((*keys)[0].kid == "rsa-1");
    CHECK((*keys)[0].alg == ossl::alg::rs256);
    CHECK((*keys)[1].kid == "ec-1");
    CHECK_FALSE((*keys)[1].alg.has_value());

    auto v = make_verifier(*keys);
    CHECK(v.verify(auth::issue_token(rsa.priv, {"a"}, 60s, "r", t0, "rsa-1").value(), t0)
              .has_value());
    CHECK(
        v.verify(auth::issue_token(ec.priv, {"a"}, 60s, "e", t0, "ec-1").value(), t0).has_value());
    CHECK(v.verify(auth::issue_token(ec.priv, {"a"}, 60s, "e", t0).value(), t0).has_value());
    CHECK(v.verify(auth::issue_token(ec.priv, {"a"}, 60s, "e", t0, "rsa-1").value(), t0).error() ==
          auth::errc::unknown_key);
    CHECK(v.verify(auth::issue_token(ec.priv, {"a"}, 60s, "e", t0, "nope").value(), t0).error() ==
          auth::errc::unknown_key);
    // The RSA key is pinned to RS256 by its "alg".
    std::string payload = R"({"exp":)" + exp_after(t0, 60s) + "}";
    CHECK(
        v.verify(sign_raw(R"({"alg":"PS256","kid":"rsa-1"})", payload, rsa.priv, ossl::alg::ps256),
                 t0)
            .error() == auth::errc::unknown_key);
}

TEST_CASE("auth loads JWKS and PEM key files through the verifier options", "[auth]") {
    auth::verifier_options o;
    o.jwks_files = {CERTGATE_AUTH_TEST_DATA "/jwks.json"};
    o.key_files = {CERTGATE_TEST_DATA "/divoc/keys/divoc-test-ed25519.pub.pem"};
    auto v = auth::verifier::create(o);
    REQUIRE(v.has_value());
    REQUIRE(v->options().keys.size() == 3);
    CHECK(v->options().keys[0].key.type() == ossl::key_type::ed25519);
    CHECK(v->options().keys[1].kid == "divoc-rsa");
    CHECK(v->options().keys[2].key.type() == ossl::key_type::ec_p256);

    auth::verifier_options missing;
    missing.jwks_files = {CERTGATE_AUTH_TEST_DATA "/missing.json"};
    CHECK(auth::verifier::create(missing).error() == ossl::errc::file_unreadable);
    for (std::string_view bad :
         {"", "{}", R"({"keys":[]})", R"({"keys":{}})", R"({"keys":[{"kty":"oct","k":"AAAA"}]})",
          R"({"keys":[{"kty":"RSA","n":"AQAB"}]})"}) {
        INFO(bad);
        CHECK(auth::parse_jwks(bad).error() == auth::errc::invalid_jwks);
    }
}

TEST_CASE("auth gives malformed_token for garbage without crashing", "[auth]") {
    auto s = make(ossl::key_type::ed25519);
    auto v = make_verifier({{s.pub, {}, std::nullopt}});
    CHECK(v.verify("", t0).error() == auth::errc::missing_token);
    std::string good = auth::issue_token(s.priv, {}, 60s, "x", t0).value();
    std::string huge(20000, 'a');
    for (std::string_view bad :
         {std::string_view("abc"), std::string_view("a.b"), std::string_view("a.b.c.d"),
          std::string_view(".."), std::string_view("!!!.???.***"),
          std::string_view("e30.e30.e30"),                   // {} header: no alg
          std::string_view("bm90IGpzb24.e30.AAAA"),          // "not json" header
          std::string_view("eyJhbGciOiJFZERTQSJ9.e30.***"),  // bad signature base64
          std::string_view("eyJhbGciOjF9.e30.AAAA"),         // alg is a number
          std::string_view("WyJFZERTQSJd.e30.AAAA"),         // header is an array
          std::string_view(huge)}) {
        INFO(bad.substr(0, 40));
        CHECK(v.verify(bad, t0).error() == auth::errc::malformed_token);
    }
    // A crit header is refused even with a valid signature.
    std::string payload = R"({"exp":)" + exp_after(t0, 60s) + "}";
    CHECK(v.verify(sign_raw(R"({"alg":"EdDSA","crit":["b64"],"b64":false})", payload, s.priv,
                            ossl::alg::eddsa),
                   t0)
              .error() == auth::errc::malformed_token);
    // Trailing junk after a good token.
    CHECK(v.verify(good + ".", t0).error() == auth::errc::malformed_token);
}

TEST_CASE("auth checks issuer and audience when configured", "[auth]") {
    auto s = make(ossl::key_type::ed25519);
    auth::verifier_options o;
    o.keys = {{s.pub, {}, std::nullopt}};
    o.issuer = "https://kc.example/realms/divoc";
    o.audience = "certgate";
    auto v = auth::verifier::create(o).value();
    std::string exp = exp_after(t0, 60s);
    auto tok = [&](const std::string& extra) {
        return sign_raw(R"({"alg":"EdDSA"})", R"({"exp":)" + exp + extra + "}", s.priv,
                        ossl::alg::eddsa);
    };
    CHECK(v.verify(tok(R"(,"iss":"https://kc.example/realms/divoc","aud":["x","certgate"])"), t0)
              .has_value());
    CHECK(v.verify(tok(R"(,"iss":"https://kc.example/realms/divoc","aud":"certgate")"), t0)
              .has_value());
    CHECK(v.verify(tok(R"(,"iss":"https://evil.example","aud":"certgate")"), t0).error() ==
          auth::errc::wrong_issuer);
    CHECK(v.verify(tok(R"(,"iss":"https://kc.example/realms/divoc","aud":"other")"), t0).error() ==
          auth::errc::wrong_audience);
    CHECK(v.verify(tok(R"(,"iss":"https://kc.example/realms/divoc")"), t0).error() ==
          auth::errc::wrong_audience);
}

TEST_CASE("auth bearer_token extracts the token from an Authorization header", "[auth]") {
    CHECK(auth::bearer_token("Bearer abc.def.ghi").value() == "abc.def.ghi");
    CHECK(auth::bearer_token("  bearer   abc  ").value() == "abc");
    CHECK(auth::bearer_token("").error() == auth::errc::missing_token);
    CHECK(auth::bearer_token("Bearer").error() == auth::errc::missing_token);
    CHECK(auth::bearer_token("Bearer   ").error() == auth::errc::missing_token);
    CHECK(auth::bearer_token("Basic dXNlcjpwYXNz").error() == auth::errc::missing_token);
    CHECK(auth::bearer_token("Bearerabc").error() == auth::errc::missing_token);
}
