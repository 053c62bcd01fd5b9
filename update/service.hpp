// File: update/service.hpp
// The write API's pure core over the store: certify, update (new certificate + revocation of the
// old one), revoke (DIVOC's DELETE, and by certificate ID), suspend/lift, and get. Each write is
// all-or-nothing: every item is validated, built and signed first, then one write batch (synced)
// holds all of it. The in-memory revocation set is updated after the write succeeded. No sockets:
// the HTTP adapter (update/routes.hpp) calls it on a thread pool, because writes block on the disk.
#pragma once

#include "crl/revocation_set.hpp"
#include "shared/json/value.hpp"
#include "shared/store/database.hpp"
#include "shared/util/log.hpp"
#include "shared/util/result.hpp"
#include "update/credential_builder.hpp"
#include "update/error.hpp"
#include "update/request.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::crl {
class revocation_writer;
}  // namespace certgate::crl

namespace certgate::update {

// Adds the Linked Data proof to an unsigned credential and returns the signed credential. Called
// outside the writer lock, possibly from several threads at once: it must be thread-safe.
using signer_fn = std::function<result<json::value>(json::value credential)>;
// Now, as Unix epoch milliseconds.
using clock_fn = std::function<std::int64_t()>;
// 64 random bits for certificate IDs. Must be thread-safe.
using random_fn = std::function<std::uint64_t()>;

// The system clock.
clock_fn system_clock();
// The OS random source (std::random_device) behind a mutex.
random_fn os_random();

struct service_options {
    // Digits of a new certificate ID, 6 to 18; the first digit is never 0. DIVOC's 9 digits
    // collide at CoWIN scale. Default: 12.
    std::size_t certificate_id_width = 12;
    // Updates allowed per preEnrollmentCode and dose: counting every certificate issued for the
    // dose after the first, an update when that count has reached the limit is 412. 0 forbids
    // updates. Default: 100.
    std::uint32_t update_limit = 100;
    // Items per certify/update request. Default: 100.
    std::size_t max_items = 100;
    // Enrollment entries read for one preEnrollmentCode by revoke (a bound on the scan; more is a
    // storage_failure, logged). Default: 10000.
    std::size_t max_enrollment_scan = 10000;
    // How requests become credentials (issuer, base URL, contexts, DID, vaccine table).
    credential_options credential{};
};

// An empty string when `opts` is usable, else what is wrong (for start-up validation).
std::string validate(const service_options& opts);

// One certificate written by certify or update.
struct issued_certificate {
    std::string pre_enrollment_code;
    std::uint32_t dose = 0;
    std::string certificate_id;
    std::string previous_certificate_id;  // update only: the certificate it replaced
};

struct issue_result {
    std::vector<issued_certificate> certificates;  // in request order
};

struct revoke_result {
    std::vector<std::string> revoked;  // certificate IDs, by dose
};

enum class certificate_status { valid, revoked, suspended };
std::string_view status_name(certificate_status s) noexcept;

// GET /certificates/{id}.
struct certificate_view {
    std::string certificate_id;
    std::string pre_enrollment_code;  // empty for a standalone certificate
    std::uint32_t dose = 0;           // 0 for a standalone certificate
    // Imported without a preEnrollmentCode or dose: reachable by certificate ID only.
    bool standalone = false;
    certificate_status status = certificate_status::valid;
    json::value certificate;  // the signed credential
    std::string previous_certificate_id;
    // When revoked or suspended: the record's reason and time; replaced_by for reason updated;
    // until_ms for a suspension with an end.
    std::optional<crl::reason> reason;
    std::optional<std::int64_t> revoked_at_ms;
    std::string replaced_by;
    std::optional<std::int64_t> until_ms;
};

// The state after suspend or lift.
struct suspension_result {
    std::string certificate_id;
    certificate_status status = certificate_status::valid;
    std::optional<std::int64_t> until_ms;
};

// The 200 answers of DESIGN.md:
// {"certificates":[{"preEnrollmentCode","dose","certificateId","previousCertificateId"?}]}
json::value to_json(const issue_result& r);
// {"revoked":["<certificateId>",...]}
json::value to_json(const revoke_result& r);
// {"certificateId","preEnrollmentCode","dose","status","certificate","previousCertificateId"?,
//  "reason"?,"revokedAt"?,"replacedBy"?,"until"?}; a standalone certificate has
// "standalone":true instead of preEnrollmentCode and dose.
json::value to_json(const certificate_view& v);
// {"certificateId","status","until"?}
json::value to_json(const suspension_result& r);

class service {
public:
    // `db`, `revocations` and `logger` must outlive the service. Throws std::invalid_argument
    // when validate(opts) fails (a start-up error).
    service(store::database& db, crl::revocation_set& revocations, signer_fn signer,
            service_options opts = {}, clock_fn clock = system_clock(),
            random_fn random = os_random(), log::logger& logger = log::null_logger());

