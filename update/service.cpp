#include "update/service.hpp"

#include "crl/revocation_log.hpp"
#include "crl/revocation_store.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "shared/store/keys.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <utility>

namespace certgate::update {

namespace {

// What `certificates` holds per certificate ID.
struct cert_record {
    json::value certificate;  // the signed credential
    std::string pre_enrollment_code;
    std::uint32_t dose = 0;
    std::string identity;  // evidence[0].id
    std::string previous_certificate_id;
    std::int64_t issued_at_ms = 0;
    // Imported without a preEnrollmentCode or dose: no enrollment entry points at it, so only
    // its certificate ID reaches it (get, suspend, revoke by ID). pre_enrollment_code and dose
    // are then empty and 0.
    bool standalone = false;
};

json::value to_json(const cert_record& r) {
    json::value v{json::object{}};
    v.set("certificate", r.certificate);
    if (r.standalone) {
        v.set("standalone", true);
    } else {
        v.set("preEnrollmentCode", r.pre_enrollment_code);
        v.set("dose", static_cast<std::int64_t>(r.dose));
    }
    v.set("identity", r.identity);
    if (!r.previous_certificate_id.empty()) {
        v.set("previousCertificateId", r.previous_certificate_id);
    }
    v.set("issuedAt", crl::format_time_ms(r.issued_at_ms));
    return v;
}

std::optional<cert_record> parse_record(std::string_view text) {
    auto v = json::parse(text);
    if (!v) {
        return std::nullopt;
    }
    const json::value* cert = v->find("certificate");
    const json::value* standalone = v->find("standalone");
    const json::value* code = v->find("preEnrollmentCode");
    const json::value* dose = v->find("dose");
    const json::value* identity = v->find("identity");
    const json::value* issued = v->find("issuedAt");
    if (standalone && !standalone->is_bool()) {
        return std::nullopt;
    }
    const bool alone = standalone && standalone->as_bool();
    const bool enrolled = code && code->is_string() && dose && dose->is_integral() &&
                          dose->as_number() >= 1 && dose->as_number() <= max_dose;
    if (!cert || !cert->is_object() || (!alone && !enrolled) || !identity ||
        !identity->is_string() || !issued || !issued->is_string()) {
        return std::nullopt;
    }
    auto issued_ms = crl::parse_time_ms(issued->as_string());
    if (!issued_ms) {
        return std::nullopt;
    }
    cert_record r;
    r.certificate = *cert;
    r.standalone = alone;
    if (!alone) {
        r.pre_enrollment_code = code->as_string();
        r.dose = static_cast<std::uint32_t>(dose->as_number());
    }
    r.identity = identity->as_string();
    r.issued_at_ms = *issued_ms;
    if (const json::value* prev = v->find("previousCertificateId")) {
        if (!prev->is_string()) {
            return std::nullopt;
        }
        r.previous_certificate_id = prev->as_string();
    }
    return r;
}

// enrollments: preEnrollmentCode \0 dose(u64 BE) seq(u64 BE) -> certificateId.
result<std::string> enrollment_prefix(std::string_view code) {
    return store::key_builder{}.add(code).finish();
}
result<std::string> enrollment_prefix(std::string_view code, std::uint32_t dose) {
    return store::key_builder{}.add(code).add_u64(dose).finish();
}
result<std::string> enrollment_key(std::string_view code, std::uint32_t dose, std::uint64_t seq) {
    return store::key_builder{}.add(code).add_u64(dose).add_u64(seq).finish();
}

struct enrollment_entry {
    std::uint32_t dose = 0;
    std::uint64_t seq = 0;
};
std::optional<enrollment_entry> parse_enrollment_key(std::string_view key) {
    store::key_reader r(key);
    auto code = r.next_string();
    auto dose = r.next_u64();
    auto seq = r.next_u64();
    if (!code || !dose || !seq || !r.at_end() || *dose < 1 || *dose > max_dose) {
        return std::nullopt;
    }
    return enrollment_entry{static_cast<std::uint32_t>(*dose), *seq};
}

bool permanently_revoked(const std::optional<crl::revocation>& r) {
    return r && r->why != crl::reason::suspended;
}

std::string dose_text(std::uint32_t dose) { return std::to_string(dose); }

}  // namespace

// --- defaults and options -------------------------------------------------------------------

clock_fn system_clock() {
    return [] {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    };
}

random_fn os_random() {
    struct source {
        std::mutex mu;
        std::random_device device;
    };
    auto s = std::make_shared<source>();
    return [s] {
        std::lock_guard lock(s->mu);
        std::uint64_t hi = s->device();
        std::uint64_t lo = s->device();
        return (hi << 32) ^ lo;
    };
}

std::string validate(const service_options& opts) {
    if (opts.certificate_id_width < 6 || opts.certificate_id_width > 18) {
        return "certificate_id_width must be from 6 to 18";
    }
    if (opts.max_items < 1) {
        return "max_items must be at least 1";
    }
    if (opts.max_enrollment_scan < 1) {
        return "max_enrollment_scan must be at least 1";
    }
    if (opts.credential.base_url.empty() || opts.credential.issuer.empty() ||
        opts.credential.did.empty()) {
        return "credential base_url, issuer and did must be set";
    }
    return {};
}

std::string_view status_name(certificate_status s) noexcept {
    switch (s) {
        case certificate_status::valid:
            return "valid";
        case certificate_status::revoked:
            return "revoked";
        case certificate_status::suspended:
            return "suspended";
    }
    return "valid";
}

// --- answers ----------------------------------------------------------------------------------

json::value to_json(const issue_result& r) {
    json::array items;
    items.reserve(r.certificates.size());
    for (const auto& c : r.certificates) {
        json::value v{json::object{}};
        v.set("preEnrollmentCode", c.pre_enrollment_code);
        v.set("dose", static_cast<std::int64_t>(c.dose));
        v.set("certificateId", c.certificate_id);
        if (!c.previous_certificate_id.empty()) {
            v.set("previousCertificateId", c.previous_certificate_id);
        }
        items.push_back(std::move(v));
    }
    return json::object{{"certificates", std::move(items)}};
}

json::value to_json(const revoke_result& r) {
    json::array ids;
    for (const auto& id : r.revoked) {
        ids.emplace_back(id);
    }
    return json::object{{"revoked", std::move(ids)}};
}

json::value to_json(const certificate_view& c) {
    json::value v{json::object{}};
    v.set("certificateId", c.certificate_id);
    if (c.standalone) {
        v.set("standalone", true);
    } else {
        v.set("preEnrollmentCode", c.pre_enrollment_code);
        v.set("dose", static_cast<std::int64_t>(c.dose));
    }
    v.set("status", status_name(c.status));
    v.set("certificate", c.certificate);
    if (!c.previous_certificate_id.empty()) {
        v.set("previousCertificateId", c.previous_certificate_id);
    }
    if (c.reason) {
        v.set("reason", crl::reason_name(*c.reason));
    }
    if (c.revoked_at_ms) {
        v.set("revokedAt", crl::format_time_ms(*c.revoked_at_ms));
    }
    if (!c.replaced_by.empty()) {
        v.set("replacedBy", c.replaced_by);
    }
    if (c.until_ms) {
        v.set("until", crl::format_time_ms(*c.until_ms));
    }
    return v;
}

json::value to_json(const suspension_result& r) {
    json::value v{json::object{}};
    v.set("certificateId", r.certificate_id);
    v.set("status", status_name(r.status));
    if (r.until_ms) {
        v.set("until", crl::format_time_ms(*r.until_ms));
    }
    return v;
}

// --- service ----------------------------------------------------------------------------------

// The current state of one item's preEnrollmentCode and dose, read before writing.
struct service::item_state {
    std::uint64_t next_seq = 0;     // the enrollment sequence number of the new certificate
    std::string previous_id;        // update: the certificate it replaces
    std::string previous_identity;  // and that certificate's identity IRI
};

service::service(store::database& db, crl::revocation_set& revocations, signer_fn signer,
                 service_options opts, clock_fn clock, random_fn random, log::logger& logger)
    : db_(db),
      revocations_(revocations),
      signer_(std::move(signer)),
      opts_(std::move(opts)),
      clock_(std::move(clock)),
      random_(std::move(random)),
      logger_(logger) {
    if (std::string problem = validate(opts_); !problem.empty()) {
        throw std::invalid_argument("update service options: " + problem);
    }
    if (!signer_ || !clock_ || !random_) {
        throw std::invalid_argument("update service: signer, clock and random source are required");
    }
}

api_error service::storage_error(std::string_view what, error_code ec) const {
    logger_.error("update: " + std::string(what) + " failed: " + ec.message());
    return make_error(errc::storage_failure, "the certificate store failed; try again later");
}

std::string service::random_id() const {
    std::uint64_t low = 1;
    for (std::size_t i = 1; i < opts_.certificate_id_width; ++i) {
        low *= 10;
    }
    // Uniform enough: 9·10^17 is far below 2^64, so the modulo bias is below 10^-1.
    return std::to_string(low + random_() % (9 * low));
}

outcome<std::vector<std::string>> service::new_ids(std::size_t n,
                                                   const std::vector<std::string>& avoid) const {
    std::set<std::string> taken(avoid.begin(), avoid.end());
    std::vector<std::string> ids(n);
    std::vector<std::size_t> todo(n);
    for (std::size_t i = 0; i < n; ++i) {
        todo[i] = i;
    }
    // A fresh ID collides with an issued one with probability (issued / 9·10^(width-1)); a few
    // rounds make a persistent collision practically impossible unless the ID space is full.
    for (int round = 0; round < 16 && !todo.empty(); ++round) {
        std::vector<std::string_view> keys;
        for (std::size_t i : todo) {
            // Distinct within the request: redraw (boundedly, in case the source repeats itself).
            std::string id = random_id();
            for (int draw = 0; draw < 64 && taken.count(id) != 0; ++draw) {
                id = random_id();
            }
            if (taken.count(id) != 0) {
                logger_.error("update: the random source keeps repeating certificate IDs");
                return make_error(errc::storage_failure, "no free certificate ID; try again later");
            }
            taken.insert(id);
            ids[i] = std::move(id);
        }
        for (std::size_t i : todo) {
            keys.emplace_back(ids[i]);
        }
        auto found = db_.multi_get(store::cf::certificates, keys);
        if (!found) {
            return storage_error("certificate ID check", found.error());
        }
        std::vector<std::size_t> again;
        for (std::size_t k = 0; k < todo.size(); ++k) {
            if ((*found)[k].has_value()) {
                again.push_back(todo[k]);
            }
        }
        todo = std::move(again);
    }
    if (!todo.empty()) {
        logger_.error("update: no free certificate ID after 16 rounds; widen certificate_id_width");
        return make_error(errc::storage_failure, "no free certificate ID; try again later");
    }
    return ids;
}

outcome<std::vector<service::item_state>> service::check_items(
    std::span<const certification_request> requests, mode m, bool locked) const {
    std::vector<item_state> states(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        const std::uint32_t dose = r.vaccination.dose;
        auto prefix = enrollment_prefix(r.pre_enrollment_code, dose);
        if (!prefix) {
            return item_error(i, "preEnrollmentCode", "must not contain a NUL character");
        }
        auto latest = db_.get_latest_with_prefix(store::cf::enrollments, *prefix);
        if (!latest) {
            return storage_error("enrollment read", latest.error());
        }
        if (!*latest) {
            if (m == mode::update) {
                return api_error{errc::update_not_allowed,
                                 "no certificate exists for preEnrollmentCode " +
                                     r.pre_enrollment_code + " and dose " + dose_text(dose),
                                 i, "vaccination.dose"};
            }
            continue;  // certify: the first certificate for this dose, seq 0
        }
        auto entry = parse_enrollment_key((*latest)->first);
        if (!entry) {
            return storage_error("enrollment key decode", store::errc::corrupt_value);
        }
        const std::string& current_id = (*latest)->second;
        auto stored = db_.get(store::cf::certificates, current_id);
        if (!stored) {
            return storage_error("certificate read", stored.error());
        }
        std::optional<cert_record> rec = *stored ? parse_record(**stored) : std::nullopt;
        if (!rec) {
            return storage_error("certificate record " + current_id, store::errc::corrupt_value);
        }
        auto rev = crl::find_revocation(db_, rec->identity);
        if (!rev) {
            return storage_error("revocation read", rev.error());
        }
        const bool revoked = permanently_revoked(*rev);
        states[i].next_seq = entry->seq + 1;
        if (m == mode::certify) {
            if (!revoked) {
                return api_error{errc::conflict,
                                 "preEnrollmentCode " + r.pre_enrollment_code +
                                     " already has certificate " + current_id + " for dose " +
                                     dose_text(dose) + "; update it instead",
                                 i, "vaccination.dose"};
            }
            continue;  // the dose's certificate was revoked: a new one may be issued
        }
        if (revoked && !locked) {
            // Without the lock, the enrollment and the revocation were read at different
            // moments: a concurrent update may have replaced this certificate in between.
            // Decide under the lock.
            continue;
        }
        if (revoked) {
            return api_error{errc::update_not_allowed,
                             "certificate " + current_id + " for dose " + dose_text(dose) +
                                 " was revoked; it cannot be updated",
                             i, "vaccination.dose"};
        }
        if (entry->seq >= opts_.update_limit) {
            return api_error{errc::update_not_allowed,
                             "the update limit (" + std::to_string(opts_.update_limit) +
                                 ") for preEnrollmentCode " + r.pre_enrollment_code + " and dose " +
                                 dose_text(dose) + " is reached",
                             i, "vaccination.dose"};
        }
        states[i].previous_id = current_id;
        states[i].previous_identity = rec->identity;
    }
    return states;
}

outcome<issue_result> service::certify(std::span<const certification_request> requests,
                                       api_version version) {
    return issue(requests, version, mode::certify);
}

outcome<issue_result> service::update(std::span<const certification_request> requests,
                                      api_version version) {
    return issue(requests, version, mode::update);
}

outcome<issue_result> service::certify(std::string_view body, api_version version) {
    auto requests = parse_requests(body, version, {.max_items = opts_.max_items});
    if (!requests) {
        return requests.error();
    }
    return issue(*requests, version, mode::certify);
}

outcome<issue_result> service::update(std::string_view body, api_version version) {
    auto requests = parse_requests(body, version, {.max_items = opts_.max_items});
    if (!requests) {
        return requests.error();
    }
    return issue(*requests, version, mode::update);
}

outcome<issue_result> service::issue(std::span<const certification_request> requests,
                                     api_version version, mode m) {
    if (requests.empty()) {
        return make_error(errc::invalid_request, "the body holds no requests");
    }
    if (requests.size() > opts_.max_items) {
        return make_error(errc::invalid_request,
                          "the body holds " + std::to_string(requests.size()) +
                              " requests; the limit is " + std::to_string(opts_.max_items));
    }
    // Two items for one dose would race each other inside one batch.
    std::map<std::pair<std::string_view, std::uint32_t>, std::size_t> seen;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        auto [it, fresh] =
            seen.try_emplace({requests[i].pre_enrollment_code, requests[i].vaccination.dose}, i);
        if (!fresh) {
            return item_error(
                i, "vaccination.dose",
                "repeats the preEnrollmentCode and dose of item " + std::to_string(it->second));
        }
    }
    // Fail fast, before signing, on what the state already rules out; the authoritative check is
    // repeated under the writer lock.
    if (auto early = check_items(requests, m, false); !early) {
        return early.error();
    }

