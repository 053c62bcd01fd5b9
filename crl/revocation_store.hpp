// File: crl/revocation_store.hpp
// Revocations in the store: staging a revoke, suspend or lift into a write batch (the
// `revocations` record, the `revocation_log` event and the sequence counter in `meta`, all in the
// caller's batch, so they commit atomically with the rest of a request), point lookups, and the
// bulk load of the in-memory revocation_set at start-up.
#pragma once

#include "crl/revocation.hpp"
#include "crl/revocation_log.hpp"
#include "crl/revocation_set.hpp"
#include "shared/store/database.hpp"
#include "shared/util/log.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace certgate::crl {

// Stages revocation changes into one write batch and numbers them from `last_seq + 1`.
// Revocation-log numbers must be gapless and committed in order, so there is one writer at a
// time: the caller holds its writer lock from current_seq() to the batch's write. Rules (a
// revocation is permanent) are the caller's: this stages what it is told. Not thread-safe.
class revocation_writer {
public:
    revocation_writer(store::write_batch& batch, std::uint64_t last_seq) noexcept
        : batch_(&batch), last_seq_(last_seq) {}

    // Stores `r` (a revocation, or a suspension when r.why == suspended) under r.identity,
    // replacing any record there, and logs it. Assigns r.seq. Returns the staged event.
    const log_event& put(revocation r, std::int64_t at_ms);
    // Removes the suspension `suspension` (as stored) and logs the lift.
    const log_event& lift(const revocation& suspension, std::int64_t at_ms);

    std::uint64_t last_seq() const noexcept { return last_seq_; }
    // The staged events, in order: apply them to the revocation_set once the batch is written.
    const std::vector<log_event>& events() const noexcept { return events_; }

private:
    const log_event& stage(log_op op, revocation entry, std::int64_t at_ms);

    store::write_batch* batch_;
    std::uint64_t last_seq_;
    std::vector<log_event> events_;
};

// Applies logged events to the in-memory set (after their batch was written).
void apply(revocation_set& set, std::span<const log_event> events);

// The stored record for `identity`, or an empty optional. A record that does not decode is
// store::errc::corrupt_value. Blocking read.
[[nodiscard]] result<std::optional<revocation>> find_revocation(const store::database& db,
                                                                std::string_view identity);

struct load_stats {
    std::size_t loaded = 0;       // records now in the set
    std::size_t skipped = 0;      // records that did not decode (logged)
    std::size_t full_parses = 0;  // records the fast scanner left to the full JSON parser
};

// Loads every stored revocation into `set` (start-up). A record that does not decode is logged and
// skipped (verification must still start); a store failure is an error. Built for ten million
// records in seconds: a small scanner reads only the fields a verdict needs (the full JSON parser
// takes anything unusual), and a helper thread inserts into the set while this one reads.
[[nodiscard]] result<load_stats> load_revocations(const store::database& db, revocation_set& set,
                                                  log::logger& logger = log::null_logger());

}  // namespace certgate::crl
