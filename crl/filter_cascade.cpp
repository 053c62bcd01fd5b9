#include "crl/filter_cascade.hpp"

#include "shared/json/parse.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <system_error>
#include <utility>
#include <xxhash.h>

namespace certgate::crl {

namespace {

constexpr std::string_view filter_magic{"CGFC1\n", 6};
constexpr std::size_t max_levels = 32;

// Bloom parameters for n elements at false-positive rate p: m = n ln(1/p) / ln(2)^2 bits and
// k = m/n ln 2 hashes.
std::pair<std::uint64_t, std::uint8_t> bloom_size(std::size_t n, double p) {
    const double ln2 = std::log(2.0);
    double m = std::ceil(static_cast<double>(std::max<std::size_t>(n, 1)) * std::log(1.0 / p) /
                         (ln2 * ln2));
    auto bits = std::max<std::uint64_t>(8, static_cast<std::uint64_t>(m));
    double k = std::round(m / static_cast<double>(std::max<std::size_t>(n, 1)) * ln2);
    return {bits, static_cast<std::uint8_t>(std::clamp(k, 1.0, 16.0))};
}

void put_u64(std::string& out, std::uint64_t v) {
    for (int b = 7; b >= 0; --b) {
        out += static_cast<char>((v >> (8 * b)) & 0xff);
    }
}

}  // namespace

// Double hashing over XXH3-128 seeded by the level number: probe i is (h1 + i*h2) mod m.
bool filter_cascade::test(const level& l, std::size_t index, std::string_view id) noexcept {
    XXH128_hash_t h = XXH3_128bits_withSeed(id.data(), id.size(), index);
    for (std::uint64_t i = 0; i < l.hashes; ++i) {
        std::uint64_t bit = (h.low64 + i * h.high64) % l.bits;
        if (!(static_cast<std::uint8_t>(l.data[bit / 8]) & (1u << (bit % 8)))) {
            return false;
        }
    }
    return true;
}

void filter_cascade::add(level& l, std::size_t index, std::string_view id) noexcept {
    XXH128_hash_t h = XXH3_128bits_withSeed(id.data(), id.size(), index);
    for (std::uint64_t i = 0; i < l.hashes; ++i) {
        std::uint64_t bit = (h.low64 + i * h.high64) % l.bits;
        l.data[bit / 8] =
            static_cast<char>(static_cast<std::uint8_t>(l.data[bit / 8]) | (1u << (bit % 8)));
    }
}

result<filter_cascade> filter_cascade::build(const std::vector<std::string>& revoked,
                                             const std::vector<std::string>& valid) {
    filter_cascade f;
    // Level 0's rate follows CRLite: r/(s*sqrt 2) balances level 0 against the levels below;
    // the deeper levels use 1/2.
    double p0 = revoked.empty() || valid.empty()
                    ? 0.5
                    : static_cast<double>(revoked.size()) /
                          (static_cast<double>(valid.size()) * std::sqrt(2.0));
    p0 = std::clamp(p0, 1e-9, 0.5);
    std::vector<std::string_view> include(revoked.begin(), revoked.end());
    std::vector<std::string_view> exclude(valid.begin(), valid.end());
    for (std::size_t index = 0;; ++index) {
        if (index >= max_levels) {
            return std::make_error_code(std::errc::invalid_argument);
        }
        auto [bits, k] = bloom_size(include.size(), index == 0 ? p0 : 0.5);
        level l{bits, k, std::string(static_cast<std::size_t>((bits + 7) / 8), '\0')};
        for (auto id : include) {
            add(l, index, id);
        }
        std::vector<std::string_view> false_positives;
        for (auto id : exclude) {
            if (test(l, index, id)) {
                false_positives.push_back(id);
            }
        }
        f.levels_.push_back(std::move(l));
        if (false_positives.empty()) {
            break;
        }
        exclude = std::move(include);
        include = std::move(false_positives);
    }
    return f;
}

bool filter_cascade::contains(std::string_view identity) const noexcept {
    for (std::size_t i = 0; i < levels_.size(); ++i) {
        if (!test(levels_[i], i, identity)) {
            return i % 2 == 1;
        }
    }
    return levels_.size() % 2 == 1;
}

std::string filter_cascade::serialize() const {
    std::string out(filter_magic);
    out += static_cast<char>(levels_.size());
    for (const auto& l : levels_) {
        put_u64(out, l.bits);
        out += static_cast<char>(l.hashes);
        out += l.data;
    }
    return out;
}

result<filter_cascade> filter_cascade::parse(std::string_view bytes) {
    const error_code bad = std::make_error_code(std::errc::invalid_argument);
    if (bytes.substr(0, filter_magic.size()) != filter_magic ||
        bytes.size() < filter_magic.size() + 1) {
        return bad;
    }
    std::size_t pos = filter_magic.size();
    auto n = static_cast<std::uint8_t>(bytes[pos++]);
    if (n == 0 || n > max_levels) {
        return bad;
    }
    filter_cascade f;
    for (std::uint8_t i = 0; i < n; ++i) {
        if (bytes.size() - pos < 9) {
            return bad;
        }
        level l;
        for (int b = 0; b < 8; ++b) {
            l.bits = (l.bits << 8) | static_cast<std::uint8_t>(bytes[pos++]);
        }
        l.hashes = static_cast<std::uint8_t>(bytes[pos++]);
        if (l.bits == 0 || l.hashes == 0 || l.hashes > 16 ||
            (l.bits + 7) / 8 > bytes.size() - pos) {
            return bad;
        }
        auto len = static_cast<std::size_t>((l.bits + 7) / 8);
        l.data = std::string(bytes.substr(pos, len));
        pos += len;
        f.levels_.push_back(std::move(l));
    }
    if (pos != bytes.size()) {
        return bad;
    }
    return f;
}

namespace {

// The top-level "identity" of a certificate record without parsing the credential: the record is
// {"certificate":{...},...,"identity":"<IRI>",...} as update/ writes it, so the last unescaped
// `"identity":"` is the top-level member (inside JSON strings quotes are escaped, and the
// credential comes first). nullopt when the value has escapes or the shape differs.
std::optional<std::string_view> quick_identity(std::string_view record) {
    constexpr std::string_view key = "\"identity\":\"";
    if (!record.starts_with("{\"certificate\":")) {
        return std::nullopt;
    }
    auto at = record.rfind(key);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    auto start = at + key.size();
    auto end = record.find('"', start);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view v = record.substr(start, end - start);
    // At the top level, only the record's own closing brace follows; a match inside the
    // credential is followed by at least the credential's too.
    std::string_view rest = record.substr(end);
    if (v.find('\\') != std::string_view::npos || rest.find('{') != std::string_view::npos ||
        std::count(rest.begin(), rest.end(), '}') != 1) {
        return std::nullopt;
    }
    return v;
}

}  // namespace

result<std::vector<std::string>> read_certificate_identities(const store::database& db,
                                                             std::size_t limit) {
    std::vector<std::string> out;
    bool over = false;
    auto n = db.iterate(store::cf::certificates, "", store::no_limit,
                        [&](std::string_view, std::string_view value) {
                            if (out.size() >= limit) {
                                over = true;
                                return false;
                            }
                            if (auto quick = quick_identity(value)) {
                                out.emplace_back(*quick);
                                return true;
                            }
                            auto v = json::parse(value);
                            const json::value* id = v ? v->find("identity") : nullptr;
                            // A record without an identity cannot be checked by identity: skip.
                            if (id && id->is_string()) {
                                out.push_back(id->as_string());
                            }
                            return true;
                        });
    if (!n) {
        return n.error();
    }
    if (over) {
        return std::make_error_code(std::errc::value_too_large);
    }
    return out;
}

}  // namespace certgate::crl