    const std::int64_t now = clock_();
    auto ids = new_ids(requests.size(), {});
    if (!ids) {
        return ids.error();
    }
    std::vector<json::value> signed_certs(requests.size());
    auto sign = [&](std::size_t i) -> std::optional<api_error> {
        auto credential = build_credential(requests[i], version, (*ids)[i], now, opts_.credential);
        auto s = signer_(std::move(credential));
        if (!s || !s->is_object()) {
            logger_.error("update: signing failed: " +
                          (s ? std::string("not an object") : s.error().message()));
            return make_error(errc::signing_failed, "the certificate could not be signed");
        }
        signed_certs[i] = std::move(*s);
        return std::nullopt;
    };
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (auto e = sign(i)) {
            return *e;
        }
    }

    for (int attempt = 0; attempt < 4; ++attempt) {
        std::unique_lock lock(writer_mu_);
        auto states = check_items(requests, m, true);
        if (!states) {
            return states.error();
        }
        // Another request may have taken one of these IDs since they were drawn.
        std::vector<std::string_view> keys(ids->begin(), ids->end());
        auto taken = db_.multi_get(store::cf::certificates, keys);
        if (!taken) {
            return storage_error("certificate ID check", taken.error());
        }
        std::vector<std::size_t> collided;
        for (std::size_t i = 0; i < taken->size(); ++i) {
            if ((*taken)[i]) {
                collided.push_back(i);
            }
        }
        if (!collided.empty()) {
            lock.unlock();
            auto fresh = new_ids(collided.size(), *ids);
            if (!fresh) {
                return fresh.error();
            }
            for (std::size_t k = 0; k < collided.size(); ++k) {
                (*ids)[collided[k]] = std::move((*fresh)[k]);
                if (auto e = sign(collided[k])) {
                    return *e;
                }
            }
            continue;
        }

        auto seq = crl::current_seq(db_);
        if (!seq) {
            return storage_error("revocation sequence read", seq.error());
        }
        store::write_batch batch;
        crl::revocation_writer revocations(batch, *seq);
        issue_result out;
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const auto& r = requests[i];
            const auto& st = (*states)[i];
            const std::string& id = (*ids)[i];
            cert_record rec;
            rec.certificate = signed_certs[i];
            rec.pre_enrollment_code = r.pre_enrollment_code;
            rec.dose = r.vaccination.dose;
            rec.identity = evidence_id(opts_.credential, id);
            if (const json::value* ev = rec.certificate.find("evidence");
                ev && ev->is_array() && !ev->as_array().empty()) {
                if (const json::value* eid = ev->as_array()[0].find("id");
                    eid && eid->is_string()) {
                    rec.identity = eid->as_string();
                }
            }
            rec.previous_certificate_id = st.previous_id;
            rec.issued_at_ms = now;
            batch.put(store::cf::certificates, id, json::to_string(to_json(rec)));
            auto key = enrollment_key(r.pre_enrollment_code, r.vaccination.dose, st.next_seq);
            if (!key) {
                return item_error(i, "preEnrollmentCode", "must not contain a NUL character");
            }
            batch.put(store::cf::enrollments, *key, id);
            if (m == mode::update) {
                crl::revocation old{st.previous_identity,
                                    st.previous_id,
                                    now,
                                    crl::reason::updated,
                                    id,
                                    std::nullopt,
                                    0};
                revocations.put(std::move(old), now);
            }
            out.certificates.push_back(
                {r.pre_enrollment_code, r.vaccination.dose, id, st.previous_id});
        }
        if (auto ec = db_.write(batch)) {
            return storage_error("certificate write", ec);
        }
        crl::apply(revocations_, revocations.events());
        return out;
    }
    logger_.error("update: certificate IDs kept colliding with concurrent requests");
    return make_error(errc::storage_failure, "no free certificate ID; try again later");
}

