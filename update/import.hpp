// File: update/import.hpp
// Storing certificates that another issuer (DIVOC) signed, so certgate can update and revoke them
// (`certgate import`). The caller verifies each signature first; this checks what the store needs
// and writes everything in one synced batch. For each (preEnrollmentCode, dose) the newest by
// issuanceDate becomes current; older ones are recorded as revoked (updated, replaced by the next
// newer), as DIVOC's update flow left them. Kept apart from service.cpp; it writes the same
// certificate records and enrollment keys (see service.cpp's cert_record).
#pragma once

#include "crl/revocation_set.hpp"
#include "shared/json/value.hpp"
#include "shared/store/database.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace certgate::update {

struct import_accepted {
    std::size_t index = 0;  // position in the input
    std::string certificate_id;
    std::string pre_enrollment_code;
    std::uint32_t dose = 0;
    std::string replaced_by;  // set when a newer imported certificate replaces this one
    // No usable refId or dose: stored without an enrollment entry (pre_enrollment_code empty,
    // dose 0), so it verifies and is revoked by its certificate ID only.
    bool standalone = false;
};

struct import_rejected {
    std::size_t index = 0;
    std::string certificate_id;  // when known
    std::string reason;  // snake_case: no_evidence_id, no_issuance_date, already_stored, ...
    std::string message;
};

struct import_result {
    std::vector<import_accepted> imported;
    std::vector<import_rejected> rejected;
};

// Stores the signed credentials `certificates` (already verified). Rejects an item without a
// string evidence[0].id or an ISO issuanceDate, one whose certificateId (the last segment of
// evidence[0].id) is already stored or repeated in the input, and the items of a
// (preEnrollmentCode, dose) that already has certificates in the store. An item without a string
// credentialSubject.refId (preEnrollmentCode) or an integer evidence[0].dose >= 1 is stored
// standalone: no enrollment entry, so updates and DIVOC's DELETE never reach it, but it verifies
// and service::revoke_by_id revokes it. The rest is written in one synced batch and applied to
// `revocations`. Fails only with a storage error. Not safe against concurrent writers: run it while
// no service uses `db` (RocksDB's lock already ensures that for another process).
[[nodiscard]] result<import_result> import_certificates(
    store::database& db, crl::revocation_set& revocations,
    const std::vector<json::value>& certificates);

}  // namespace certgate::update