    service(const service&) = delete;
    service& operator=(const service&) = delete;

    // All members are thread-safe. Writes serialize on one writer lock from reading the current
    // state to the synced write; signing happens before, outside it. Each blocks on the disk.

    // Issues a certificate per item. Errors: invalid_request (too many items, an item repeating
    // another's preEnrollmentCode and dose), conflict (the dose already has a current certificate;
    // update it instead), signing_failed, storage_failure.
    [[nodiscard]] outcome<issue_result> certify(std::span<const certification_request> requests,
                                                api_version version);
    // Replaces the current certificate of each item's preEnrollmentCode and dose with a new one
    // and revokes the old one (reason updated, replacedBy the new ID). Errors: invalid_request,
    // update_not_allowed (no certificate for the dose, it was revoked, or the update limit is
    // reached), signing_failed, storage_failure.
    [[nodiscard]] outcome<issue_result> update(std::span<const certification_request> requests,
                                               api_version version);
    // The same, from a request body (JSON text), validated with max_items.
    [[nodiscard]] outcome<issue_result> certify(std::string_view body, api_version version);
    [[nodiscard]] outcome<issue_result> update(std::string_view body, api_version version);

    // DIVOC's DELETE: revokes the current certificates of the selected doses (reason revoked).
    // The doses must be contiguous and include the latest dose that has a current certificate.
    // Errors: not_found (no current certificate for the code, or for a selected dose),
    // invalid_request (the dose rule), storage_failure.
    [[nodiscard]] outcome<revoke_result> revoke(std::string_view pre_enrollment_code,
                                                const dose_selection& doses);

    // certgate's revoke by ID: revokes the stored certificate `certificate_id` for good (reason
    // revoked), whether it is enrolled or standalone, current or suspended. Errors: not_found,
    // conflict (already revoked for good, also when replaced by an update), storage_failure.
    [[nodiscard]] outcome<revoke_result> revoke_by_id(std::string_view certificate_id);

    // Suspends a certificate until `until_ms` (or until lifted); suspending a suspended one sets
    // the new end. Errors: not_found, conflict (it is revoked for good), invalid_request (`until`
    // not in the future), storage_failure.
    [[nodiscard]] outcome<suspension_result> suspend(std::string_view certificate_id,
                                                     std::optional<std::int64_t> until_ms);
    // Ends a suspension. Errors: not_found, conflict (revoked for good, or not suspended),
    // storage_failure.
    [[nodiscard]] outcome<suspension_result> lift(std::string_view certificate_id);

    // The stored certificate and its status now. Errors: not_found, storage_failure.
    [[nodiscard]] outcome<certificate_view> get(std::string_view certificate_id) const;

    const service_options& options() const noexcept { return opts_; }

private:
    enum class mode { certify, update };
    struct prepared;
    struct item_state;
    struct stored_certificate;

    // The record stored under `certificate_id` and its revocation record, if any: 404 when there
    // is none. Used by get, suspend, lift and revoke_by_id.
    outcome<stored_certificate> read_certificate(std::string_view certificate_id) const;
    // Stages one revocation-log change with `stage` into a fresh
    // batch numbered after the current sequence, writes it synced, then applies it in memory.
    // The caller holds the writer lock. `what` names the write in a storage error.
    std::optional<api_error> commit_revocation(
        std::string_view what, const std::function<void(crl::revocation_writer&)>& stage);

    outcome<issue_result> issue(std::span<const certification_request> requests,
                                api_version version, mode m);
    // Reads each item's current state; `locked` says whether the writer lock is held (only then
    // is the answer authoritative).
    outcome<std::vector<item_state>> check_items(std::span<const certification_request> requests,
                                                 mode m, bool locked) const;
    outcome<std::vector<std::string>> new_ids(std::size_t n,
                                              const std::vector<std::string>& avoid) const;
    std::string random_id() const;
    api_error storage_error(std::string_view what, error_code ec) const;

    store::database& db_;
    crl::revocation_set& revocations_;
    signer_fn signer_;
    service_options opts_;
    clock_fn clock_;
    random_fn random_;
    log::logger& logger_;
    // Serializes read-current-state -> write, so a dose's chain stays linear and the revocation
    // log's sequence numbers stay gapless and in commit order.
    std::mutex writer_mu_;
};

}  // namespace certgate::update
