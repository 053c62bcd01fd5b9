#include "update/import.hpp"

#include "crl/revocation.hpp"
#include "crl/revocation_log.hpp"
#include "crl/revocation_store.hpp"
#include "shared/json/write.hpp"
#include "shared/store/keys.hpp"
#include "update/request.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace certgate::update {

namespace {

struct candidate {
    std::size_t index = 0;
    const json::value* certificate = nullptr;
    std::string identity;
    std::string certificate_id;
    std::string code;
    std::uint32_t dose = 0;
    std::int64_t issued_ms = 0;
    bool standalone = false;  // no usable refId or dose: no enrollment entry
};

const json::value* first_evidence(const json::value& c) {
    const json::value* ev = c.find("evidence");
    if (ev == nullptr || !ev->is_array() || ev->as_array().empty()) {
        return nullptr;
    }
    return &ev->as_array()[0];
}

// Reads what the store needs, or says why the item cannot be stored.
std::optional<import_rejected> read_candidate(const json::value& c, candidate& out) {
    import_rejected no{out.index, {}, {}, {}};
    const json::value* ev = c.is_object() ? first_evidence(c) : nullptr;
    const json::value* id = ev != nullptr ? ev->find("id") : nullptr;
    if (id == nullptr || !id->is_string() || id->as_string().empty()) {
        no.reason = "no_evidence_id";
        no.message = "evidence[0].id (the certificate's identity) is missing";
        return no;
    }
    out.identity = id->as_string();
    auto slash = out.identity.find_last_of("/:");
    out.certificate_id = slash == std::string::npos ? out.identity : out.identity.substr(slash + 1);
    no.certificate_id = out.certificate_id;
    if (out.certificate_id.empty() || out.certificate_id.find('\0') != std::string::npos) {
        no.reason = "no_evidence_id";
        no.message = "evidence[0].id has no certificate ID as its last segment";
        return no;
    }
    // Without a usable refId or dose there is no (preEnrollmentCode, dose) to enroll it under:
    // it is stored standalone, reachable by its certificate ID only.
    const json::value* subject = c.find("credentialSubject");
    const json::value* ref =
        subject != nullptr && subject->is_object() ? subject->find("refId") : nullptr;
    const json::value* dose = ev->find("dose");
    const bool has_ref = ref != nullptr && ref->is_string() && !ref->as_string().empty() &&
                         ref->as_string().find('\0') == std::string::npos;
    const bool has_dose = dose != nullptr && dose->is_integral() && dose->as_number() >= 1 &&
                          dose->as_number() <= max_dose;
    if (has_ref && has_dose) {
        out.code = ref->as_string();
        out.dose = static_cast<std::uint32_t>(dose->as_number());
    } else {
        out.standalone = true;
    }
    const json::value* issued = c.find("issuanceDate");
    std::optional<std::int64_t> ms;
    if (issued != nullptr && issued->is_string()) {
        ms = crl::parse_time_ms(issued->as_string());
    }
    if (!ms) {
        no.reason = "no_issuance_date";
        no.message = "issuanceDate is missing or not an ISO 8601 time";
        return no;
    }
    out.issued_ms = *ms;
    out.certificate = &c;
    return std::nullopt;
}

// The record service.cpp reads back (parse_record): keep the two in step.
std::string record_json(const candidate& c, const std::string& previous_id) {
    json::value v{json::object{}};
    v.set("certificate", *c.certificate);
    if (c.standalone) {
        v.set("standalone", true);
    } else {
        v.set("preEnrollmentCode", c.code);
        v.set("dose", static_cast<std::int64_t>(c.dose));
    }
    v.set("identity", c.identity);
    if (!previous_id.empty()) {
        v.set("previousCertificateId", previous_id);
    }
    v.set("issuedAt", crl::format_time_ms(c.issued_ms));
    return json::to_string(v);
}

}  // namespace

