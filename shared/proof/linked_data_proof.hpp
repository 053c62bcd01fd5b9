// File: shared/proof/linked_data_proof.hpp
// DIVOC's Linked Data proofs, as jsonld-signatures v6 makes them: RsaSignature2018 (PS256) and
// Ed25519Signature2018 (EdDSA) with a detached JWS {"alg","b64":false,"crit":["b64"]} over
//   ASCII(b64url(header)) + "." + SHA256(c14n(proofOptions)) + SHA256(c14n(document))
// where proofOptions is the proof minus `jws` with @context security/v2, document is the
// credential minus `proof`, and c14n is URDNA2015 over JSON-LD toRdf.
#pragma once

#include "shared/crypto/keys.hpp"
#include "shared/json/value.hpp"
#include "shared/ld/document_loader.hpp"
#include "shared/ld/to_rdf.hpp"
#include "shared/proof/key_ring.hpp"
#include "shared/rdf/canonicalize.hpp"
#include "shared/util/result.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace certgate::proof {

enum class suite { rsa_signature_2018, ed25519_signature_2018 };

std::string_view suite_name(suite s) noexcept;

inline constexpr std::string_view security_v2_context = "https://w3id.org/security/v2";

// The pieces of a proof's signing input, exposed so tests can compare them with DIVOC's.
struct signing_input {
    std::string header_b64;                        // the JWS's first segment, as written
    std::array<std::uint8_t, 32> proof_hash{};     // SHA-256 of c14n(proof options)
    std::array<std::uint8_t, 32> document_hash{};  // SHA-256 of c14n(document)
    // header_b64 + "." + proof_hash + document_hash (raw bytes): what the JWS signs.
    std::string bytes() const;
};

// What a successful verification learned, for building a verdict.
struct verified_proof {
    suite type = suite::rsa_signature_2018;
    std::string verification_method;
    std::string created;
    rdf::dataset document_rdf;  // the signed document's RDF (blank nodes as toRdf labelled them)
    ld::expansion_trace trace;  // which JSON keys expanded to which IRI (empty IRI: dropped)
};

struct engine_options {
    // Canonicalization limits (work, depth). Default: rdf::canon_options defaults.
    rdf::canon_options canon;
    // Deepest JSON nesting accepted in a credential. Default: 32.
    std::size_t max_depth = 32;
    // Shared, thread-safe cache of processed contexts; without it every call re-processes the
    // credential's contexts. Must outlive the engine. Default: nullptr.
    ld::context_cache* contexts_cache = nullptr;
};

// Canonicalizes, signs and verifies. Holds scratch buffers, so it is NOT thread-safe: keep one per
// thread. `loader` (the context registry) must outlive the engine and is shared read-only.
class engine {
public:
    explicit engine(const ld::document_loader& loader, engine_options opts = {});

    // URDNA2015 N-Quads of `doc` exactly as given. JSON-LD errors (ld::errc) and
    // canonicalization limits (rdf::errc::too_complex) pass through.
    [[nodiscard]] result<std::string> canonicalize(const json::value& doc,
                                                   ld::expansion_trace* trace = nullptr,
                                                   rdf::dataset* rdf_out = nullptr);

    // The signing input of `credential`'s proof. Errors: errc::malformed_credential,
    // malformed_proof, unsupported_proof, and JSON-LD / canonicalization errors.
    [[nodiscard]] result<signing_input> input_of(const json::value& credential);

    // Verifies `credential`'s proof against `keys`. Errors as input_of, plus unknown_key and
    // bad_signature.
    [[nodiscard]] result<verified_proof> verify(const json::value& credential,
                                                const key_ring& keys);

    // Returns `credential` (any existing proof removed) with a new proof by `key`: RSA keys make
    // RsaSignature2018, Ed25519 keys Ed25519Signature2018. `created` is an ISO 8601 time.
    [[nodiscard]] result<json::value> sign(json::value credential, const ossl::private_key& key,
                                           std::string_view verification_method,
                                           std::string_view created);

private:
    // Canonicalizes `doc` into scratch_.nquads, with legacy literal escaping when `legacy`, as if
    // `doc` had no top-level member `ignore_root_member` (the credential's proof: no copy).
    error_code canon_into_scratch(const json::value& doc, ld::expansion_trace* trace,
                                  rdf::dataset* rdf_out, bool legacy = false,
                                  std::string_view ignore_root_member = {});
    result<std::array<std::uint8_t, 32>> hash_of(const json::value& doc, ld::expansion_trace* trace,
                                                 rdf::dataset* rdf_out, bool legacy = false,
                                                 std::string_view ignore_root_member = {});

    const ld::document_loader& loader_;
    engine_options opts_;
    rdf::canonicalizer canon_;
    // jsonld.js before RDFC-1.0 (what DIVOC signed with) wrote tabs and other control characters
    // in literals unescaped; made on first need, since almost no certificate has them.
    std::unique_ptr<rdf::canonicalizer> legacy_canon_;
    rdf::canonical_result scratch_;
};

}  // namespace certgate::proof
