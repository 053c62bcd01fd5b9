#include "shared/rdf/canonicalize.hpp"

#include "shared/rdf/nquads.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <unordered_map>

namespace certgate::rdf {
namespace {

struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
struct md_free {
    void operator()(EVP_MD* m) const noexcept { EVP_MD_free(m); }
};

// A lower-case hex digest (up to SHA-384's 48 bytes) held inline, so hashes cost no allocation.
struct hex_digest {
    std::array<char, 96> chars{};
    std::uint8_t size = 0;

    std::string_view view() const noexcept { return {chars.data(), size}; }
    friend bool operator==(const hex_digest& a, const hex_digest& b) noexcept {
        return a.view() == b.view();
    }
    friend bool operator<(const hex_digest& a, const hex_digest& b) noexcept {
        return a.view() < b.view();
    }
};

// One reusable digest context. A failure inside OpenSSL is sticky and reported once at the end
// of canonicalization (it never happens with a working libcrypto).
class hasher {
public:
    bool init(hash_algorithm alg) {
        md_.reset(EVP_MD_fetch(nullptr, alg == hash_algorithm::sha384 ? "SHA2-384" : "SHA2-256",
                               nullptr));
        ctx_.reset(EVP_MD_CTX_new());
        return md_ != nullptr && ctx_ != nullptr;
    }
    void begin() noexcept { ok_ = ok_ && EVP_DigestInit_ex2(ctx_.get(), md_.get(), nullptr) == 1; }
    void update(std::string_view s) noexcept {
        ok_ = ok_ && EVP_DigestUpdate(ctx_.get(), s.data(), s.size()) == 1;
    }
    void finish(hex_digest& out) noexcept {
        static constexpr char hex[] = "0123456789abcdef";
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        ok_ = ok_ && EVP_DigestFinal_ex(ctx_.get(), md, &len) == 1;
        if (!ok_ || len * 2 > out.chars.size()) {
            ok_ = false;
            out.size = 0;
            return;
        }
        for (unsigned int i = 0; i < len; ++i) {
            out.chars[2 * i] = hex[md[i] >> 4];
            out.chars[2 * i + 1] = hex[md[i] & 0xF];
        }
        out.size = static_cast<std::uint8_t>(len * 2);
    }
    bool ok() const noexcept { return ok_; }
    void reset_ok() noexcept { ok_ = md_ != nullptr && ctx_ != nullptr; }

private:
    std::unique_ptr<EVP_MD, md_free> md_;
    std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx_;
    bool ok_ = false;
};

// An identifier issuer over blank-node indices: which number each node got, and the order of
// issue. The prefix ("c14n" or "b") is applied when a label is written.
struct issuer {
    std::vector<std::int32_t> ids;     // per blank node: issued number, or -1
    std::vector<std::uint32_t> order;  // blank nodes in order of issue

    void reset(std::size_t n) {
        ids.assign(n, -1);
        order.clear();
    }
    std::int32_t issue(std::uint32_t b) {
        if (ids[b] < 0) {
            ids[b] = static_cast<std::int32_t>(order.size());
            order.push_back(b);
        }
        return ids[b];
    }
};

void append_label(std::string& s, std::string_view prefix, std::int32_t n) {
    s += prefix;
    char digits[16];
    auto r = std::to_chars(digits, digits + sizeof digits, n);
    s.append(digits, r.ptr);
}

// Blank nodes past this many are looked up by hash instead of linearly.
constexpr std::size_t linear_label_limit = 16;

}  // namespace

struct canonicalizer::impl {
    struct span {
        std::size_t off;
        std::size_t len;
        std::size_t quad;
        std::uint64_t key;  // the first 8 bytes, big-endian, zero-padded: orders most pairs
    };

    canon_options opts;
    hasher h;
    bool hasher_ready = false;

    // Per call; kept between calls for their capacity.
    const dataset* ds = nullptr;
    std::vector<std::string_view> labels;  // blank-node index -> input label (views into *ds)
    std::unordered_map<std::string_view, std::uint32_t> label_map;
    bool use_map = false;
    std::vector<std::array<std::int32_t, 3>> qb;  // per quad: blank index of s, o, g, or -1
    std::vector<std::uint32_t> bq_off;            // CSR: quads of blank node b are
    std::vector<std::uint32_t> bq;                //   bq[bq_off[b] .. bq_off[b + 1])
    std::vector<std::uint32_t> fill;
    std::vector<hex_digest> first;  // first-degree hash per blank node
    std::vector<std::uint32_t> order;
    issuer canon;
    std::string buf;
    std::vector<span> spans;
    std::string label_buf;
    std::vector<std::size_t> label_off;
    std::size_t work = 0;

    std::string_view view(const span& s) const noexcept { return {buf.data() + s.off, s.len}; }

