#include "shared/proof/linked_data_proof.hpp"

#include "shared/crypto/base64url.hpp"
#include "shared/crypto/sha256.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "shared/proof/error.hpp"

#include <cstring>
#include <optional>

namespace certgate::proof {

namespace {

struct suite_info {
    suite s;
    std::string_view name;
    ossl::alg alg;
    // base64url of the JWS header sign() writes, {"alg":"<alg>","b64":false,"crit":["b64"]}:
    // nearly every proof carries exactly these bytes, so parse_proof() accepts them without
    // decoding and parsing them again.
    std::string_view header_b64;
};
constexpr suite_info suites[] = {
    {suite::rsa_signature_2018, "RsaSignature2018", ossl::alg::ps256,
     "eyJhbGciOiJQUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19"},
    {suite::ed25519_signature_2018, "Ed25519Signature2018", ossl::alg::eddsa,
     "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19"},
};

const suite_info* find_suite(std::string_view name) {
    for (const auto& s : suites) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

const suite_info& info_of(suite s) {
    return s == suite::rsa_signature_2018 ? suites[0] : suites[1];
}

// The proof's options as jsonld-signatures v6 canonicalizes them.
json::value proof_options_of(const json::value& proof) {
    json::value opts{json::object{}};
    opts.set("@context", std::string(security_v2_context));
    for (const auto& [k, v] : proof.as_object()) {
        if (k == "jws" || k == "signatureValue" || k == "proofValue" || k == "@context") {
            continue;
        }
        opts.set(k, v);
    }
    return opts;
}

struct parsed_jws {
    const json::value* proof = nullptr;  // the credential's proof object
    std::string header_b64;
    std::string signature;
    const suite_info* info = nullptr;
};

// Checks the proof's shape and its detached JWS header against the suite.
result<parsed_jws> parse_proof(const json::value& proof) {
    if (!proof.is_object()) {
        return errc::malformed_proof;
    }
    const json::value* type = proof.find("type");
    const json::value* jws = proof.find("jws");
    if (type == nullptr || !type->is_string() || jws == nullptr || !jws->is_string()) {
        return errc::malformed_proof;
    }
    parsed_jws out;
    out.info = find_suite(type->as_string());
    if (out.info == nullptr) {
        return errc::unsupported_proof;
    }
    std::string_view text = jws->as_string();
    auto dot1 = text.find('.');
    if (dot1 == std::string_view::npos || dot1 + 1 >= text.size() || text[dot1 + 1] != '.') {
        return errc::malformed_proof;  // not "header..signature" (detached payload)
    }
    out.header_b64 = std::string(text.substr(0, dot1));
    auto sig = ossl::base64url_decode(text.substr(dot1 + 2));
    if (!sig || sig->empty()) {
        return errc::malformed_proof;
    }
    out.signature = std::move(*sig);
    if (out.header_b64 == out.info->header_b64) {
        return out;  // the standard header: checked below once and for all
    }
    auto header_bytes = ossl::base64url_decode(out.header_b64);
    if (!header_bytes) {
        return errc::malformed_proof;
    }
    auto header = json::parse(*header_bytes, {.max_depth = 4, .max_size = 1024});
    if (!header || !header->is_object()) {
        return errc::malformed_proof;
    }
    const json::value* alg = header->find("alg");
    const json::value* b64 = header->find("b64");
    const json::value* crit = header->find("crit");
    // b64 must be false and declared critical: a verifier that ignored b64 would check a different
    // payload than the signer meant.
    if (alg == nullptr || !alg->is_string() || alg->as_string() != ossl::to_string(out.info->alg) ||
        b64 == nullptr || !b64->is_bool() || b64->as_bool() || crit == nullptr ||
        !crit->is_array() || crit->as_array().size() != 1 || !crit->as_array()[0].is_string() ||
        crit->as_array()[0].as_string() != "b64") {
        return errc::unsupported_proof;
    }
    for (const auto& [k, v] : header->as_object()) {
        if (k != "alg" && k != "b64" && k != "crit" && k != "kid" && k != "typ") {
            return errc::unsupported_proof;  // unknown header parameters could change semantics
        }
    }
    return out;
}

// The credential's proof with its JWS checked: errc::malformed_credential without an object
// credential and a `proof`, else parse_proof's errors.
result<parsed_jws> proof_of(const json::value& credential) {
    const json::value* proof = credential.is_object() ? credential.find("proof") : nullptr;
    if (proof == nullptr) {
        return errc::malformed_credential;
    }
    auto jws = parse_proof(*proof);
    if (jws) {
        jws->proof = proof;
    }
    return jws;
}

// Whether any string (key or value) holds a control character other than LF and CR.
bool has_control_characters(const json::value& v) {
    auto in = [](std::string_view s) {
        for (char c : s) {
            auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\n' && c != '\r') || u == 0x7F) {
                return true;
            }
        }
        return false;
    };
    switch (v.type()) {
        case json::kind::string_value:
            return in(v.as_string());
        case json::kind::array_value:
            for (const auto& e : v.as_array()) {
                if (has_control_characters(e)) {
                    return true;
                }
            }
            return false;
        case json::kind::object_value:
            for (const auto& [k, e] : v.as_object()) {
                if (in(k) || has_control_characters(e)) {
                    return true;
                }
            }
            return false;
        default:
            return false;
    }
}

const json::value* method_of(const json::value& proof) {
    const json::value* m = proof.find("verificationMethod");
    if (m == nullptr) {
        m = proof.find("creator");  // older jsonld-signatures proofs
    }
    if (m != nullptr && m->is_object()) {
        m = m->find("id");
    }
    return m != nullptr && m->is_string() ? m : nullptr;
}

}  // namespace

std::string_view suite_name(suite s) noexcept { return info_of(s).name; }

std::string signing_input::bytes() const {
    std::string out;
    out.reserve(header_b64.size() + 1 + 64);
    out += header_b64;
    out.push_back('.');
    out += ossl::as_chars(proof_hash);
    out += ossl::as_chars(document_hash);
    return out;
}

engine::engine(const ld::document_loader& loader, engine_options opts)
    : loader_(loader), opts_(opts), canon_(opts.canon) {}

error_code engine::canon_into_scratch(const json::value& doc, ld::expansion_trace* trace,
                                      rdf::dataset* rdf_out, bool legacy,
                                      std::string_view ignore_root_member) {
    ld::to_rdf_options o;
    o.ignore_root_member = ignore_root_member;
    o.loader = &loader_;
    o.max_depth = opts_.max_depth;
    o.cache = opts_.contexts_cache;
    auto ds = ld::to_rdf(doc, o, trace);
    if (!ds) {
        return ds.error();
    }
    rdf::canonicalizer* canon = &canon_;
    if (legacy) {
        if (!legacy_canon_) {
            rdf::canon_options legacy_opts = opts_.canon;
            legacy_opts.escaping = rdf::literal_escaping::legacy;
            legacy_canon_ = std::make_unique<rdf::canonicalizer>(legacy_opts);
        }
        canon = legacy_canon_.get();
    }
    if (auto ec = canon->canonicalize(*ds, scratch_)) {
        return ec;
    }
    if (rdf_out != nullptr) {
        *rdf_out = std::move(*ds);
    }
    return {};
}

result<std::array<std::uint8_t, 32>> engine::hash_of(const json::value& doc,
                                                     ld::expansion_trace* trace,
                                                     rdf::dataset* rdf_out, bool legacy,
                                                     std::string_view ignore_root_member) {
    if (auto ec = canon_into_scratch(doc, trace, rdf_out, legacy, ignore_root_member)) {
        return ec;
    }
    return ossl::sha256(scratch_.nquads);
}

result<std::string> engine::canonicalize(const json::value& doc, ld::expansion_trace* trace,
                                         rdf::dataset* rdf_out) {
    if (auto ec = canon_into_scratch(doc, trace, rdf_out)) {
        return ec;
    }
    return scratch_.nquads;
}

result<signing_input> engine::input_of(const json::value& credential) {
    auto jws = proof_of(credential);
    if (!jws) {
        return jws.error();
    }
    const json::value* proof = jws->proof;
    signing_input in;
    in.header_b64 = std::move(jws->header_b64);
    auto ph = hash_of(proof_options_of(*proof), nullptr, nullptr);
    if (!ph) {
        return ph.error();
    }
    auto dh = hash_of(credential, nullptr, nullptr, false, "proof");
    if (!dh) {
        return dh.error();
    }
    in.proof_hash = *ph;
    in.document_hash = *dh;
    return in;
}

result<verified_proof> engine::verify(const json::value& credential, const key_ring& keys) {
    auto jws = proof_of(credential);
    if (!jws) {
        return jws.error();
    }
    const json::value* proof = jws->proof;
    const json::value* method = method_of(*proof);
    if (method == nullptr) {
        return errc::malformed_proof;
    }
    // Find a fitting key before the expensive canonicalization: an unknown issuer costs little.
    const auto& candidates = keys.keys_for(method->as_string());
    ossl::key_type need = ossl::key_type_for(jws->info->alg);
    bool any_fits = false;
    for (const auto& k : candidates) {
        any_fits = any_fits || k.type() == need;
    }
    if (!any_fits) {
        return errc::unknown_key;
    }
    verified_proof out;
    auto ph = hash_of(proof_options_of(*proof), nullptr, nullptr);
    if (!ph) {
        return ph.error();
    }
    auto dh = hash_of(credential, &out.trace, &out.document_rdf, false, "proof");
    if (!dh) {
        return dh.error();
    }
    signing_input in{jws->header_b64, *ph, *dh};
    auto check = [&] {
        std::string data = in.bytes();
        for (const auto& k : candidates) {
            if (k.type() == need && ossl::verify(k, jws->info->alg, data, jws->signature)) {
                return true;
            }
        }
        return false;
    };
    bool ok = check();
    if (!ok && has_control_characters(credential)) {
        // Signed by jsonld.js before RDFC-1.0 (DIVOC's signer), which left control characters
        // other than LF and CR unescaped: the only case where the two serializations differ.
        auto lph = hash_of(proof_options_of(*proof), nullptr, nullptr, true);
        auto ldh = hash_of(credential, nullptr, nullptr, true, "proof");
        if (lph && ldh) {
            in.proof_hash = *lph;
            in.document_hash = *ldh;
            ok = check();
        }
    }
    if (!ok) {
        return errc::bad_signature;
    }
    out.type = jws->info->s;
    out.verification_method = method->as_string();
    if (const json::value* created = proof->find("created"); created && created->is_string()) {
        out.created = created->as_string();
    }
    return out;
}

result<json::value> engine::sign(json::value credential, const ossl::private_key& key,
                                 std::string_view verification_method, std::string_view created) {
    if (!credential.is_object()) {
        return errc::malformed_credential;
    }
    credential.erase("proof");
    const suite_info* info = nullptr;
    if (key.type() == ossl::key_type::rsa) {
        info = &suites[0];
    } else if (key.type() == ossl::key_type::ed25519) {
        info = &suites[1];
    } else {
        return errc::signing_failed;
    }
    json::value proof{json::object{}};
    proof.set("type", std::string(info->name));
    proof.set("created", std::string(created));
    proof.set("verificationMethod", std::string(verification_method));
    proof.set("proofPurpose", "assertionMethod");
    // The exact header bytes DIVOC writes; its base64url is the familiar "eyJhbGciOi..." prefix.
    std::string header = "{\"alg\":\"" + std::string(ossl::to_string(info->alg)) +
                         "\",\"b64\":false,\"crit\":[\"b64\"]}";
    signing_input in;
    in.header_b64 = ossl::base64url_encode(header);
    auto ph = hash_of(proof_options_of(proof), nullptr, nullptr);
    if (!ph) {
        return ph.error();
    }
    auto dh = hash_of(credential, nullptr, nullptr);
    if (!dh) {
        return dh.error();
    }
    in.proof_hash = *ph;
    in.document_hash = *dh;
    auto sig = ossl::sign(key, info->alg, in.bytes());
    if (!sig) {
        return errc::signing_failed;
    }
    proof.set("jws", in.header_b64 + ".." + ossl::base64url_encode(*sig));
    credential.set("proof", std::move(proof));
    return credential;
}

namespace {
class proof_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.proof"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::malformed_credential:
                return "not a credential with a proof";
            case errc::malformed_proof:
                return "the proof is incomplete or its JWS is malformed";
            case errc::unsupported_proof:
                return "unsupported proof type or JWS header";
            case errc::unknown_key:
                return "no trusted key for the proof's verification method";
            case errc::bad_signature:
                return "the signature does not verify";
            case errc::signing_failed:
                return "the key cannot sign this proof type";
        }
        return "unknown proof error";
    }
};
}  // namespace

const boost::system::error_category& category() noexcept {
    static const proof_category instance;
    return instance;
}

}  // namespace certgate::proof