outcome<revoke_result> service::revoke(std::string_view code, const dose_selection& sel) {
    if (!sel.all) {
        if (sel.doses.empty()) {
            return api_error{errc::invalid_request, "give doses or allDoses=true", std::nullopt,
                             "doses"};
        }
        for (std::size_t i = 1; i < sel.doses.size(); ++i) {
            if (sel.doses[i] != sel.doses[i - 1] + 1) {
                return api_error{errc::invalid_request,
                                 "doses must be contiguous, from the lowest dose to revoke up to "
                                 "the latest dose",
                                 std::nullopt, "doses"};
            }
        }
    }
    auto prefix = enrollment_prefix(code);
    if (!prefix) {
        return make_error(errc::not_found, "no certificate for this preEnrollmentCode");
    }

    std::lock_guard lock(writer_mu_);
    // The latest entry per dose (keys sort by dose, then sequence).
    std::map<std::uint32_t, std::string> latest;
    bool corrupt = false;
    auto scanned = db_.iterate(store::cf::enrollments, *prefix, opts_.max_enrollment_scan + 1,
                               [&](std::string_view key, std::string_view value) {
                                   auto e = parse_enrollment_key(key);
                                   if (!e) {
                                       corrupt = true;
                                       return false;
                                   }
                                   latest[e->dose] = std::string(value);
                                   return true;
                               });
    if (!scanned) {
        return storage_error("enrollment scan", scanned.error());
    }
    if (corrupt) {
        return storage_error("enrollment key decode", store::errc::corrupt_value);
    }
    if (*scanned > opts_.max_enrollment_scan) {
        return storage_error("enrollment scan over max_enrollment_scan for a preEnrollmentCode",
                             store::errc::corrupt_value);
    }

    struct current_cert {
        std::string id;
        std::string identity;
    };
    std::map<std::uint32_t, current_cert> current;  // doses whose latest certificate stands
    for (const auto& [dose, id] : latest) {
        auto stored = db_.get(store::cf::certificates, id);
        if (!stored) {
            return storage_error("certificate read", stored.error());
        }
        std::optional<cert_record> rec = *stored ? parse_record(**stored) : std::nullopt;
        if (!rec) {
            return storage_error("certificate record " + id, store::errc::corrupt_value);
        }
        auto rev = crl::find_revocation(db_, rec->identity);
        if (!rev) {
            return storage_error("revocation read", rev.error());
        }
        if (!permanently_revoked(*rev)) {
            current.emplace(dose, current_cert{id, rec->identity});
        }
    }
    if (current.empty()) {
        return make_error(errc::not_found,
                          "no current certificate for preEnrollmentCode " + std::string(code));
    }

    std::vector<std::uint32_t> targets;
    if (sel.all) {
        for (const auto& [dose, c] : current) {
            targets.push_back(dose);
        }
    } else {
        for (std::uint32_t d : sel.doses) {
            if (current.count(d) == 0) {
                return make_error(errc::not_found,
                                  "no current certificate for dose " + dose_text(d));
            }
        }
        const std::uint32_t latest_dose = current.rbegin()->first;
        if (sel.doses.back() != latest_dose) {
            return api_error{errc::invalid_request,
                             "doses must include the latest dose with a current certificate (" +
                                 dose_text(latest_dose) + ")",
                             std::nullopt, "doses"};
        }
        targets = sel.doses;
    }

    const std::int64_t now = clock_();
    auto seq = crl::current_seq(db_);
    if (!seq) {
        return storage_error("revocation sequence read", seq.error());
    }
    store::write_batch batch;
    crl::revocation_writer revocations(batch, *seq);
    revoke_result out;
    for (std::uint32_t d : targets) {
        const current_cert& c = current.at(d);
        revocations.put(
            crl::revocation{c.identity, c.id, now, crl::reason::revoked, "", std::nullopt, 0}, now);
        out.revoked.push_back(c.id);
    }
    if (auto ec = db_.write(batch)) {
        return storage_error("revocation write", ec);
    }
    crl::apply(revocations_, revocations.events());
    return out;
}

