#include "divoc_vectors.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/ld/error.hpp"
#include "shared/proof/error.hpp"
#include "shared/proof/linked_data_proof.hpp"

#include <catch2/catch.hpp>

using namespace certgate;
using test::divoc;

namespace {

const ld::context_registry& contexts() {
    static const ld::context_registry reg = test::load_contexts();
    return reg;
}

proof::key_ring divoc_keys() { return test::divoc_keys(); }

std::string stem(const std::string& file) {
    auto slash = file.rfind('/');
    auto dot = file.rfind(".json");
    return file.substr(slash + 1, dot - slash - 1);
}

}  // namespace

TEST_CASE("proof signing inputs equal DIVOC's for every vector", "[proof][divoc]") {
    json::value summary = test::load_json(divoc("derived/verification-summary.json"));
    REQUIRE(summary.as_array().size() == 8);
    proof::engine engine(contexts());
    for (const auto& entry : summary.as_array()) {
        const std::string& file = entry.find("file")->as_string();
        DYNAMIC_SECTION(file) {
            json::value cert = test::load_json(divoc(file));
            auto in = engine.input_of(cert);
            REQUIRE(in.has_value());
            CHECK(test::to_hex(in->proof_hash.data(), 32) ==
                  entry.find("sha256_c14n_proof_options_hex")->as_string());
            CHECK(test::to_hex(in->document_hash.data(), 32) ==
                  entry.find("sha256_c14n_document_hex")->as_string());
            std::string bytes = in->bytes();
            CHECK(test::to_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) ==
                  entry.find("signing_input_hex")->as_string());
        }
    }
}

TEST_CASE("proof canonical N-Quads equal DIVOC's byte for byte", "[proof][divoc]") {
    json::value summary = test::load_json(divoc("derived/verification-summary.json"));
    proof::engine engine(contexts());
    for (const auto& entry : summary.as_array()) {
        const std::string& file = entry.find("file")->as_string();
        DYNAMIC_SECTION(file) {
            json::value cert = test::load_json(divoc(file));
            json::value doc = cert;
            doc.erase("proof");
            auto nq = engine.canonicalize(doc);
            REQUIRE(nq.has_value());
            CHECK(*nq == test::slurp(divoc("derived/nquads/" + stem(file) + ".document.nq")));
            json::value opts = *cert.find("proof");
            opts.erase("jws");
            opts.set("@context", "https://w3id.org/security/v2");
            auto pnq = engine.canonicalize(opts);
            REQUIRE(pnq.has_value());
            CHECK(*pnq == test::slurp(divoc("derived/nquads/" + stem(file) + ".proof-options.nq")));
        }
    }
}

TEST_CASE("proof verifies every DIVOC vector and rejects the tampered one", "[proof][divoc]") {
    json::value summary = test::load_json(divoc("derived/verification-summary.json"));
    proof::engine engine(contexts());
    auto keys = divoc_keys();
    int expected_valid = 0;
    for (const auto& entry : summary.as_array()) {
        expected_valid += entry.find("verified_with")->is_null() ? 0 : 1;
    }
    CHECK(expected_valid == 7);
    for (const auto& entry : summary.as_array()) {
        const std::string& file = entry.find("file")->as_string();
        DYNAMIC_SECTION(file) {
            auto result = engine.verify(test::load_json(divoc(file)), keys);
            if (entry.find("verified_with")->is_null()) {
                REQUIRE_FALSE(result.has_value());
                CHECK(result.error() == proof::errc::bad_signature);
            } else {
                REQUIRE(result.has_value());
                CHECK(result->verification_method == "did:india");
            }
        }
    }
}

TEST_CASE("proof made by certgate verifies, with RSA and Ed25519, and breaks when edited",
          "[proof]") {
    proof::engine engine(contexts());
    json::value cert =
        test::load_json(divoc("certificates/rsa_cowin_v2_ddcc_certid-712988986_dose2.json"));
    for (auto make :
         {+[] { return ossl::generate_rsa(2048); }, +[] { return ossl::generate_ed25519(); }}) {
        auto priv = make();
        REQUIRE(priv.has_value());
        auto pub = ossl::public_of(*priv);
        REQUIRE(pub.has_value());
        proof::key_ring ring;
        ring.add("did:certgate:issuer", *pub);
        auto signed_cert = engine.sign(cert, *priv, "did:certgate:issuer", "2026-12-04T10:00:00Z");
        REQUIRE(signed_cert.has_value());
        const auto& p = *signed_cert->find("proof");
        CHECK(p.find("type")->as_string() ==
              (priv->type() == ossl::key_type::rsa ? "RsaSignature2018" : "Ed25519Signature2018"));
        CHECK(engine.verify(*signed_cert, ring).has_value());
        json::value edited = *signed_cert;
        edited.find("evidence")->as_array()[0].set("dose", 1);
        CHECK(engine.verify(edited, ring).error() == proof::errc::bad_signature);
    }
}

