// File: crl/revocation_log.hpp
// The revocation log: every change to the revocation list (revoke, suspend, lift) as an event
// under a big-endian sequence number in the `revocation_log` column family, with the last
// sequence number in `meta`. The CRL deltas and replicas read it from a sequence number on.
#pragma once

#include "crl/revocation.hpp"
#include "shared/json/value.hpp"
#include "shared/store/database.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::crl {

enum class log_op : std::uint8_t {
    revoke = 1,  // a permanent revocation (reason updated or revoked)
    suspend,     // a suspension, new or with a new `until`
    lift,        // a suspension ended early; the identity is valid again
};

std::string_view op_name(log_op op) noexcept;
std::optional<log_op> parse_op(std::string_view s) noexcept;

struct log_event {
    std::uint64_t seq = 0;
    log_op op = log_op::revoke;
    std::int64_t at_ms = 0;  // when the change was made (Unix epoch ms)
    // revoke/suspend: the record as stored (entry.seq == seq). lift: the suspension that ended,
    // as it was stored (its own seq).
    revocation entry;
    friend bool operator==(const log_event&, const log_event&) = default;
};

// {"seq":N,"op":"revoke|suspend|lift","at":"ISO ms","entry":{revocation JSON}}
json::value to_json(const log_event& e);
// Errors: std::errc::invalid_argument for a missing or mistyped field.
[[nodiscard]] result<log_event> log_event_from_json(const json::value& v);

// meta key of the last assigned sequence number (u64 BE); absent = 0, nothing logged yet.
inline constexpr std::string_view seq_meta_key = "revocation_seq";

// The revocation_log key of `seq`: 8 big-endian bytes, so keys sort by seq.
std::string log_key(std::uint64_t seq);

// The last assigned sequence number (0 when the log is empty). Blocking read.
[[nodiscard]] result<std::uint64_t> current_seq(const store::database& db);

// Up to `limit` events with seq >= from_seq, in seq order. A stored event that does not decode is
// store::errc::corrupt_value. Blocking read.
[[nodiscard]] result<std::vector<log_event>> read_log(const store::database& db,
                                                      std::uint64_t from_seq, std::size_t limit);

}  // namespace certgate::crl
