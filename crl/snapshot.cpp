#include "crl/snapshot.hpp"

#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <algorithm>
#include <map>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace certgate::crl {

namespace {

const error_code invalid = std::make_error_code(std::errc::invalid_argument);

bool by_identity(const revocation& a, const revocation& b) { return a.identity < b.identity; }

}  // namespace

result<std::uint64_t> retained_since(const store::database& db) {
    auto v = db.get_u64(store::cf::meta, retained_since_meta_key);
    if (!v) {
        return v.error();
    }
    return v->value_or(0);
}

result<snapshot_entries> read_snapshot(const store::database& db) {
    // The scan and the sequence counter are separate reads; a scan framed by two equal counter
    // reads saw exactly that version (each write batch moves both at once).
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto before = current_seq(db);
        if (!before) {
            return before.error();
        }
        snapshot_entries s;
        s.version = *before;
        bool corrupt = false;
        auto n = db.iterate(store::cf::revocations, "", store::no_limit,
                            [&](std::string_view, std::string_view value) {
                                auto j = json::parse(value);
                                auto r =
                                    j ? revocation_from_json(*j) : result<revocation>(j.error());
                                if (!r) {
                                    corrupt = true;
                                    return false;
                                }
                                s.entries.push_back(std::move(*r));
                                return true;
                            });
        if (!n) {
            return n.error();
        }
        if (corrupt) {
            return store::errc::corrupt_value;
        }
        auto after = current_seq(db);
        if (!after) {
            return after.error();
        }
        if (*after == *before) {
            std::sort(s.entries.begin(), s.entries.end(), by_identity);
            return s;
        }
    }
    return std::make_error_code(std::errc::resource_unavailable_try_again);
}

json::value entry_json(const revocation& r) {
    json::value v{json::object{}};
    v.set("id", r.identity);
    v.set("certificateId", r.certificate_id);
    v.set("revokedAt", format_time_ms(r.revoked_at_ms));
    v.set("reason", reason_name(r.why));
    if (r.why == reason::suspended && r.until_ms) {
        v.set("until", format_time_ms(*r.until_ms));
    }
    return v;
}

std::string snapshot_json(const snapshot_entries& s, std::int64_t issued_at_ms) {
    std::string out = "{\"version\":";
    json::write_number(out, static_cast<double>(s.version));
    out += ",\"issuedAt\":";
    json::write_string(out, format_time_ms(issued_at_ms));
    out += ",\"count\":";
    json::write_number(out, static_cast<double>(s.entries.size()));
    out += ",\"entries\":[";
    bool first = true;
    for (const auto& e : s.entries) {
        if (!first) {
            out += ',';
        }
        first = false;
        json::write(out, entry_json(e));
    }
    out += "]}";
    return out;
}

namespace {

result<revocation> entry_from_json(const json::value& v) {
    const json::value* id = v.find("id");
    const json::value* cid = v.find("certificateId");
    const json::value* at = v.find("revokedAt");
    const json::value* why = v.find("reason");
    const json::value* until = v.find("until");
    if (!v.is_object() || !id || !id->is_string() || !cid || !cid->is_string() || !at ||
        !at->is_string() || !why || !why->is_string() || (until && !until->is_string())) {
        return invalid;
    }
    revocation r;
    r.identity = id->as_string();
    r.certificate_id = cid->as_string();
    auto t = parse_time_ms(at->as_string());
    auto w = parse_reason(why->as_string());
    if (!t || !w) {
        return invalid;
    }
    r.revoked_at_ms = *t;
    r.why = *w;
    if (until) {
        auto u = parse_time_ms(until->as_string());
        if (!u || r.why != reason::suspended) {
            return invalid;
        }
        r.until_ms = *u;
    }
    return r;
}

bool read_u64_member(const json::value& v, std::string_view name, std::uint64_t& out) {
    const json::value* m = v.find(name);
    if (!m || !m->is_integral() || m->as_number() < 0 || m->as_number() > 9.007199254740991e15) {
        return false;
    }
    out = static_cast<std::uint64_t>(m->as_number());
    return true;
}

constexpr json::parse_options body_limits{.max_depth = 8, .max_size = std::size_t{1} << 31};

}  // namespace

