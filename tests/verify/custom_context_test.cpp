// The unsigned and ambiguous lists come from the active contexts, not from DIVOC's field names:
// a context of our own, with its own shared IRIs and missing terms, gives its own lists.
#include "../proof/divoc_vectors.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/json/write.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/linked_data_proof.hpp"
#include "verify/verifier.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace certgate;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

constexpr const char* custom_context = R"({"@context":{
  "@version":1.1,"@protected":true,"id":"@id","type":"@type",
  "ex":"https://example.org/vocab#",
  "Pet":{"@id":"ex:Pet","@context":{
      "@version":1.1,"@protected":true,
      "nickname":"ex:label","callName":"ex:label",
      "legs":{"@id":"ex:legs"},
      "owner":{"@id":"ex:owner","@context":{"fullName":"ex:fullName"}}}},
  "Check":{"@id":"ex:Check","@context":{"@version":1.1,"@protected":true,
      "when":"ex:date","until":"ex:date","vet":"ex:vet"}}
}})";

}  // namespace

TEST_CASE("verifier derives unsigned and ambiguous fields from a custom context", "[verify]") {
    auto reg = ld::context_registry::load_directory(CERTGATE_CONTEXTS_DIR);
    REQUIRE(reg.has_value());
    auto ctx = json::parse(custom_context);
    REQUIRE(ctx.has_value());
    reg->add("https://example.org/pets/v1", *ctx);

    auto cred = json::parse(R"({
      "@context":["https://www.w3.org/2018/credentials/v1","https://example.org/pets/v1"],
      "type":["VerifiableCredential"],
      "issuer":"https://example.org/",
      "issuanceDate":"2026-12-04T10:00:00Z",
      "credentialSubject":{"id":"did:example:rex","type":"Pet","nickname":"Rex","callName":"Rexy",
          "legs":4,"colour":"brown","owner":{"fullName":"Ann","phone":"123"}},
      "evidence":[{"id":"https://example.org/checks/42","type":"Check",
          "when":"2026-01-01","until":"2027-01-01","vet":"Dr. Who","fee":30}]
    })");
    REQUIRE(cred.has_value());
    auto key = ossl::generate_ed25519();
    REQUIRE(key.has_value());
    proof::engine signer(*reg);
    auto signed_cred = signer.sign(*cred, *key, "did:example:issuer", "2026-12-04T10:00:00Z");
    REQUIRE(signed_cred.has_value());

    proof::key_ring ring;
    ring.add("did:example:issuer", *ossl::public_of(*key));
    crl::revocation_set revocations;
    verify::verifier v({}, *reg, ring, revocations);
    auto verdict = v.check(json::to_string(*signed_cred), 0);
    REQUIRE(verdict.status == "valid");
    CHECK(verdict.certificate_id == "42");

    // Terms that this context maps to one IRI within one node.
    CHECK(contains(verdict.ambiguous, "credentialSubject.nickname"));
    CHECK(contains(verdict.ambiguous, "credentialSubject.callName"));
    CHECK(contains(verdict.ambiguous, "evidence[0].when"));
    CHECK(contains(verdict.ambiguous, "evidence[0].until"));
    CHECK_FALSE(contains(verdict.ambiguous, "credentialSubject.legs"));
    CHECK_FALSE(contains(verdict.ambiguous, "evidence[0].vet"));
    // Terms the context does not define are dropped by expansion, hence unsigned.
    CHECK(contains(verdict.unsigned_fields, "credentialSubject.colour"));
    CHECK(contains(verdict.unsigned_fields, "credentialSubject.owner.phone"));
    CHECK(contains(verdict.unsigned_fields, "evidence[0].fee"));
    CHECK_FALSE(contains(verdict.unsigned_fields, "credentialSubject.owner.fullName"));
    // DIVOC's names mean nothing here: none of them is listed.
    CHECK_FALSE(contains(verdict.ambiguous, "evidence[0].dose"));
    // The signed view holds the signed values only.
    const json::value* subject = verdict.signed_view.find("credentialSubject");
    REQUIRE(subject != nullptr);
    CHECK(subject->find("legs") != nullptr);
    CHECK(subject->find("colour") == nullptr);
}
