// File: crl/revocation.hpp
// A revocation as certgate stores and distributes it. The key is the certificate's identity: the
// IRI in evidence[0].id, which the signature covers (certificateId alone can be swapped with
// another schema:id field without breaking the signature). Records encode as JSON in RocksDB.
#pragma once

#include "shared/json/value.hpp"
#include "shared/util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::crl {

enum class reason : std::uint8_t {
    updated = 1,    // replaced by a newer certificate for the same dose
    revoked = 2,    // withdrawn (DIVOC's DELETE certificates)
    suspended = 3,  // temporarily not valid; may be lifted or expire at `until`
};

std::string_view reason_name(reason r) noexcept;
std::optional<reason> parse_reason(std::string_view s) noexcept;

struct revocation {
    std::string identity;            // evidence[0].id IRI
    std::string certificate_id;      // its last path segment
    std::int64_t revoked_at_ms = 0;  // Unix epoch milliseconds
    crl::reason why = reason::revoked;
    std::string replaced_by;               // updated: the new certificateId; else empty
    std::optional<std::int64_t> until_ms;  // suspended: when it ends; nullopt = until lifted
    std::uint64_t seq = 0;                 // revocation-log sequence number that created this state

    // A suspension whose `until` has passed is no longer in effect.
    bool in_effect(std::int64_t now_ms) const noexcept {
        return why != reason::suspended || !until_ms || now_ms < *until_ms;
    }
    friend bool operator==(const revocation&, const revocation&) = default;
};

// JSON form, as stored and as the CRL shows it:
// {"id","certificateId","revokedAt"(ISO 8601 ms, UTC),"reason","replacedBy"?,"until"?,"seq"}
json::value to_json(const revocation& r);
// Errors: std::errc::invalid_argument for a missing or mistyped field.
[[nodiscard]] result<revocation> revocation_from_json(const json::value& v);

// ISO 8601 UTC with milliseconds ("2022-01-05T17:43:40.699Z") <-> epoch ms.
std::string format_time_ms(std::int64_t ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and "+HH:MM"/"-HH:MM" offsets; nullopt otherwise.
std::optional<std::int64_t> parse_time_ms(std::string_view s);

}  // namespace certgate::crl
