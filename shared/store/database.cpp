#include "shared/store/database.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <set>

namespace certgate::store {

namespace {

class store_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.store"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::storage_failure:
                return "storage failure";
            case errc::unknown_schema:
                return "unknown database schema";
            case errc::not_found:
                return "no database at the path";
            case errc::invalid_key:
                return "key part contains the separator byte";
            case errc::corrupt_value:
                return "stored value has the wrong shape";
            case errc::not_open:
                return "database is not open";
        }
        return "unknown store error";
    }
};

constexpr std::array<std::string_view, cf_count> cf_names{
    "default", "certificates", "enrollments", "revocations", "revocation_log", "meta"};

rocksdb::Slice slice(std::string_view s) noexcept { return {s.data(), s.size()}; }
std::string_view view(const rocksdb::Slice& s) noexcept { return {s.data(), s.size()}; }

}  // namespace

const boost::system::error_category& category() noexcept {
    static const store_category instance;
    return instance;
}

std::string_view to_string(cf c) noexcept { return cf_names[static_cast<std::size_t>(c)]; }

// ---- write_batch ----

void write_batch::put(cf c, std::string_view key, std::string_view value) {
    ops_.push_back(op{c, std::string(key), std::string(value)});
}

void write_batch::put_u64(cf c, std::string_view key, std::uint64_t v) {
    ops_.push_back(op{c, std::string(key), encode_u64_be(v)});
}

void write_batch::erase(cf c, std::string_view key) {
    ops_.push_back(op{c, std::string(key), std::nullopt});
}

const std::optional<std::string>* write_batch::find(cf c, std::string_view key) const noexcept {
    for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) {
        if (it->column == c && it->key == key) {
            return &it->value;
        }
    }
    return nullptr;
}

// ---- database ----

struct database::impl {
    std::filesystem::path path;
    log::logger* logger = nullptr;
    bool sync_writes = true;
    std::unique_ptr<rocksdb::DB> db;
    std::array<rocksdb::ColumnFamilyHandle*, cf_count> handles{};

    ~impl() {
        if (!db) {
            return;
        }
        for (auto* h : handles) {
            if (h != nullptr) {
                // Destroying a handle cannot fail in a way we could act on at shutdown.
                (void)db->DestroyColumnFamilyHandle(h);
            }
        }
        auto s = db->Close();
        if (!s.ok()) {
            logger->error("store close failed: " + s.ToString());
        }
    }

    rocksdb::ColumnFamilyHandle* handle(cf c) const noexcept {
        return handles[static_cast<std::size_t>(c)];
    }

    // The one place a RocksDB Status becomes an error code; it is logged here, once.
    error_code fail(std::string_view what, const rocksdb::Status& s) const {
        logger->error("store " + std::string(what) + " failed: " + s.ToString());
        return errc::storage_failure;
    }

    template <class Visit>
    result<std::size_t> scan(cf c, std::string_view from, std::string_view to, std::size_t limit,
                             Visit&& visit) const {
        rocksdb::ReadOptions ro;
        std::string upper(to);
        rocksdb::Slice upper_slice(upper);
        if (!upper.empty()) {
            ro.iterate_upper_bound = &upper_slice;
        }
        std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, handle(c)));
        std::size_t n = 0;
        for (it->Seek(slice(from)); it->Valid() && n < limit; it->Next()) {
            ++n;
            if (!visit(view(it->key()), view(it->value()))) {
                break;
            }
        }
        if (!it->status().ok()) {
            return fail("scan", it->status());
        }
        return n;
    }
};

database::database(std::unique_ptr<impl> p) noexcept : impl_(std::move(p)) {}
database::database(database&&) noexcept = default;
database& database::operator=(database&&) noexcept = default;
database::~database() = default;

const std::filesystem::path& database::path() const noexcept {
    static const std::filesystem::path empty;
    return impl_ ? impl_->path : empty;
}