    void add_span(std::size_t start, std::size_t quad) {
        std::size_t len = buf.size() - start;
        std::uint64_t key = 0;
        if (len >= 8) {
            std::uint64_t raw;
            std::memcpy(&raw, buf.data() + start, 8);
            key = std::endian::native == std::endian::little ? __builtin_bswap64(raw) : raw;
        } else {
            for (std::size_t i = 0; i < 8; ++i) {
                key = (key << 8) | (i < len ? static_cast<unsigned char>(buf[start + i]) : 0u);
            }
        }
        spans.push_back({start, len, quad, key});
    }

    void sort_spans() {
        // Zero padding sorts before every byte, so unequal keys order lines as the bytes do.
        std::sort(spans.begin(), spans.end(), [this](const span& a, const span& b) {
            if (a.key != b.key) {
                return a.key < b.key;
            }
            // Equal keys: the first 8 bytes are equal whenever both lines are that long.
            std::size_t skip = std::min<std::size_t>({a.len, b.len, 8});
            return view(a).substr(skip) < view(b).substr(skip);
        });
    }

    std::int32_t intern(std::string_view label) {
        if (use_map) {
            auto [it, inserted] =
                label_map.try_emplace(label, static_cast<std::uint32_t>(labels.size()));
            if (inserted) {
                labels.push_back(label);
            }
            return static_cast<std::int32_t>(it->second);
        }
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (labels[i] == label) {
                return static_cast<std::int32_t>(i);
            }
        }
        labels.push_back(label);
        if (labels.size() > linear_label_limit) {
            use_map = true;
            label_map.clear();
            for (std::size_t i = 0; i < labels.size(); ++i) {
                label_map.emplace(labels[i], static_cast<std::uint32_t>(i));
            }
        }
        return static_cast<std::int32_t>(labels.size() - 1);
    }

    // Checks that every quad is RDF and builds the blank-node index and quads-per-node lists.
    error_code index(const dataset& d) {
        labels.clear();
        label_map.clear();
        use_map = false;
        qb.resize(d.size());
        for (std::size_t i = 0; i < d.size(); ++i) {
            const quad& q = d[i];
            bool ok = (q.subject.type == term_type::iri || q.subject.type == term_type::blank) &&
                      q.predicate.type == term_type::iri &&
                      q.object.type != term_type::default_graph &&
                      q.graph.type != term_type::literal;
            if (!ok) {
                return errc::malformed;
            }
            auto id = [this](const term& t) {
                return t.type == term_type::blank ? intern(t.value) : -1;
            };
            qb[i] = {id(q.subject), id(q.object), id(q.graph)};
        }
        std::size_t n = labels.size();
        bq_off.assign(n + 1, 0);
        // A quad that names one blank node twice is listed once for it (a set of quads).
        auto for_each_node = [this](std::size_t i, auto&& f) {
            const auto& b = qb[i];
            if (b[0] >= 0) {
                f(b[0]);
            }
            if (b[1] >= 0 && b[1] != b[0]) {
                f(b[1]);
            }
            if (b[2] >= 0 && b[2] != b[0] && b[2] != b[1]) {
                f(b[2]);
            }
        };
        for (std::size_t i = 0; i < d.size(); ++i) {
            for_each_node(i, [this](std::int32_t b) { ++bq_off[static_cast<std::size_t>(b) + 1]; });
        }
        for (std::size_t b = 0; b < n; ++b) {
            bq_off[b + 1] += bq_off[b];
        }
        bq.resize(bq_off[n]);
        fill.assign(bq_off.begin(), bq_off.end() - 1);
        for (std::size_t i = 0; i < d.size(); ++i) {
            for_each_node(i, [this, i](std::int32_t b) {
                bq[fill[static_cast<std::size_t>(b)]++] = static_cast<std::uint32_t>(i);
            });
        }
        return {};
    }

    // Hash First Degree Quads (RDFC-1.0 4.6).
    void hash_first_degree(std::uint32_t b, hex_digest& out) {
        buf.clear();
        spans.clear();
        auto node = static_cast<std::int32_t>(b);
        for (std::uint32_t j = bq_off[b]; j < bq_off[b + 1]; ++j) {
            std::uint32_t q = bq[j];
            auto lab = [&](int k) -> std::string_view { return qb[q][k] == node ? "a" : "z"; };
            std::size_t start = buf.size();
            detail::write_quad_relabeled(buf, (*ds)[q], lab(0), lab(1), lab(2), opts.escaping);
            add_span(start, q);
        }
        sort_spans();
        h.begin();
        for (const span& s : spans) {
            h.update(view(s));
        }
        h.finish(out);
    }