result<snapshot_entries> parse_snapshot_json(std::string_view body) {
    auto v = json::parse(body, body_limits);
    if (!v || !v->is_object()) {
        return invalid;
    }
    snapshot_entries s;
    const json::value* entries = v->find("entries");
    if (!read_u64_member(*v, "version", s.version) || !entries || !entries->is_array()) {
        return invalid;
    }
    for (const auto& e : entries->as_array()) {
        auto r = entry_from_json(e);
        if (!r) {
            return r.error();
        }
        s.entries.push_back(std::move(*r));
    }
    std::sort(s.entries.begin(), s.entries.end(), by_identity);
    return s;
}

// ---- binary form ----

namespace {

constexpr std::string_view binary_magic{"CGCRLB1\n", 8};
constexpr std::uint8_t kind_reason_mask = 0x03;
constexpr std::uint8_t kind_has_until = 0x04;
constexpr std::uint8_t kind_text = 0x08;
constexpr std::size_t max_prefixes = 255;

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

void put_bytes(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out += s;
}

// A certificateId that is a decimal number with no leading zero, fitting 63 bits.
std::optional<std::uint64_t> numeric_id(std::string_view id) {
    if (id.empty() || id.size() > 18 || id[0] == '0') {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : id) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

class reader {
public:
    explicit reader(std::string_view s) : s_(s) {}
    bool varint(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= s_.size()) {
                return false;
            }
            auto b = static_cast<std::uint8_t>(s_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                return true;
            }
        }
        return false;
    }
    bool bytes(std::size_t n, std::string_view& out) {
        if (s_.size() - pos_ < n) {
            return false;
        }
        out = s_.substr(pos_, n);
        pos_ += n;
        return true;
    }
    bool text(std::string& out) {
        std::uint64_t n = 0;
        std::string_view v;
        if (!varint(n) || n > s_.size() || !bytes(static_cast<std::size_t>(n), v)) {
            return false;
        }
        out = std::string(v);
        return true;
    }
    std::size_t remaining() const { return s_.size() - pos_; }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string snapshot_binary(const snapshot_entries& s, std::int64_t issued_at_ms) {
    // Sorted by time: revocation times cluster (updates come in batches), so their differences
    // are small; the certificate numbers are random and stored at a fixed width.
    std::vector<const revocation*> order;
    order.reserve(s.entries.size());
    for (const auto& e : s.entries) {
        order.push_back(&e);
    }
    std::stable_sort(order.begin(), order.end(), [](const revocation* a, const revocation* b) {
        return a->revoked_at_ms < b->revoked_at_ms;
    });
    std::vector<std::string> prefixes;
    std::unordered_map<std::string, std::size_t> prefix_index;
    struct coded {
        std::uint8_t kind;
        std::size_t prefix;
        std::uint64_t number;
    };
    std::vector<coded> codes;
    codes.reserve(order.size());
    std::uint64_t max_number = 0;
    for (const revocation* e : order) {
        coded c{static_cast<std::uint8_t>(static_cast<std::uint8_t>(e->why) & kind_reason_mask), 0,
                0};
        if (e->why == reason::suspended && e->until_ms) {
            c.kind |= kind_has_until;
        }
        auto n = numeric_id(e->certificate_id);
        const std::string& id = e->identity;
        bool numeric = n && id.size() > e->certificate_id.size() &&
                       id.compare(id.size() - e->certificate_id.size(), std::string::npos,
                                  e->certificate_id) == 0;
        if (numeric) {
            std::string prefix = id.substr(0, id.size() - e->certificate_id.size());
            auto it = prefix_index.find(prefix);
            if (it == prefix_index.end() && prefixes.size() < max_prefixes) {
                it = prefix_index.emplace(prefix, prefixes.size()).first;
                prefixes.push_back(prefix);
            }
            numeric = it != prefix_index.end();
            if (numeric) {
                c.prefix = it->second;
                c.number = *n;
                max_number = std::max(max_number, *n);
            }
        }
        if (!numeric) {
            c.kind |= kind_text;
        }
        codes.push_back(c);
    }
    std::uint8_t width = 0;
    for (std::uint64_t m = max_number; m != 0; m >>= 8) {
        ++width;
    }

    std::string out(binary_magic);
    put_varint(out, s.version);
    put_varint(out, zigzag(issued_at_ms));
    put_varint(out, order.size());
    put_varint(out, prefixes.size());
    for (const auto& p : prefixes) {
        put_bytes(out, p);
    }
    out += static_cast<char>(width);
    for (const auto& c : codes) {
        out += static_cast<char>(c.kind);
    }
    std::int64_t prev = 0;
    for (const revocation* e : order) {
        put_varint(out, zigzag(e->revoked_at_ms - prev));
        prev = e->revoked_at_ms;
    }
    if (prefixes.size() > 1) {
        for (const auto& c : codes) {
            if (!(c.kind & kind_text)) {
                out += static_cast<char>(c.prefix);
            }
        }
    }
    for (const auto& c : codes) {
        if (!(c.kind & kind_text)) {
            for (int b = width - 1; b >= 0; --b) {
                out += static_cast<char>((c.number >> (8 * b)) & 0xff);
            }
        }
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (codes[i].kind & kind_text) {
            put_bytes(out, order[i]->identity);
            put_bytes(out, order[i]->certificate_id);
        }
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (codes[i].kind & kind_has_until) {
            put_varint(out, zigzag(*order[i]->until_ms - order[i]->revoked_at_ms));
        }
    }
    return out;
}

result<snapshot_entries> parse_snapshot_binary(std::string_view bytes) {
    if (bytes.substr(0, binary_magic.size()) != binary_magic) {
        return invalid;
    }
    reader in(bytes.substr(binary_magic.size()));
    snapshot_entries s;
    std::uint64_t issued = 0, count = 0, nprefix = 0;
    if (!in.varint(s.version) || !in.varint(issued) || !in.varint(count) || !in.varint(nprefix) ||
        nprefix > max_prefixes || count > bytes.size()) {
        return invalid;
    }
    std::vector<std::string> prefixes(static_cast<std::size_t>(nprefix));
    for (auto& p : prefixes) {
        if (!in.text(p)) {
            return invalid;
        }
    }
    std::string_view width_byte, kinds;
    if (!in.bytes(1, width_byte) || !in.bytes(static_cast<std::size_t>(count), kinds)) {
        return invalid;
    }
    const auto width = static_cast<std::uint8_t>(width_byte[0]);
    if (width > 8) {
        return invalid;
    }
    s.entries.resize(static_cast<std::size_t>(count));
    std::int64_t prev = 0;
    for (std::size_t i = 0; i < s.entries.size(); ++i) {
        auto k = static_cast<std::uint8_t>(kinds[i]);
        auto why = static_cast<std::uint8_t>(k & kind_reason_mask);
        if (why == 0 || (k & ~(kind_reason_mask | kind_has_until | kind_text)) ||
            ((k & kind_has_until) && why != static_cast<std::uint8_t>(reason::suspended)) ||
            (!(k & kind_text) && nprefix == 0)) {
            return invalid;
        }
        s.entries[i].why = static_cast<reason>(why);
        std::uint64_t d = 0;
        if (!in.varint(d)) {
            return invalid;
        }
        prev += unzigzag(d);
        s.entries[i].revoked_at_ms = prev;
    }
    std::vector<std::size_t> prefix_of(s.entries.size(), 0);
    if (nprefix > 1) {
        for (std::size_t i = 0; i < s.entries.size(); ++i) {
            if (!(kinds[i] & kind_text)) {
                std::string_view b;
                if (!in.bytes(1, b) || static_cast<std::uint8_t>(b[0]) >= nprefix) {
                    return invalid;
                }
                prefix_of[i] = static_cast<std::uint8_t>(b[0]);
            }
        }
    }
    for (std::size_t i = 0; i < s.entries.size(); ++i) {
        if (!(kinds[i] & kind_text)) {
            std::string_view b;
            if (!in.bytes(width, b)) {
                return invalid;
            }
            std::uint64_t n = 0;
            for (char c : b) {
                n = (n << 8) | static_cast<std::uint8_t>(c);
            }
            if (n == 0) {
                return invalid;
            }
            s.entries[i].certificate_id = std::to_string(n);
            s.entries[i].identity = prefixes[prefix_of[i]] + s.entries[i].certificate_id;
        }
    }
    for (std::size_t i = 0; i < s.entries.size(); ++i) {
        if (kinds[i] & kind_text) {
            if (!in.text(s.entries[i].identity) || !in.text(s.entries[i].certificate_id)) {
                return invalid;
            }
        }
    }
    for (std::size_t i = 0; i < s.entries.size(); ++i) {
        if (kinds[i] & kind_has_until) {
            std::uint64_t d = 0;
            if (!in.varint(d)) {
                return invalid;
            }
            s.entries[i].until_ms = s.entries[i].revoked_at_ms + unzigzag(d);
        }
    }
    if (in.remaining() != 0) {
        return invalid;
    }
    std::sort(s.entries.begin(), s.entries.end(), by_identity);
    return s;
}

// ---- deltas ----

delta fold_events(std::uint64_t from, std::uint64_t to, const std::vector<log_event>& events) {
    std::map<std::string_view, const log_event*> last;
    for (const auto& e : events) {
        last[e.entry.identity] = &e;
    }
    delta d{from, to, {}, {}};
    for (const auto& [id, e] : last) {
        if (e->op == log_op::lift) {
            d.removed.emplace_back(id);
        } else {
            d.added.push_back(e->entry);
        }
    }
    return d;
}

delta_result read_delta(const store::database& db, std::uint64_t since,
                        std::optional<std::uint64_t> to, std::size_t max_events) {
    auto current = current_seq(db);
    auto retained = retained_since(db);
    if (!current || !retained) {
        return {delta_error::storage, {}};
    }
    const std::uint64_t end = to.value_or(*current);
    if (since > end || end > *current) {
        return {delta_error::bad_range, {}};
    }
    if (since < *retained) {
        return {delta_error::gone, {}};
    }
    if (end - since > max_events) {
        return {delta_error::too_large, {}};
    }
    auto events = read_log(db, since + 1, static_cast<std::size_t>(end - since));
    if (!events) {
        return {delta_error::storage, {}};
    }
    // Compaction may have run between the checks and the read: a missing event means gone.
    if (events->size() != end - since || (!events->empty() && events->front().seq != since + 1)) {
        return {delta_error::gone, {}};
    }
    return {delta_error::ok, fold_events(since, end, *events)};
}

std::string delta_json(const delta& d) {
    std::string out = "{\"from\":";
    json::write_number(out, static_cast<double>(d.from));
    out += ",\"to\":";
    json::write_number(out, static_cast<double>(d.to));
    out += ",\"added\":[";
    for (std::size_t i = 0; i < d.added.size(); ++i) {
        if (i) {
            out += ',';
        }
        json::write(out, entry_json(d.added[i]));
    }
    out += "],\"removed\":[";
    for (std::size_t i = 0; i < d.removed.size(); ++i) {
        if (i) {
            out += ',';
        }
        json::write_string(out, d.removed[i]);
    }
    out += "]}";
    return out;
}

result<delta> parse_delta_json(std::string_view body) {
    auto v = json::parse(body, body_limits);
    if (!v || !v->is_object()) {
        return invalid;
    }
    delta d;
    const json::value* added = v->find("added");
    const json::value* removed = v->find("removed");
    if (!read_u64_member(*v, "from", d.from) || !read_u64_member(*v, "to", d.to) || d.from > d.to ||
        !added || !added->is_array() || !removed || !removed->is_array()) {
        return invalid;
    }
    for (const auto& e : added->as_array()) {
        auto r = entry_from_json(e);
        if (!r) {
            return r.error();
        }
        d.added.push_back(std::move(*r));
    }
    for (const auto& e : removed->as_array()) {
        if (!e.is_string()) {
            return invalid;
        }
        d.removed.push_back(e.as_string());
    }
    return d;
}

void apply_delta(snapshot_entries& s, const delta& d) {
    // One merge pass over the sorted entries (a delta is small next to the list).
    std::vector<revocation> added(d.added);
    std::sort(added.begin(), added.end(), by_identity);
    std::vector<std::string_view> removed(d.removed.begin(), d.removed.end());
    std::sort(removed.begin(), removed.end());
    std::vector<revocation> out;
    out.reserve(s.entries.size() + added.size());
    auto a = added.begin();
    auto r = removed.begin();
    auto take_added_before = [&](std::string_view id) {
        while (a != added.end() && a->identity < id) {
            out.push_back(std::move(*a++));
        }
    };
    for (auto& e : s.entries) {
        take_added_before(e.identity);
        while (r != removed.end() && *r < e.identity) {
            ++r;
        }
        bool drop = r != removed.end() && *r == e.identity;
        if (a != added.end() && a->identity == e.identity) {
            out.push_back(std::move(*a++));
        } else if (!drop) {
            out.push_back(std::move(e));
        }
    }
    while (a != added.end()) {
        out.push_back(std::move(*a++));
    }
    s.entries = std::move(out);
    s.version = d.to;
}

std::string meta_json(std::uint64_t version, std::size_t count, std::int64_t issued_at_ms,
                      std::uint64_t retained, std::string_view key_id) {
    json::value v{json::object{
        {"version", version},
        {"count", static_cast<std::uint64_t>(count)},
        {"issuedAt", format_time_ms(issued_at_ms)},
        {"retainedSince", retained},
        {"keyId", key_id},
    }};
    return json::to_string(v);
}

// ---- retention ----

result<std::size_t> compact_log(const store::database& db, const retention_options& opts,
                                std::int64_t now_ms) {
    auto current = current_seq(db);
    auto retained = retained_since(db);
    if (!current) {
        return current.error();
    }
    if (!retained) {
        return retained.error();
    }
    if (*current == 0) {
        return std::size_t{0};
    }
    // The newest event always stays, so a delta from the version before it is always possible.
    std::uint64_t cutoff = *retained;
    if (opts.keep_events > 0 && *current > opts.keep_events) {
        cutoff = std::max(cutoff, *current - opts.keep_events);
    }
    std::vector<std::string> keys;
    std::uint64_t last_deleted = *retained;
    bool failed = false;
    auto n = db.for_each(store::cf::revocation_log, log_key(*retained + 1), opts.max_delete,
                         [&](std::string_view key, std::string_view value) {
                             auto seq = store::decode_u64_be(key);
                             if (!seq || *seq >= *current) {
                                 return false;
                             }
                             bool drop = *seq <= cutoff;
                             if (!drop && opts.max_age_ms > 0) {
                                 auto j = json::parse(value);
                                 auto e =
                                     j ? log_event_from_json(*j) : result<log_event>(j.error());
                                 if (!e) {
                                     failed = true;
                                     return false;
                                 }
                                 drop = e->at_ms < now_ms - opts.max_age_ms;
                             }
                             if (!drop) {
                                 return false;
                             }
                             keys.emplace_back(key);
                             last_deleted = *seq;
                             return true;
                         });
    if (!n) {
        return n.error();
    }
    if (failed) {
        return store::errc::corrupt_value;
    }
    if (keys.empty()) {
        return std::size_t{0};
    }
    store::write_batch batch;
    // Raise retainedSince in the same batch, so no reader sees a gap below it.
    batch.put_u64(store::cf::meta, retained_since_meta_key, last_deleted);
    for (const auto& k : keys) {
        batch.erase(store::cf::revocation_log, k);
    }
    if (auto ec = db.write(batch)) {
        return ec;
    }
    return keys.size();
}

std::vector<revocation> expired_suspensions(const snapshot_entries& s, std::int64_t now_ms,
                                            std::size_t limit) {
    std::vector<revocation> out;
    for (const auto& e : s.entries) {
        if (out.size() >= limit) {
            break;
        }
        if (e.why == reason::suspended && e.until_ms && *e.until_ms <= now_ms) {
            out.push_back(e);
        }
    }
    return out;
}

}  // namespace certgate::crl