result<database> database::open(const std::filesystem::path& path, const options& opts,
                                log::logger& logger) {
    rocksdb::DBOptions db_opts;
    db_opts.create_if_missing = opts.create_if_missing;
    db_opts.create_missing_column_families = opts.create_if_missing;
    db_opts.enable_pipelined_write = opts.enable_pipelined_write;
    db_opts.max_background_jobs = opts.max_background_jobs;
    db_opts.use_fsync = opts.use_fsync;

    rocksdb::BlockBasedTableOptions table;
    table.block_cache = rocksdb::NewLRUCache(opts.block_cache_bytes);
    if (opts.bloom_bits_per_key > 0) {
        table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(opts.bloom_bits_per_key, false));
    }
    rocksdb::ColumnFamilyOptions cf_opts;
    cf_opts.write_buffer_size = opts.write_buffer_bytes;
    cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

    auto p = std::make_unique<impl>();
    p->path = path;
    p->logger = &logger;
    p->sync_writes = opts.sync_writes;

    // An existing database must hold exactly our column families (RocksDB refuses to open one
    // without naming all of them, and a missing one would mean another program's database).
    std::vector<std::string> existing;
    auto listed = rocksdb::DB::ListColumnFamilies(db_opts, path.string(), &existing);
    if (listed.ok()) {
        std::set<std::string, std::less<>> have(existing.begin(), existing.end());
        std::set<std::string, std::less<>> want(cf_names.begin(), cf_names.end());
        if (have != want) {
            logger.error("store open refused: " + path.string() +
                         " holds column families that are not certgate's");
            return errc::unknown_schema;
        }
    } else if (!opts.create_if_missing) {
        logger.error("store open failed: " + listed.ToString());
        return errc::not_found;
    }

    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (auto name : cf_names) {
        descriptors.emplace_back(std::string(name), cf_opts);
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    auto s = rocksdb::DB::Open(db_opts, path.string(), descriptors, &handles, &raw);
    if (!s.ok()) {
        return p->fail("open", s);
    }
    p->db.reset(raw);
    std::copy(handles.begin(), handles.end(), p->handles.begin());

    database db(std::move(p));
    auto version = db.get_u64(cf::meta, schema_key);
    if (!version) {
        return version.error() == errc::corrupt_value ? errc::unknown_schema : version.error();
    }
    if (version->has_value()) {
        if (**version != schema_version) {
            logger.error("store open refused: schema version " + std::to_string(**version) +
                         " is not " + std::to_string(schema_version));
            return errc::unknown_schema;
        }
        return db;
    }
    // No version: a fresh database (or one whose creation stopped before the version was
    // written). Only an empty one may be adopted.
    for (std::size_t i = 0; i < cf_count; ++i) {
        auto n = db.iterate(static_cast<cf>(i), {}, 1, [](auto, auto) { return true; });
        if (!n) {
            return n.error();
        }
        if (*n != 0) {
            logger.error("store open refused: " + path.string() +
                         " has data but no schema version");
            return errc::unknown_schema;
        }
    }
    write_batch batch;
    batch.put_u64(cf::meta, schema_key, schema_version);
    if (auto ec = db.write(batch, true)) {
        return ec;
    }
    return db;
}

result<std::optional<std::string>> database::get(cf c, std::string_view key) const {
    if (!impl_) {
        return errc::not_open;
    }
    std::string value;
    auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->handle(c), slice(key), &value);
    if (s.IsNotFound()) {
        return std::optional<std::string>();
    }
    if (!s.ok()) {
        return impl_->fail("get", s);
    }
    return std::optional<std::string>(std::move(value));
}