result<import_result> import_certificates(store::database& db, crl::revocation_set& revocations,
                                          const std::vector<json::value>& certificates) {
    import_result out;
    std::map<std::pair<std::string, std::uint32_t>, std::vector<candidate>> groups;
    std::vector<candidate> standalone;
    std::set<std::string> seen_ids;
    for (std::size_t i = 0; i < certificates.size(); ++i) {
        candidate c;
        c.index = i;
        if (auto no = read_candidate(certificates[i], c)) {
            out.rejected.push_back(std::move(*no));
            continue;
        }
        auto stored = db.get(store::cf::certificates, c.certificate_id);
        if (!stored) {
            return stored.error();
        }
        if (*stored || !seen_ids.insert(c.certificate_id).second) {
            out.rejected.push_back(
                {i, c.certificate_id, "already_stored",
                 "certificate " + c.certificate_id +
                     (*stored ? " is already in the store" : " appears twice in the input")});
            continue;
        }
        if (c.standalone) {
            standalone.push_back(std::move(c));
        } else {
            groups[{c.code, c.dose}].push_back(std::move(c));
        }
    }

    auto seq = crl::current_seq(db);
    if (!seq) {
        return seq.error();
    }
    store::write_batch batch;
    crl::revocation_writer writer(batch, *seq);
    for (const candidate& c : standalone) {
        batch.put(store::cf::certificates, c.certificate_id, record_json(c, {}));
        out.imported.push_back({c.index, c.certificate_id, {}, 0, {}, true});
    }
    for (auto& [key, items] : groups) {
        auto prefix = store::key_builder{}.add(key.first).add_u64(key.second).finish();
        if (!prefix) {
            return prefix.error();
        }
        auto existing = db.get_latest_with_prefix(store::cf::enrollments, *prefix);
        if (!existing) {
            return existing.error();
        }
        if (*existing) {
            for (const auto& c : items) {
                out.rejected.push_back({c.index, c.certificate_id, "dose_exists",
                                        "preEnrollmentCode " + c.code + " dose " +
                                            std::to_string(c.dose) +
                                            " already has certificates in the store"});
            }
            continue;
        }
        // Oldest first: each one is replaced by the next newer, the newest stays current.
        std::stable_sort(items.begin(), items.end(), [](const candidate& a, const candidate& b) {
            return a.issued_ms < b.issued_ms;
        });
        for (std::size_t k = 0; k < items.size(); ++k) {
            const candidate& c = items[k];
            auto enrollment = store::key_builder{}
                                  .add(c.code)
                                  .add_u64(c.dose)
                                  .add_u64(static_cast<std::uint64_t>(k))
                                  .finish();
            if (!enrollment) {
                return enrollment.error();
            }
            const std::string previous = k > 0 ? items[k - 1].certificate_id : std::string();
            batch.put(store::cf::certificates, c.certificate_id, record_json(c, previous));
            batch.put(store::cf::enrollments, *enrollment, c.certificate_id);
            import_accepted a{c.index, c.certificate_id, c.code, c.dose, {}};
            if (k + 1 < items.size()) {
                const candidate& newer = items[k + 1];
                a.replaced_by = newer.certificate_id;
                writer.put({c.identity, c.certificate_id, newer.issued_ms, crl::reason::updated,
                            newer.certificate_id, std::nullopt, 0},
                           newer.issued_ms);
            }
            out.imported.push_back(std::move(a));
        }
    }
    std::sort(out.imported.begin(), out.imported.end(),
              [](const auto& a, const auto& b) { return a.index < b.index; });
    std::sort(out.rejected.begin(), out.rejected.end(),
              [](const auto& a, const auto& b) { return a.index < b.index; });
    if (batch.empty()) {
        return out;
    }
    if (auto ec = db.write(batch, true)) {
        return ec;
    }
    crl::apply(revocations, writer.events());
    return out;
}

}  // namespace certgate::update