    // Hash Related Blank Node (RDFC-1.0 4.7).
    void hash_related(std::uint32_t related, std::uint32_t q, int pos, const issuer& iss,
                      std::string& input, hex_digest& out) {
        input.clear();
        input.push_back("sog"[pos]);
        if (pos != 2) {
            input.push_back('<');
            input += (*ds)[q].predicate.value;
            input.push_back('>');
        }
        if (canon.ids[related] >= 0) {
            append_label(input, "_:c14n", canon.ids[related]);
        } else if (iss.ids[related] >= 0) {
            append_label(input, "_:b", iss.ids[related]);
        } else {
            input += first[related].view();
        }
        h.begin();
        h.update(input);
        h.finish(out);
    }

    static bool beyond(const std::string& path, const std::string& chosen, bool have) {
        return have && path.size() >= chosen.size() && path > chosen;
    }

    // Hash N-Degree Quads (RDFC-1.0 4.8). `iss` is the path identifier issuer: read as the
    // input, replaced by the chosen issuer on return.
    error_code hash_ndegree(std::uint32_t id, issuer& iss, hex_digest& out, std::size_t depth) {
        if (++work > opts.max_work || depth > opts.max_depth) {
            return errc::too_complex;
        }
        std::vector<std::pair<hex_digest, std::uint32_t>> hn;
        std::string input;
        for (std::uint32_t j = bq_off[id]; j < bq_off[id + 1]; ++j) {
            std::uint32_t q = bq[j];
            for (int k = 0; k < 3; ++k) {
                std::int32_t r = qb[q][k];
                if (r < 0 || r == static_cast<std::int32_t>(id)) {
                    continue;
                }
                auto related = static_cast<std::uint32_t>(r);
                hn.emplace_back();
                hash_related(related, q, k, iss, input, hn.back().first);
                hn.back().second = related;
            }
        }
        std::sort(hn.begin(), hn.end());

        std::string data;
        std::vector<std::uint32_t> perm;
        std::vector<std::uint32_t> recursion;
        std::string path;
        std::string chosen_path;
        issuer copy;
        issuer chosen;
        hex_digest sub;
        for (std::size_t i = 0; i < hn.size();) {
            std::size_t end = i;
            perm.clear();
            while (end < hn.size() && hn[end].first == hn[i].first) {
                perm.push_back(hn[end].second);
                ++end;
            }
            data += hn[i].first.view();
            // perm is sorted, so next_permutation visits every ordering once.
            chosen_path.clear();
            bool have = false;
            do {
                if (++work > opts.max_work) {
                    return errc::too_complex;
                }
                copy = iss;
                path.clear();
                recursion.clear();
                bool skip = false;
                for (std::uint32_t r : perm) {
                    if (canon.ids[r] >= 0) {
                        append_label(path, "_:c14n", canon.ids[r]);
                    } else {
                        if (copy.ids[r] < 0) {
                            recursion.push_back(r);
                        }
                        append_label(path, "_:b", copy.issue(r));
                    }
                    if (beyond(path, chosen_path, have)) {
                        skip = true;
                        break;
                    }
                }
                if (!skip) {
                    for (std::uint32_t r : recursion) {
                        if (auto ec = hash_ndegree(r, copy, sub, depth + 1)) {
                            return ec;
                        }
                        append_label(path, "_:b", copy.issue(r));
                        path.push_back('<');
                        path += sub.view();
                        path.push_back('>');
                        if (beyond(path, chosen_path, have)) {
                            skip = true;
                            break;
                        }
                    }
                }
                if (!skip && (!have || path < chosen_path)) {
                    chosen_path.swap(path);
                    std::swap(chosen, copy);
                    have = true;
                }
            } while (std::next_permutation(perm.begin(), perm.end()));
            data += chosen_path;
            std::swap(iss, chosen);
            i = end;
        }
        h.begin();
        h.update(data);
        h.finish(out);
        return {};
    }