result<std::vector<std::optional<std::string>>> database::multi_get(
    cf c, std::span<const std::string_view> keys) const {
    if (!impl_) {
        return errc::not_open;
    }
    std::vector<rocksdb::Slice> slices;
    slices.reserve(keys.size());
    for (auto k : keys) {
        slices.push_back(slice(k));
    }
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->handle(c), keys.size(), slices.data(),
                        values.data(), statuses.data());
    std::vector<std::optional<std::string>> out(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (statuses[i].ok()) {
            out[i] = values[i].ToString();
        } else if (!statuses[i].IsNotFound()) {
            return impl_->fail("multi_get", statuses[i]);
        }
    }
    return out;
}

result<std::optional<std::uint64_t>> database::get_u64(cf c, std::string_view key) const {
    auto v = get(c, key);
    if (!v) {
        return v.error();
    }
    if (!v->has_value()) {
        return std::optional<std::uint64_t>();
    }
    auto n = decode_u64_be(**v);
    if (!n) {
        impl_->logger->error("store value at " + std::string(to_string(c)) +
                             " is not a u64 (size " + std::to_string((*v)->size()) + ")");
        return n.error();
    }
    return std::optional<std::uint64_t>(*n);
}

error_code database::write(const write_batch& batch) const {
    if (!impl_) {
        return errc::not_open;
    }
    return write(batch, impl_->sync_writes);
}

error_code database::write(const write_batch& batch, bool sync) const {
    if (!impl_) {
        return errc::not_open;
    }
    rocksdb::WriteBatch wb;
    for (const auto& op : batch.ops()) {
        auto s = op.value ? wb.Put(impl_->handle(op.column), slice(op.key), slice(*op.value))
                          : wb.Delete(impl_->handle(op.column), slice(op.key));
        if (!s.ok()) {
            return impl_->fail("batch", s);
        }
    }
    rocksdb::WriteOptions wo;
    wo.sync = sync;
    auto s = impl_->db->Write(wo, &wb);
    if (!s.ok()) {
        return impl_->fail("write", s);
    }
    return {};
}

result<std::size_t> database::iterate(cf c, std::string_view prefix, std::size_t limit,
                                      const scan_fn& fn) const {
    if (!impl_) {
        return errc::not_open;
    }
    return impl_->scan(c, prefix, prefix_successor(prefix), limit, fn);
}

result<std::size_t> database::iterate_range(cf c, std::string_view from, std::string_view to,
                                            std::size_t limit, const scan_fn& fn) const {
    if (!impl_) {
        return errc::not_open;
    }
    return impl_->scan(c, from, to, limit, fn);
}

result<std::size_t> database::for_each(cf c, std::string_view from_key, std::size_t limit,
                                       const scan_fn& fn) const {
    if (!impl_) {
        return errc::not_open;
    }
    return impl_->scan(c, from_key, {}, limit, fn);
}

result<std::optional<std::pair<std::string, std::string>>> database::get_latest_with_prefix(
    cf c, std::string_view prefix) const {
    using answer = std::optional<std::pair<std::string, std::string>>;
    if (!impl_) {
        return errc::not_open;
    }
    // Bound the iterator to the prefix on both sides and take its last key: SeekToLast honours
    // iterate_upper_bound, so this is one seek, not a scan.
    rocksdb::ReadOptions ro;
    std::string upper = prefix_successor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::Slice lower_slice(slice(prefix));
    if (!upper.empty()) {
        ro.iterate_upper_bound = &upper_slice;
    }
    ro.iterate_lower_bound = &lower_slice;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->handle(c)));
    it->SeekToLast();
    if (!it->status().ok()) {
        return impl_->fail("latest", it->status());
    }
    if (!it->Valid() || !view(it->key()).starts_with(prefix)) {
        return answer();
    }
    return answer(std::in_place, it->key().ToString(), it->value().ToString());
}

error_code database::flush() const {
    if (!impl_) {
        return errc::not_open;
    }
    rocksdb::FlushOptions fo;
    for (auto* h : impl_->handles) {
        auto s = impl_->db->Flush(fo, h);
        if (!s.ok()) {
            return impl_->fail("flush", s);
        }
    }
    return {};
}

}  // namespace certgate::store