struct service::stored_certificate {
    cert_record record;
    std::optional<crl::revocation> revocation;
};

outcome<service::stored_certificate> service::read_certificate(
    std::string_view certificate_id) const {
    auto stored = db_.get(store::cf::certificates, certificate_id);
    if (!stored) {
        return storage_error("certificate read", stored.error());
    }
    if (!*stored) {
        return make_error(errc::not_found, "no certificate " + std::string(certificate_id));
    }
    auto rec = parse_record(**stored);
    if (!rec) {
        return storage_error("certificate record", store::errc::corrupt_value);
    }
    auto rev = crl::find_revocation(db_, rec->identity);
    if (!rev) {
        return storage_error("revocation read", rev.error());
    }
    return stored_certificate{std::move(*rec), std::move(*rev)};
}

std::optional<api_error> service::commit_revocation(
    std::string_view what, const std::function<void(crl::revocation_writer&)>& stage) {
    auto seq = crl::current_seq(db_);
    if (!seq) {
        return storage_error("revocation sequence read", seq.error());
    }
    store::write_batch batch;
    crl::revocation_writer revocations(batch, *seq);
    stage(revocations);
    if (auto ec = db_.write(batch)) {
        return storage_error(what, ec);
    }
    crl::apply(revocations_, revocations.events());
    return std::nullopt;
}