    // Issues canonical identifiers (RDFC-1.0 4.4.3 steps 2 to 5).
    error_code issue_canonical() {
        std::size_t n = labels.size();
        canon.reset(n);
        if (n == 1) {
            // A lone blank node is c14n0 whatever its hash.
            canon.issue(0);
            return {};
        }
        first.resize(n);
        order.resize(n);
        for (std::uint32_t b = 0; b < n; ++b) {
            hash_first_degree(b, first[b]);
            order[b] = b;
        }
        std::sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
            return first[a] < first[b] || (first[a] == first[b] && a < b);
        });
        bool shared = false;
        for (std::size_t i = 0; i < n;) {
            std::size_t end = i + 1;
            while (end < n && first[order[end]] == first[order[i]]) {
                ++end;
            }
            if (end - i == 1) {
                canon.issue(order[i]);
            } else {
                shared = true;
            }
            i = end;
        }
        if (!shared) {
            return {};
        }
        std::vector<std::pair<hex_digest, issuer>> paths;
        for (std::size_t i = 0; i < n;) {
            std::size_t end = i + 1;
            while (end < n && first[order[end]] == first[order[i]]) {
                ++end;
            }
            if (end - i > 1) {
                paths.clear();
                for (std::size_t k = i; k < end; ++k) {
                    std::uint32_t b = order[k];
                    if (canon.ids[b] >= 0) {
                        continue;
                    }
                    issuer temp;
                    temp.reset(n);
                    temp.issue(b);
                    hex_digest hd;
                    if (auto ec = hash_ndegree(b, temp, hd, 1)) {
                        return ec;
                    }
                    paths.emplace_back(hd, std::move(temp));
                }
                std::stable_sort(paths.begin(), paths.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                for (const auto& p : paths) {
                    for (std::uint32_t b : p.second.order) {
                        canon.issue(b);
                    }
                }
            }
            i = end;
        }
        return {};
    }

    error_code run(const dataset& d, canonical_result& out) {
        ds = &d;
        work = 0;
        h.reset_ok();
        if (!hasher_ready) {
            return errc::hash_failure;
        }
        if (auto ec = index(d)) {
            return ec;
        }
        if (auto ec = issue_canonical()) {
            return ec;
        }
        std::size_t n = labels.size();
        label_buf.clear();
        label_off.resize(n + 1);
        for (std::size_t b = 0; b < n; ++b) {
            label_off[b] = label_buf.size();
            append_label(label_buf, "c14n", canon.ids[b]);
        }
        label_off[n] = label_buf.size();
        auto label = [this](std::int32_t b) -> std::string_view {
            if (b < 0) {
                return {};
            }
            auto i = static_cast<std::size_t>(b);
            return {label_buf.data() + label_off[i], label_off[i + 1] - label_off[i]};
        };
        buf.clear();
        spans.clear();
        for (std::size_t q = 0; q < d.size(); ++q) {
            std::size_t start = buf.size();
            detail::write_quad_relabeled(buf, d[q], label(qb[q][0]), label(qb[q][1]),
                                         label(qb[q][2]), opts.escaping);
            add_span(start, q);
        }
        sort_spans();
        // Canonical labels are distinct, so equal lines mean equal input quads. Duplicates are
        // rare; when present, canonicalize again without them (they change the hashes).
        bool duplicates = false;
        for (std::size_t i = 1; i < spans.size() && !duplicates; ++i) {
            duplicates = view(spans[i]) == view(spans[i - 1]);
        }
        if (duplicates) {
            std::vector<bool> drop(d.size(), false);
            for (std::size_t i = 1; i < spans.size(); ++i) {
                if (view(spans[i]) == view(spans[i - 1])) {
                    drop[spans[i].quad] = true;
                }
            }
            dataset unique;
            unique.reserve(d.size());
            for (std::size_t q = 0; q < d.size(); ++q) {
                if (!drop[q]) {
                    unique.push_back(d[q]);
                }
            }
            auto ec = run(unique, out);
            ds = nullptr;
            labels.clear();
            label_map.clear();
            return ec;
        }
        out.nquads.resize(buf.size());
        char* p = out.nquads.data();
        for (const span& s : spans) {
            std::memcpy(p, buf.data() + s.off, s.len);
            p += s.len;
        }
        out.issued.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            out.issued[i].first.assign(labels[canon.order[i]]);
            out.issued[i].second.clear();
            append_label(out.issued[i].second, "c14n", static_cast<std::int32_t>(i));
        }
        out.work = work;
        // Drop the views into the caller's dataset.
        ds = nullptr;
        labels.clear();
        label_map.clear();
        if (!h.ok()) {
            return errc::hash_failure;
        }
        return {};
    }
};

canonicalizer::canonicalizer(const canon_options& opts) : impl_(std::make_unique<impl>()) {
    impl_->opts = opts;
    impl_->hasher_ready = impl_->h.init(opts.hash);
}

canonicalizer::~canonicalizer() = default;
canonicalizer::canonicalizer(canonicalizer&&) noexcept = default;
canonicalizer& canonicalizer::operator=(canonicalizer&&) noexcept = default;

error_code canonicalizer::canonicalize(const dataset& ds, canonical_result& out) {
    return impl_->run(ds, out);
}

result<canonical_result> canonicalizer::canonicalize(const dataset& ds) {
    canonical_result out;
    if (auto ec = impl_->run(ds, out)) {
        return ec;
    }
    return out;
}

result<canonical_result> canonicalize(const dataset& ds, const canon_options& opts) {
    canonicalizer c(opts);
    return c.canonicalize(ds);
}

}  // namespace certgate::rdf
