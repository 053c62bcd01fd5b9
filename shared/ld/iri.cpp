#include "shared/ld/iri.hpp"

#include <algorithm>
#include <array>

namespace certgate::ld {

namespace {

bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Length of the scheme (excluding ':'), or 0 when `s` does not start with "scheme:".
std::size_t scheme_length(std::string_view s) noexcept {
    if (s.empty() || !is_alpha(s[0])) {
        return 0;
    }
    for (std::size_t i = 1; i < s.size(); ++i) {
        char c = s[i];
        if (c == ':') {
            return i;
        }
        if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.')) {
            return 0;
        }
    }
    return 0;
}

struct iri_parts {
    std::string_view scheme;  // without ':'
    bool has_scheme = false;
    std::string_view authority;
    bool has_authority = false;
    std::string_view path;
    std::string_view query;
    bool has_query = false;
    std::string_view fragment;
    bool has_fragment = false;
};

iri_parts split(std::string_view s) noexcept {
    iri_parts p;
    if (std::size_t n = scheme_length(s); n > 0) {
        p.scheme = s.substr(0, n);
        p.has_scheme = true;
        s.remove_prefix(n + 1);
    }
    if (auto h = s.find('#'); h != std::string_view::npos) {
        p.fragment = s.substr(h + 1);
        p.has_fragment = true;
        s = s.substr(0, h);
    }
    if (auto q = s.find('?'); q != std::string_view::npos) {
        p.query = s.substr(q + 1);
        p.has_query = true;
        s = s.substr(0, q);
    }
    if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
        s.remove_prefix(2);
        auto slash = s.find('/');
        p.authority = s.substr(0, slash);
        p.has_authority = true;
        s = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
    }
    p.path = s;
    return p;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    while (!in.empty()) {
        if (in.starts_with("../")) {
            in.remove_prefix(3);
        } else if (in.starts_with("./")) {
            in.remove_prefix(2);
        } else if (in.starts_with("/./")) {
            in.remove_prefix(2);
        } else if (in == "/.") {
            in = "/";
        } else if (in.starts_with("/../") || in == "/..") {
            if (in.size() == 3) {
                in = "/";
            } else {
                in.remove_prefix(3);
            }
            auto last = out.rfind('/');
            out.erase(last == std::string::npos ? 0 : last);
        } else if (in == "." || in == "..") {
            in = {};
        } else {
            std::size_t start = in[0] == '/' ? 1 : 0;
            auto next = in.find('/', start);
            if (next == std::string_view::npos) {
                next = in.size();
            }
            out.append(in.substr(0, next));
            in.remove_prefix(next);
        }
    }
    return out;
}

}  // namespace

bool is_keyword(std::string_view s) noexcept {
    static constexpr std::array<std::string_view, 29> keywords = {
        "@base",        "@container", "@context",  "@default",   "@direction", "@embed",
        "@explicit",    "@first",     "@graph",    "@id",        "@import",    "@included",
        "@index",       "@json",      "@language", "@list",      "@nest",      "@none",
        "@omitDefault", "@prefix",    "@preserve", "@propagate", "@protected", "@requireAll",
        "@reverse",     "@set",       "@type",     "@value",     "@version"};
    if (s.size() < 3 || s[0] != '@') {
        return false;
    }
    if (s == "@vocab") {
        return true;
    }
    return std::find(keywords.begin(), keywords.end(), s) != keywords.end();
}

bool has_keyword_form(std::string_view s) noexcept {
    if (s.size() < 2 || s[0] != '@') {
        return false;
    }
    return std::all_of(s.begin() + 1, s.end(), is_alpha);
}

bool is_absolute_iri(std::string_view s) noexcept {
    return scheme_length(s) > 0 || s.starts_with("_:");
}

bool is_blank_node(std::string_view s) noexcept { return s.starts_with("_:"); }

bool is_well_formed_iri(std::string_view s) noexcept {
    // Characters RDF forbids in IRIs. A table, one pass: toRdf checks every subject, predicate,
    // object and datatype IRI, so this loop runs over most of a credential's bytes.
    static constexpr std::array<bool, 256> forbidden = [] {
        std::array<bool, 256> t{};
        for (std::size_t c = 0; c <= 0x20; ++c) {
            t[c] = true;
        }
        for (char c : std::string_view("<>\"{}|\\^`")) {
            t[static_cast<unsigned char>(c)] = true;
        }
        return t;
    }();
    if (scheme_length(s) == 0) {
        return false;
    }
    bool fragment = false;
    for (char c : s) {
        if (forbidden[static_cast<unsigned char>(c)]) {
            return false;
        }
        if (c == '#') {
            if (fragment) {
                return false;  // a fragment cannot hold '#'
            }
            fragment = true;
        }
    }
    return true;
}

std::string resolve_iri(std::string_view base, std::string_view ref) {
    if (base.empty()) {
        return std::string(ref);
    }
    iri_parts r = split(ref);
    if (r.has_scheme) {
        std::string out;
        out.append(r.scheme).push_back(':');
        if (r.has_authority) {
            out.append("//").append(r.authority);
        }
        out += remove_dot_segments(r.path);
        if (r.has_query) {
            out.append("?").append(r.query);
        }
        if (r.has_fragment) {
            out.append("#").append(r.fragment);
        }
        return out;
    }
    iri_parts b = split(base);
    std::string out;
    out.append(b.scheme).push_back(':');
    std::string path;
    std::string_view authority = b.authority;
    bool has_authority = b.has_authority;
    std::string_view query = b.query;
    bool has_query = b.has_query;
    if (r.has_authority) {
        authority = r.authority;
        has_authority = true;
        path = remove_dot_segments(r.path);
        query = r.query;
        has_query = r.has_query;
    } else if (r.path.empty()) {
        path = std::string(b.path);
        if (r.has_query) {
            query = r.query;
            has_query = true;
        }
    } else {
        if (r.path[0] == '/') {
            path = remove_dot_segments(r.path);
        } else {
            std::string merged;
            if (b.has_authority && b.path.empty()) {
                merged = "/";
            } else {
                auto last = b.path.rfind('/');
                if (last != std::string_view::npos) {
                    merged = std::string(b.path.substr(0, last + 1));
                }
            }
            merged.append(r.path);
            path = remove_dot_segments(merged);
        }
        query = r.query;
        has_query = r.has_query;
    }
    if (has_authority) {
        out.append("//").append(authority);
    }
    out += path;
    if (has_query) {
        out.append("?").append(query);
    }
    if (r.has_fragment) {
        out.append("#").append(r.fragment);
    }
    return out;
}

}  // namespace certgate::ld