outcome<revoke_result> service::revoke_by_id(std::string_view certificate_id) {
    std::lock_guard lock(writer_mu_);
    auto found = read_certificate(certificate_id);
    if (!found) {
        return found.error();
    }
    const cert_record& rec = found->record;
    const std::optional<crl::revocation>& rev = found->revocation;
    if (permanently_revoked(rev)) {
        return make_error(errc::conflict,
                          "certificate " + std::string(certificate_id) + " is already revoked");
    }
    // A suspension, lifted or not, is replaced by the permanent revocation.
    const std::int64_t now = clock_();
    if (auto e = commit_revocation("revocation write", [&](crl::revocation_writer& w) {
            w.put(crl::revocation{rec.identity, std::string(certificate_id), now,
                                  crl::reason::revoked, "", std::nullopt, 0},
                  now);
        })) {
        return *e;
    }
    return revoke_result{{std::string(certificate_id)}};
}

outcome<suspension_result> service::suspend(std::string_view certificate_id,
                                            std::optional<std::int64_t> until_ms) {
    std::lock_guard lock(writer_mu_);
    auto found = read_certificate(certificate_id);
    if (!found) {
        return found.error();
    }
    const cert_record& rec = found->record;
    const std::optional<crl::revocation>& rev = found->revocation;
    if (permanently_revoked(rev)) {
        return make_error(errc::conflict, "certificate " + std::string(certificate_id) +
                                              " is revoked for good; it cannot be suspended");
    }
    const std::int64_t now = clock_();
    if (until_ms && *until_ms <= now) {
        return api_error{errc::invalid_request, "until must be in the future", std::nullopt,
                         "until"};
    }
    if (auto e = commit_revocation("suspension write", [&](crl::revocation_writer& w) {
            w.put(crl::revocation{rec.identity, std::string(certificate_id), now,
                                  crl::reason::suspended, "", until_ms, 0},
                  now);
        })) {
        return *e;
    }
    return suspension_result{std::string(certificate_id), certificate_status::suspended, until_ms};
}

