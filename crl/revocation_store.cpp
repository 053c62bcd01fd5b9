#include "crl/revocation_store.hpp"

#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace certgate::crl {

const log_event& revocation_writer::stage(log_op op, revocation entry, std::int64_t at_ms) {
    ++last_seq_;
    log_event e{last_seq_, op, at_ms, std::move(entry)};
    batch_->put(store::cf::revocation_log, log_key(e.seq), json::to_string(to_json(e)));
    batch_->put_u64(store::cf::meta, seq_meta_key, e.seq);
    events_.push_back(std::move(e));
    return events_.back();
}

const log_event& revocation_writer::put(revocation r, std::int64_t at_ms) {
    r.seq = last_seq_ + 1;
    batch_->put(store::cf::revocations, r.identity, json::to_string(to_json(r)));
    log_op op = r.why == reason::suspended ? log_op::suspend : log_op::revoke;
    return stage(op, std::move(r), at_ms);
}

const log_event& revocation_writer::lift(const revocation& suspension, std::int64_t at_ms) {
    batch_->erase(store::cf::revocations, suspension.identity);
    return stage(log_op::lift, suspension, at_ms);
}

void apply(revocation_set& set, std::span<const log_event> events) {
    for (const auto& e : events) {
        if (e.op == log_op::lift) {
            set.lift(e.entry.identity);
        } else {
            set.apply(e.entry);
        }
    }
}

result<std::optional<revocation>> find_revocation(const store::database& db,
                                                  std::string_view identity) {
    auto v = db.get(store::cf::revocations, identity);
    if (!v) {
        return v.error();
    }
    if (!*v) {
        return std::optional<revocation>();
    }
    auto j = json::parse(**v);
    if (!j) {
        return store::errc::corrupt_value;
    }
    auto r = revocation_from_json(*j);
    if (!r) {
        return store::errc::corrupt_value;
    }
    return std::optional<revocation>(std::move(*r));
}

namespace {

// The verdict fields of a stored record, read without building a JSON tree. It accepts the flat
// object that to_json writes (string and number members, no escapes in member names) and gives
// up (nullopt) on anything else, which the caller then hands to the full parser.
class record_scanner {
public:
    explicit record_scanner(std::string_view s) noexcept : s_(s) {}

