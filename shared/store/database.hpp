// File: shared/store/database.hpp
// certgate's RocksDB database: one DB with the column families of DESIGN.md (certificates,
// enrollments, revocations, revocation_log, meta), a schema version in `meta`, point reads,
// bounded scans, and atomic write batches synced to the WAL. RocksDB types stay out of this
// header. Every call blocks on disk I/O at worst: from an io_context thread, run writes (and
// reads that may miss the block cache) through http::offload on a thread pool.
#pragma once

#include "shared/store/error.hpp"
#include "shared/store/keys.hpp"
#include "shared/util/log.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::store {

// The column families. `default_cf` is RocksDB's own and unused by certgate.
enum class cf : std::uint8_t {
    default_cf,
    certificates,    // certificateId -> signed credential + record metadata
    enrollments,     // preEnrollmentCode \0 dose(BE) seq(BE) -> certificateId
    revocations,     // identity IRI -> revocation record
    revocation_log,  // seq(BE) -> event
    meta,            // schema version, counters
};
inline constexpr std::size_t cf_count = 6;
std::string_view to_string(cf c) noexcept;

// The schema version this build reads and writes (meta key `schema_key`, u64 BE).
inline constexpr std::uint64_t schema_version = 1;
inline constexpr std::string_view schema_key = "schema_version";

// Passed as a scan limit to mean "every key" (e.g. loading all revocations at start-up). Make
// that a deliberate choice: every other scan should have a real bound.
inline constexpr std::size_t no_limit = std::numeric_limits<std::size_t>::max();

struct options {
    // Create the database, its column families and schema version when the path holds none.
    // Default: true.
    bool create_if_missing = true;
    // Bytes of the LRU block cache shared by all column families. Default: 64 MiB.
    std::size_t block_cache_bytes = std::size_t{64} << 20;
    // Bloom filter bits per key, for point lookups that miss (0 disables). Default: 10 (~1% false
    // positives).
    int bloom_bits_per_key = 10;
    // Memtable size per column family before a flush. Default: 32 MiB.
    std::size_t write_buffer_bytes = std::size_t{32} << 20;
    // RocksDB's pipelined write: the WAL write of one write group overlaps the memtable insert of
    // the previous one. Group commit itself is always on: concurrent synced write() calls are
    // merged by RocksDB's write thread into one WAL append and one fsync, so N synced writers cost
    // about one fsync per group, not per writer. Default: true.
    bool enable_pipelined_write = true;
    // Background flush and compaction threads. Default: 2.
    int max_background_jobs = 2;
    // The default of write(batch): sync the WAL before returning (the durability contract: a 200 is
    // never lost). Turn off only for bulk import or tests. Default: true.
    bool sync_writes = true;
    // Use fsync instead of fdatasync for WAL syncs. Default: false.
    bool use_fsync = false;
};

// A set of puts and deletes across column families, applied atomically by database::write. A
// plain value: build it anywhere (no database needed), then write it. Not thread-safe.
class write_batch {
public:
    void put(cf c, std::string_view key, std::string_view value);
    void put_u64(cf c, std::string_view key, std::uint64_t v);  // value = 8 bytes BE
    void erase(cf c, std::string_view key);
    void clear() noexcept { ops_.clear(); }
    std::size_t count() const noexcept { return ops_.size(); }
    bool empty() const noexcept { return ops_.empty(); }

    // The value this batch last puts for (c, key): nullptr when it puts none, and an empty
    // optional when its last operation on the key is a delete. Lets a multi-item request see its
    // own pending writes. Linear in the batch size.
    const std::optional<std::string>* find(cf c, std::string_view key) const noexcept;

    struct op {
        cf column;
        std::string key;
        std::optional<std::string> value;  // empty = delete
    };
    const std::vector<op>& ops() const noexcept { return ops_; }

private:
    std::vector<op> ops_;
};

// A key and value visited by a scan. The views live only until the callback returns.
// Return true to continue, false to stop.
using scan_fn = std::function<bool(std::string_view key, std::string_view value)>;

// The open database. Movable, not copyable; all member functions are thread-safe (RocksDB's DB and
// column-family handles are). A moved-from database answers errc::not_open. Read-modify-write
// sequences (read the latest enrollment, then write) are not atomic: callers serialize them.
class database {
public:
    // Opens (or creates, see options::create_if_missing) the database at `path`. Fails with
    // errc::unknown_schema when the column families or the schema version are not this build's,
    // errc::not_found when nothing exists and creation is off, errc::storage_failure otherwise.
    // `logger` must outlive the database.
    [[nodiscard]] static result<database> open(const std::filesystem::path& path,
                                               const options& opts = {},
                                               log::logger& logger = log::null_logger());

    database(database&&) noexcept;
    database& operator=(database&&) noexcept;
    database(const database&) = delete;
    database& operator=(const database&) = delete;
    ~database();

    // The value at `key`, or an empty optional when there is none.
    [[nodiscard]] result<std::optional<std::string>> get(cf c, std::string_view key) const;
    // Several keys of one column family in one call; the answer is in the order of `keys`. Any
    // failure other than a missing key fails the whole call.
    [[nodiscard]] result<std::vector<std::optional<std::string>>> multi_get(
        cf c, std::span<const std::string_view> keys) const;
    // A u64 stored as 8 BE bytes (counters in `meta`); errc::corrupt_value for another size.
    [[nodiscard]] result<std::optional<std::uint64_t>> get_u64(cf c, std::string_view key) const;

    // Applies `batch` atomically (all of it or none). With `sync` the WAL is synced before this
    // returns. Blocking; concurrent callers are group-committed (see options).
    [[nodiscard]] error_code write(const write_batch& batch) const;
    [[nodiscard]] error_code write(const write_batch& batch, bool sync) const;

    // Visits, in key order, up to `limit` keys that start with `prefix` (all keys for an empty
    // prefix). Returns the number visited.
    [[nodiscard]] result<std::size_t> iterate(cf c, std::string_view prefix, std::size_t limit,
                                              const scan_fn& fn) const;
    // Visits, in key order, up to `limit` keys in [from, to); an empty `to` means no upper bound.
    [[nodiscard]] result<std::size_t> iterate_range(cf c, std::string_view from,
                                                    std::string_view to, std::size_t limit,
                                                    const scan_fn& fn) const;
    // Visits up to `limit` keys from `from_key` (inclusive) to the end of the column family.
    [[nodiscard]] result<std::size_t> for_each(cf c, std::string_view from_key, std::size_t limit,
                                               const scan_fn& fn) const;
    // The greatest key starting with `prefix`, with its value (e.g. the latest enrollment entry
    // for a code and dose), or an empty optional when no key has that prefix.
    [[nodiscard]] result<std::optional<std::pair<std::string, std::string>>> get_latest_with_prefix(
        cf c, std::string_view prefix) const;

    // Flushes memtables to SST files (tests, clean shutdown). The WAL already holds synced data.
    [[nodiscard]] error_code flush() const;

    const std::filesystem::path& path() const noexcept;

private:
    struct impl;
    explicit database(std::unique_ptr<impl> p) noexcept;
    std::unique_ptr<impl> impl_;
};

}  // namespace certgate::store