outcome<suspension_result> service::lift(std::string_view certificate_id) {
    std::lock_guard lock(writer_mu_);
    auto found = read_certificate(certificate_id);
    if (!found) {
        return found.error();
    }
    const std::optional<crl::revocation>& rev = found->revocation;
    if (!rev) {
        return make_error(errc::conflict,
                          "certificate " + std::string(certificate_id) + " is not suspended");
    }
    if (permanently_revoked(rev)) {
        return make_error(errc::conflict, "certificate " + std::string(certificate_id) +
                                              " is revoked for good; only a suspension can be "
                                              "lifted");
    }
    const std::int64_t now = clock_();
    if (auto e = commit_revocation("lift write",
                                   [&](crl::revocation_writer& w) { w.lift(*rev, now); })) {
        return *e;
    }
    return suspension_result{std::string(certificate_id), certificate_status::valid, std::nullopt};
}

outcome<certificate_view> service::get(std::string_view certificate_id) const {
    auto found = read_certificate(certificate_id);
    if (!found) {
        return found.error();
    }
    cert_record& rec = found->record;
    const std::optional<crl::revocation>& rev = found->revocation;
    certificate_view v;
    v.certificate_id = std::string(certificate_id);
    v.pre_enrollment_code = std::move(rec.pre_enrollment_code);
    v.dose = rec.dose;
    v.standalone = rec.standalone;
    v.certificate = std::move(rec.certificate);
    v.previous_certificate_id = std::move(rec.previous_certificate_id);
    if (rev) {
        const crl::revocation& r = *rev;
        if (r.why != crl::reason::suspended || r.in_effect(clock_())) {
            v.status = r.why == crl::reason::suspended ? certificate_status::suspended
                                                       : certificate_status::revoked;
            v.reason = r.why;
            v.revoked_at_ms = r.revoked_at_ms;
            v.replaced_by = r.replaced_by;
            v.until_ms = r.until_ms;
        }
    }
    return v;
}

}  // namespace certgate::update
