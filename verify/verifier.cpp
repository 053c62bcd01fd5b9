#include "verify/verifier.hpp"

#include "shared/crypto/sha256.hpp"
#include "shared/json/error.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "shared/ld/error.hpp"
#include "shared/proof/error.hpp"
#include "shared/rdf/error.hpp"
#include "verify/cache.hpp"
#include "verify/signed_view.hpp"

#include <unordered_map>

namespace certgate::verify {

errc classify_error(const error_code& ec) noexcept {
    if (ec.category() == verify::category()) {
        return static_cast<errc>(ec.value());
    }
    if (ec.category() == proof::category()) {
        switch (static_cast<proof::errc>(ec.value())) {
            case proof::errc::unsupported_proof:
                return errc::unsupported_proof;
            case proof::errc::unknown_key:
                return errc::unknown_key;
            case proof::errc::bad_signature:
                return errc::bad_signature;
            default:
                return errc::malformed;
        }
    }
    if (ec.category() == json::category()) {
        switch (static_cast<json::errc>(ec.value())) {
            case json::errc::too_deep:
                return errc::too_complex;
            case json::errc::too_large:
                return errc::too_large;
            default:
                return errc::malformed;
        }
    }
    if (ec.category() == ld::category()) {
        switch (static_cast<ld::errc>(ec.value())) {
            case ld::errc::loading_remote_context_failed:
            case ld::errc::loading_document_failed:
                return errc::unknown_context;
            case ld::errc::too_deep:
            case ld::errc::context_overflow:
                return errc::too_complex;
            default:
                return errc::malformed;
        }
    }
    if (ec.category() == rdf::category()) {
        return ec == rdf::errc::too_complex ? errc::too_complex : errc::malformed;
    }
    return errc::malformed;
}

namespace {

verdict invalid(errc e) {
    verdict v;
    v.status = "invalid";
    v.reason = std::string(reason_name(e));
    return v;
}

std::string last_segment(std::string_view iri) {
    auto end = iri.find_first_of("?#");
    iri = iri.substr(0, end);
    auto slash = iri.rfind('/');
    return std::string(slash == std::string_view::npos ? iri : iri.substr(slash + 1));
}

const std::string* string_at(const json::value& obj, std::string_view key) {
    const json::value* v = obj.find(key);
    return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

}  // namespace

verifier::verifier(verifier_options opts, const ld::document_loader& contexts,
                   const proof::key_ring& keys, const crl::revocation_set& revocations)
    : opts_(opts),
      keys_(keys),
      revocations_(revocations),
      cache_(std::make_unique<verify_cache>(opts.cache_entries)),
      engines_(contexts, opts.engine) {}

verifier::~verifier() = default;

verdict verifier::check_signature(std::string_view payload) const {
    return check_uncached(payload);
}

verdict verifier::check_uncached(std::string_view payload) const {
    auto decoded = decode_payload(payload, opts_.limits);
    if (!decoded) {
        return invalid(classify_error(decoded.error()));
    }
    auto doc = json::parse(decoded->json_text, {.max_depth = opts_.engine.max_depth,
                                                .max_size = opts_.limits.max_json});
    if (!doc) {
        return invalid(classify_error(doc.error()));
    }
    if (!doc->is_object()) {
        return invalid(errc::malformed);
    }
    // The identity is evidence[0].id: checked before the signature so a credential without one is
    // rejected cheaply (certgate cannot check revocation without it).
    const json::value* evidence = doc->find("evidence");
    const json::value* first = nullptr;
    if (evidence != nullptr && evidence->is_array() && !evidence->as_array().empty()) {
        first = &evidence->as_array()[0];
    } else if (evidence != nullptr && evidence->is_object()) {
        first = evidence;
    }
    const std::string* identity = first != nullptr ? string_at(*first, "id") : nullptr;
    if (identity == nullptr || identity->empty()) {
        return invalid(errc::malformed);
    }

    auto proven = engines_.acquire()->verify(*doc, keys_);
    if (!proven) {
        return invalid(classify_error(proven.error()));
    }

    verdict v;
    v.identity = *identity;
    v.certificate_id = last_segment(*identity);
    if (const json::value* cid = first->find("certificateId"); cid != nullptr) {
        std::string given = cid->is_string()   ? cid->as_string()
                            : cid->is_number() ? json::to_string(*cid)
                                               : std::string("\x01");
        if (given != v.certificate_id) {
            verdict bad = invalid(errc::id_mismatch);
            bad.identity = v.identity;
            bad.certificate_id = v.certificate_id;
            return bad;
        }
    }
    // The trace and the parsed credential are ours: move and edit them rather than copy.
    std::unordered_map<std::string, std::string> iris;
    iris.reserve(proven->trace.entries.size());
    for (auto& e : proven->trace.entries) {
        iris.emplace(std::move(e.path), std::move(e.iri));  // the first entry of a path wins
    }
    json::value& document = *doc;
    document.erase("proof");
    field_report fields = analyse_fields(document, proven->document_rdf, iris);
    json::value view{json::object{}};
    if (const json::value* cs = fields.signed_view.find("credentialSubject")) {
        view.set("credentialSubject", *cs);
    }
    if (const json::value* ev = fields.signed_view.find("evidence")) {
        view.set("evidence", *ev);
    }
    if (const std::string* issuer = string_at(fields.signed_view, "issuer")) {
        v.issuer = *issuer;
    }
    if (const std::string* date = string_at(fields.signed_view, "issuanceDate")) {
        v.issuance_date = *date;
    }
    v.signed_view = std::move(view);
    v.unsigned_fields = std::move(fields.unsigned_fields);
    v.ambiguous = std::move(fields.ambiguous);
    v.status = "valid";
    v.reason = "ok";
    return v;
}

verdict verifier::check(std::string_view payload, std::int64_t now_ms) const {
    if (payload.size() > opts_.limits.max_payload) {
        return invalid(errc::too_large);
    }
    auto d = ossl::sha256(payload);
    std::shared_ptr<const verdict> facts = cache_->find(d);
    if (!facts) {
        auto fresh = std::make_shared<const verdict>(check_uncached(payload));
        cache_->insert(d, fresh);
        facts = std::move(fresh);
    }
    verdict v = *facts;
    if (v.status != "valid") {
        return v;
    }
    // Revocation is checked on every scan, cached or not: it changes under the cache.
    if (auto r = revocations_.lookup(v.identity); r && r->in_effect(now_ms)) {
        v.revocation = *r;
        if (r->why == crl::reason::suspended) {
            v.status = "suspended";
            v.reason = "suspended";
        } else {
            v.status = "revoked";
            v.reason = std::string(crl::reason_name(r->why));
        }
    }
    return v;
}

}  // namespace certgate::verify