TEST_CASE("proof rejects bad input with a precise reason", "[proof]") {
    proof::engine engine(contexts());
    auto keys = divoc_keys();
    const json::value base =
        test::load_json(divoc("certificates/rsa_cowin_v2_ddcc_certid-712988986_dose2.json"));
    auto with_jws = [&](std::string jws) {
        json::value c = base;
        c.find("proof")->set("jws", std::move(jws));
        return c;
    };
    const std::string sig = base.find("proof")->find("jws")->as_string().substr(
        base.find("proof")->find("jws")->as_string().find(".."));

    SECTION("an unknown context") {
        json::value c = base;
        c.find("@context")->as_array()[1] = "https://example.org/unknown/v1";
        CHECK(engine.verify(c, keys).error() == ld::errc::loading_remote_context_failed);
    }
    SECTION("a key of the wrong type for the proof") {
        proof::key_ring ed_only;
        ed_only.add("did:india",
                    *ossl::load_public_key_file(divoc("keys/divoc-test-ed25519.pub.pem")));
        CHECK(engine.verify(base, ed_only).error() == proof::errc::unknown_key);
    }
    SECTION("an unknown verification method") {
        json::value c = base;
        c.find("proof")->set("verificationMethod", "did:elsewhere");
        CHECK(engine.verify(c, keys).error() == proof::errc::unknown_key);
    }
    SECTION("a truncated JWS") {
        CHECK(
            engine
                .verify(with_jws("eyJhbGciOiJQUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19"), keys)
                .error() == proof::errc::malformed_proof);
        CHECK(engine
                  .verify(with_jws("eyJhbGciOiJQUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.."),
                          keys)
                  .error() == proof::errc::malformed_proof);
        CHECK(engine.verify(with_jws("e..x"), keys).error() == proof::errc::malformed_proof);
    }
    SECTION("a JWS whose b64 is not false") {
        // {"alg":"PS256","b64":true,"crit":["b64"]}
        CHECK(engine
                  .verify(with_jws("eyJhbGciOiJQUzI1NiIsImI2NCI6dHJ1ZSwiY3JpdCI6WyJiNjQiXX0" + sig),
                          keys)
                  .error() == proof::errc::unsupported_proof);
        // {"alg":"PS256"}
        CHECK(engine.verify(with_jws("eyJhbGciOiJQUzI1NiJ9" + sig), keys).error() ==
              proof::errc::unsupported_proof);
    }
    SECTION("an unknown or mismatched alg") {
        // {"alg":"HS256","b64":false,"crit":["b64"]}
        CHECK(
            engine
                .verify(with_jws("eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19" + sig),
                        keys)
                .error() == proof::errc::unsupported_proof);
        // {"alg":"EdDSA",...} on an RsaSignature2018 proof
        CHECK(
            engine
                .verify(with_jws("eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19" + sig),
                        keys)
                .error() == proof::errc::unsupported_proof);
    }
    SECTION("an unknown proof type") {
        json::value c = base;
        c.find("proof")->set("type", "JsonWebSignature2020");
        CHECK(engine.verify(c, keys).error() == proof::errc::unsupported_proof);
    }
    SECTION("no proof, or not an object") {
        json::value c = base;
        c.erase("proof");
        CHECK(engine.verify(c, keys).error() == proof::errc::malformed_credential);
        CHECK(engine.verify(json::value("x"), keys).error() == proof::errc::malformed_credential);
    }
    SECTION("deep nesting") {
        json::value c = base;
        json::value deep = "x";
        for (int i = 0; i < 100; ++i) {
            deep = json::array{std::move(deep)};
        }
        c.find("credentialSubject")->set("name", std::move(deep));
        CHECK(engine.verify(c, keys).error() == ld::errc::too_deep);
    }
    SECTION("huge and binary strings") {
        // A DID subject, so the name is signed (a relative subject id leaves it unsigned).
        json::value c = test::load_json(
            divoc("certificates/rsa_cowin_v2_ddcc_certid-303232161_did-subject.json"));
        c.find("credentialSubject")->set("name", std::string(200000, 'A'));
        CHECK(engine.verify(c, keys).error() == proof::errc::bad_signature);
        c.find("credentialSubject")->set("name", std::string("\x01\x02\x7f\x00 bin", 9));
        CHECK(engine.verify(c, keys).error() == proof::errc::bad_signature);
    }
}

TEST_CASE("proof accepts DIVOC-era signatures over literals with control characters",
          "[proof][regression]") {
    // jsonld.js before RDFC-1.0 (DIVOC's signer) left a tab unescaped in the canonical N-Quads;
    // RDFC-1.0 writes \t. certgate checks both, so such certificates still verify.
    proof::engine_options legacy_opts;
    legacy_opts.canon.escaping = rdf::literal_escaping::legacy;
    proof::engine divoc_signer(contexts(), legacy_opts);
    proof::engine engine(contexts());
    json::value cert =
        test::load_json(divoc("certificates/rsa_cowin_v2_ddcc_certid-303232161_did-subject.json"));
    cert.find("credentialSubject")->set("name", "John\tDoe");
    auto priv = ossl::generate_ed25519();
    REQUIRE(priv.has_value());
    proof::key_ring ring;
    ring.add("did:india", *ossl::public_of(*priv));
    auto legacy_signed = divoc_signer.sign(cert, *priv, "did:india", "2022-01-05T17:43:40Z");
    REQUIRE(legacy_signed.has_value());
    CHECK(engine.verify(*legacy_signed, ring).has_value());
    // The retry does not weaken anything: an edit still breaks the signature.
    json::value edited = *legacy_signed;
    edited.find("credentialSubject")->set("name", "John\tDoe2");
    CHECK(engine.verify(edited, ring).error() == proof::errc::bad_signature);
}
