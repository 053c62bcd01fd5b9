// File: crl/snapshot.hpp
// The CRL's pure core: the revocation list at a version (a snapshot), the changes between two
// versions (a delta), their JSON bodies and the compact binary snapshot (docs/crl.md), the meta
// body, log retention (compaction of old log events) and the suspensions whose `until` has passed.
// Reads block on the store: call them off the io_context threads.
#pragma once

#include "crl/revocation.hpp"
#include "crl/revocation_log.hpp"
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

// What the CRL lists per identity. Entries of a snapshot are sorted by identity.
struct snapshot_entries {
    std::uint64_t version = 0;  // the log sequence number the entries reflect
    std::vector<revocation> entries;
};

// meta key of the oldest version a delta can start from (u64 BE); absent = 0.
inline constexpr std::string_view retained_since_meta_key = "crl_retained_since";

// The revocations at the current version, read consistently (retries while writers race).
// Errors: store errors; std::errc::resource_unavailable_try_again when writes never paused;
// store::errc::corrupt_value for a record that does not decode.
[[nodiscard]] result<snapshot_entries> read_snapshot(const store::database& db);

[[nodiscard]] result<std::uint64_t> retained_since(const store::database& db);

// The CRL's JSON entry: {"id","certificateId","revokedAt","reason","until"?}.
json::value entry_json(const revocation& r);
// {"version","issuedAt","count","entries":[...]} as compact JSON bytes.
std::string snapshot_json(const snapshot_entries& s, std::int64_t issued_at_ms);
// The compact binary form (docs/crl.md). Loses nothing the JSON form shows.
std::string snapshot_binary(const snapshot_entries& s, std::int64_t issued_at_ms);
// Decodes a binary snapshot (entries sorted by identity; replaced_by and seq are not carried).
// Errors: std::errc::invalid_argument for anything malformed or truncated.
[[nodiscard]] result<snapshot_entries> parse_snapshot_binary(std::string_view bytes);
// Decodes a JSON snapshot body. Errors: std::errc::invalid_argument.
[[nodiscard]] result<snapshot_entries> parse_snapshot_json(std::string_view body);

// The net change from version `from` to `to`: identities whose last event in (from, to] is a
// revoke or suspend are `added` (their record at `to`), those whose last event is a lift are
// `removed`. Applying it to the snapshot at `from` gives the snapshot at `to`.
struct delta {
    std::uint64_t from = 0;
    std::uint64_t to = 0;
    std::vector<revocation> added;     // sorted by identity
    std::vector<std::string> removed;  // sorted
};

enum class delta_error {
    ok,
    bad_range,  // since > to, to > current, or not numbers (400)
    gone,       // since < retainedSince: fetch the snapshot (410)
    too_large,  // more than max_events changes (fetch the snapshot; 410 too)
    storage,    // the store failed (503)
};

struct delta_result {
    delta_error error = delta_error::ok;
    delta d;
};

// Reads the events in (since, to] (to = current when nullopt) and folds them. At most
// `max_events` events are read. Blocking.
delta_result read_delta(const store::database& db, std::uint64_t since,
                        std::optional<std::uint64_t> to, std::size_t max_events = 1'000'000);
// Folds events (in seq order) into a delta from `from` to `to`.
delta fold_events(std::uint64_t from, std::uint64_t to, const std::vector<log_event>& events);
// {"from","to","added":[entries],"removed":[IRIs]}
std::string delta_json(const delta& d);
[[nodiscard]] result<delta> parse_delta_json(std::string_view body);
// Applies `d` to `s` (which must be at d.from); s.version becomes d.to.
void apply_delta(snapshot_entries& s, const delta& d);

// {"version","count","issuedAt","retainedSince","keyId"}
std::string meta_json(std::uint64_t version, std::size_t count, std::int64_t issued_at_ms,
                      std::uint64_t retained_since, std::string_view key_id);

struct retention_options {
    // Keep at least this many newest log events (0 = no count limit). Default: 1,000,000.
    std::uint64_t keep_events = 1'000'000;
    // Drop events older than this (0 = no age limit). Default: 0.
    std::int64_t max_age_ms = 0;
    // Events deleted per call, to bound one write batch. Default: 100,000.
    std::size_t max_delete = 100'000;
};

// Deletes the log events that the count limit or the age limit drops (the newest event always
// stays) and raises retainedSince to the newest deleted seq. Only the log is touched: the snapshot
// is read from the `revocations` records, so no entry of the current snapshot is ever dropped.
// Returns the number of events deleted. Blocking; safe next to the writer (it never touches the
// newest event).
[[nodiscard]] result<std::size_t> compact_log(const store::database& db,
                                              const retention_options& opts, std::int64_t now_ms);

// The suspensions in `s` whose `until` is at or before `now_ms` (the caller lifts them, which logs
// a lift event), at most `limit`.
std::vector<revocation> expired_suspensions(const snapshot_entries& s, std::int64_t now_ms,
                                            std::size_t limit = 1000);

}  // namespace certgate::crl