    std::optional<revocation_status> scan() noexcept {
        std::string_view revoked_at, why, until;
        skip_ws();
        if (!eat('{')) {
            return std::nullopt;
        }
        skip_ws();
        if (eat('}')) {
            return std::nullopt;
        }
        while (true) {
            skip_ws();
            std::string_view key;
            if (!raw_string(key) || key.find('\\') != std::string_view::npos) {
                return std::nullopt;
            }
            skip_ws();
            if (!eat(':')) {
                return std::nullopt;
            }
            skip_ws();
            if (peek() == '"') {
                std::string_view v;
                if (!raw_string(v)) {
                    return std::nullopt;
                }
                if (key == "revokedAt") {
                    revoked_at = v;
                } else if (key == "reason") {
                    why = v;
                } else if (key == "until") {
                    until = v;
                }
            } else if (!skip_number()) {
                return std::nullopt;
            }
            skip_ws();
            if (eat('}')) {
                break;
            }
            if (!eat(',')) {
                return std::nullopt;
            }
        }
        skip_ws();
        if (pos_ != s_.size()) {
            return std::nullopt;
        }
        auto at = parse_time_ms(revoked_at);
        auto r = parse_reason(why);
        if (!at || !r) {
            return std::nullopt;
        }
        revocation_status st{*r, *at, std::nullopt};
        if (!until.empty()) {
            auto u = parse_time_ms(until);
            if (!u) {
                return std::nullopt;
            }
            if (*r == reason::suspended) {
                st.until_ms = *u;
            }
        }
        return st;
    }

private:
    char peek() const noexcept { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    bool eat(char c) noexcept {
        if (peek() != c || pos_ >= s_.size()) {
            return false;
        }
        ++pos_;
        return true;
    }
    void skip_ws() noexcept {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
            ++pos_;
        }
    }
    // A JSON string's raw contents (escapes left as they are).
    bool raw_string(std::string_view& out) noexcept {
        if (!eat('"')) {
            return false;
        }
        std::size_t start = pos_;
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (c == '\\') {
                pos_ += 2;
                continue;
            }
            if (c == '"') {
                out = s_.substr(start, pos_ - start);
                ++pos_;
                return true;
            }
            ++pos_;
        }
        return false;
    }
    bool skip_number() noexcept {
        std::size_t start = pos_;
        while (pos_ < s_.size() &&
               ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '-' || s_[pos_] == '+' ||
                s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
        }
        return pos_ > start;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

// Hands chunks of decoded records from the scanning thread to the inserting thread. Chunks are
// recycled, so their strings keep their capacity and the steady state allocates nothing.
class chunk_pipe {
public:
    struct chunk {
        std::vector<revocation> items;  // slots; only the first `used` are filled
        std::size_t used = 0;
    };
    static constexpr std::size_t chunk_size = 4096;
    static constexpr std::size_t chunks = 4;

    chunk_pipe() {
        for (std::size_t i = 0; i < chunks; ++i) {
            free_.emplace_back().items.resize(chunk_size);
        }
    }

    // Producer: an empty chunk to fill (blocks while all are in flight).
    chunk take_free() {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !free_.empty(); });
        chunk c = std::move(free_.back());
        free_.pop_back();
        return c;
    }
    void push_full(chunk c) {
        {
            std::lock_guard lock(mu_);
            full_.push_back(std::move(c));
        }
        cv_.notify_all();
    }
    void close() {
        {
            std::lock_guard lock(mu_);
            closed_ = true;
        }
        cv_.notify_all();
    }
    // Consumer: the next filled chunk, or nullopt once closed and drained.
    std::optional<chunk> take_full() {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !full_.empty() || closed_; });
        if (full_.empty()) {
            return std::nullopt;
        }
        chunk c = std::move(full_.front());
        full_.pop_front();
        return c;
    }
    void give_back(chunk c) {
        {
            std::lock_guard lock(mu_);
            free_.push_back(std::move(c));
        }
        cv_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<chunk> free_;
    std::deque<chunk> full_;
    bool closed_ = false;
};

}  // namespace

result<load_stats> load_revocations(const store::database& db, revocation_set& set,
                                    log::logger& logger) {
    // Every record took at least one log event, so the last sequence number bounds the count:
    // reserving it avoids rehashing (and its transient double memory) during the load.
    auto seq = current_seq(db);
    if (!seq) {
        return seq.error();
    }
    set.reserve(static_cast<std::size_t>(*seq));

    // Reading RocksDB and inserting into the hash table cost about the same, so they run on two
    // threads: this one scans and decodes, a helper inserts.
    chunk_pipe pipe;
    std::thread inserter([&] {
        while (auto c = pipe.take_full()) {
            for (std::size_t i = 0; i < c->used; ++i) {
                set.apply(c->items[i]);
            }
            c->used = 0;
            pipe.give_back(std::move(*c));
        }
    });

    load_stats stats;
    chunk_pipe::chunk cur = pipe.take_free();
    auto visit = [&](std::string_view key, std::string_view value) {
        if (auto st = record_scanner(value).scan()) {
            revocation& r = cur.items[cur.used++];
            r.identity.assign(key);
            r.why = st->why;
            r.revoked_at_ms = st->revoked_at_ms;
            r.until_ms = st->until_ms;
        } else {
            auto j = json::parse(value);
            auto full = j ? revocation_from_json(*j) : result<revocation>(j.error());
            if (!full) {
                ++stats.skipped;
                logger.error("crl: skipping an unreadable revocation record, key=" +
                             std::string(key));
                return true;
            }
            ++stats.full_parses;
            full->identity.assign(key);  // the key is authoritative
            cur.items[cur.used++] = std::move(*full);
        }
        ++stats.loaded;
        if (cur.used == cur.items.size()) {
            pipe.push_full(std::move(cur));
            cur = pipe.take_free();
        }
        return true;
    };
    auto n = db.iterate(store::cf::revocations, {}, store::no_limit, visit);
    pipe.push_full(std::move(cur));
    pipe.close();
    inserter.join();
    if (!n) {
        return n.error();
    }
    logger.info("crl: loaded revocations=" + std::to_string(stats.loaded) +
                " skipped=" + std::to_string(stats.skipped));
    return stats;
}

}  // namespace certgate::crl
