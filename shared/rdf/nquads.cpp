#include "shared/rdf/nquads.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

namespace certgate::rdf {
namespace {

constexpr char32_t bad_cp = 0xFFFFFFFF;

bool is_hex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return static_cast<unsigned>(c - '0');
    }
    if (c >= 'a' && c <= 'f') {
        return static_cast<unsigned>(c - 'a' + 10);
    }
    return static_cast<unsigned>(c - 'A' + 10);
}

bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Decodes one UTF-8 sequence at p (p < end), advancing p; bad_cp for invalid UTF-8
// (overlong forms, surrogates, beyond U+10FFFF, truncation).
char32_t decode_utf8(const char*& p, const char* end) noexcept {
    auto b0 = static_cast<unsigned char>(*p);
    if (b0 < 0x80) {
        ++p;
        return b0;
    }
    int n = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 1;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 2;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 3;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return bad_cp;
    }
    if (end - p <= n) {
        return bad_cp;
    }
    for (int i = 1; i <= n; ++i) {
        auto b = static_cast<unsigned char>(p[i]);
        if ((b & 0xC0) != 0x80) {
            return bad_cp;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return bad_cp;
    }
    p += n + 1;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Characters that IRIREF forbids, escaped or not.
bool iri_forbidden(char32_t cp) noexcept {
    if (cp <= 0x20) {
        return true;
    }
    switch (cp) {
        case '<':
        case '>':
        case '"':
        case '{':
        case '}':
        case '|':
        case '^':
        case '`':
        case '\\':
            return true;
        default:
            return false;
    }
}

bool pn_chars_base(char32_t c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
           (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
           (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
           (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
           (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

bool pn_chars_u(char32_t c) noexcept { return pn_chars_base(c) || c == '_' || c == ':'; }

bool pn_chars(char32_t c) noexcept {
    return pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
           (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

class reader {
public:
    explicit reader(std::string_view text) noexcept
        : p_(text.data()), end_(text.data() + text.size()) {}

    bool parse(dataset& out) {
        while (true) {
            skip_ws();
            if (p_ == end_) {
                return true;
            }
            char c = *p_;
            if (c == '#') {
                skip_comment();
                continue;
            }
            if (c == '\n' || c == '\r') {
                eol();
                continue;
            }
            quad q;
            if (!statement(q)) {
                return false;
            }
            out.push_back(std::move(q));
            // A statement ends its line: only blanks and a comment may follow it.
            skip_ws();
            if (p_ != end_ && *p_ == '#') {
                skip_comment();
            }
            if (p_ != end_ && *p_ != '\n' && *p_ != '\r') {
                return false;
            }
        }
    }

    std::size_t line() const noexcept { return line_; }

private:
    void skip_ws() noexcept {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\t')) {
            ++p_;
        }
    }
    void skip_comment() noexcept {
        while (p_ != end_ && *p_ != '\n' && *p_ != '\r') {
            ++p_;
        }
    }
    void eol() noexcept {
        if (*p_ == '\r' && end_ - p_ > 1 && p_[1] == '\n') {
            ++p_;
        }
        ++p_;
        ++line_;
    }

    bool statement(quad& q) {
        if (!subject_or_graph(q.subject)) {
            return false;
        }
        skip_ws();
        if (p_ == end_ || *p_ != '<' || !iri(q.predicate)) {
            return false;
        }
        skip_ws();
        if (p_ == end_) {
            return false;
        }
        if (*p_ == '"') {
            if (!literal(q.object)) {
                return false;
            }
        } else if (!subject_or_graph(q.object)) {
            return false;
        }
        skip_ws();
        if (p_ == end_) {
            return false;
        }
        if (*p_ != '.') {
            if (!subject_or_graph(q.graph)) {
                return false;
            }
            skip_ws();
            if (p_ == end_ || *p_ != '.') {
                return false;
            }
        }
        ++p_;
        return true;
    }

    bool subject_or_graph(term& t) {
        if (p_ == end_) {
            return false;
        }
        if (*p_ == '<') {
            return iri(t);
        }
        if (*p_ == '_') {
            return blank(t);
        }
        return false;
    }

    // \uXXXX or \UXXXXXXXX with p_ at the 'u' or 'U'.
    char32_t uchar() noexcept {
        int n = *p_ == 'u' ? 4 : 8;
        ++p_;
        if (end_ - p_ < n) {
            return bad_cp;
        }
        char32_t cp = 0;
        for (int i = 0; i < n; ++i) {
            if (!is_hex(p_[i])) {
                return bad_cp;
            }
            cp = (cp << 4) | hex_value(p_[i]);
        }
        p_ += n;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return bad_cp;
        }
        return cp;
    }

    bool iri(term& t) {
        t.type = term_type::iri;
        std::string& v = t.value;
        ++p_;  // '<'
        const char* run = p_;
        while (true) {
            if (p_ == end_) {
                return false;
            }
            auto b = static_cast<unsigned char>(*p_);
            if (b == '>') {
                v.append(run, p_);
                ++p_;
                return true;
            }
            if (b == '\\') {
                v.append(run, p_);
                ++p_;
                if (p_ == end_ || (*p_ != 'u' && *p_ != 'U')) {
                    return false;
                }
                char32_t cp = uchar();
                if (cp == bad_cp || iri_forbidden(cp)) {
                    return false;
                }
                append_utf8(v, cp);
                run = p_;
            } else if (b < 0x80) {
                if (iri_forbidden(b)) {
                    return false;
                }
                ++p_;
            } else if (decode_utf8(p_, end_) == bad_cp) {
                return false;
            }
        }
    }

    bool blank(term& t) {
        t.type = term_type::blank;
        if (end_ - p_ < 3 || p_[1] != ':') {
            return false;
        }
        p_ += 2;
        const char* start = p_;
        char32_t c = decode_utf8(p_, end_);
        if (c == bad_cp || !(pn_chars_u(c) || (c >= '0' && c <= '9'))) {
            return false;
        }
        const char* last_ok = p_;  // end of the label so far without a trailing '.'
        while (p_ != end_) {
            const char* at = p_;
            c = decode_utf8(p_, end_);
            if (c == '.') {
                continue;
            }
            if (c == bad_cp || !pn_chars(c)) {
                p_ = at;
                break;
            }
            last_ok = p_;
        }
        // A label cannot end in '.': trailing dots belong to the statement.
        p_ = last_ok;
        t.value.assign(start, last_ok);
        return true;
    }

    bool literal(term& t) {
        t.type = term_type::literal;
        std::string& v = t.value;
        ++p_;  // '"'
        const char* run = p_;
        while (true) {
            if (p_ == end_) {
                return false;
            }
            auto b = static_cast<unsigned char>(*p_);
            if (b == '"') {
                v.append(run, p_);
                ++p_;
                break;
            }
            if (b == '\\') {
                v.append(run, p_);
                ++p_;
                if (p_ == end_) {
                    return false;
                }
                char e = *p_;
                switch (e) {
                    case 't':
                        v.push_back('\t');
                        break;
                    case 'b':
                        v.push_back('\b');
                        break;
                    case 'n':
                        v.push_back('\n');
                        break;
                    case 'r':
                        v.push_back('\r');
                        break;
                    case 'f':
                        v.push_back('\f');
                        break;
                    case '"':
                        v.push_back('"');
                        break;
                    case '\'':
                        v.push_back('\'');
                        break;
                    case '\\':
                        v.push_back('\\');
                        break;
                    case 'u':
                    case 'U': {
                        char32_t cp = uchar();
                        if (cp == bad_cp) {
                            return false;
                        }
                        append_utf8(v, cp);
                        run = p_;
                        continue;
                    }
                    default:
                        return false;
                }
                ++p_;
                run = p_;
            } else if (b < 0x80) {
                if (b == '\n' || b == '\r') {
                    return false;
                }
                ++p_;
            } else if (decode_utf8(p_, end_) == bad_cp) {
                return false;
            }
        }
        if (p_ != end_ && *p_ == '@') {
            ++p_;
            const char* start = p_;
            if (p_ == end_ || !is_alpha(*p_)) {
                return false;
            }
            while (p_ != end_ && is_alpha(*p_)) {
                ++p_;
            }
            while (p_ != end_ && *p_ == '-') {
                ++p_;
                if (p_ == end_ || !(is_alpha(*p_) || is_digit(*p_))) {
                    return false;
                }
                while (p_ != end_ && (is_alpha(*p_) || is_digit(*p_))) {
                    ++p_;
                }
            }
            t.language.assign(start, p_);
            t.datatype = rdf_lang_string;
        } else if (p_ != end_ && *p_ == '^') {
            if (end_ - p_ < 3 || p_[1] != '^' || p_[2] != '<') {
                return false;
            }
            p_ += 2;
            term dt;
            if (!iri(dt)) {
                return false;
            }
            t.datatype = std::move(dt.value);
        } else {
            t.datatype = xsd_string;
        }
        return true;
    }

    const char* p_;
    const char* end_;
    std::size_t line_ = 1;
};

// Serialization computes each line's exact size, grows the string once, then fills it: far
// cheaper than appending piece by piece, and canonicalization writes every quad several times.

using escape_table = std::array<std::uint8_t, 256>;

// Extra bytes each byte takes in a literal: 1 for an ECHAR, 5 for \u00XX, else 0.
constexpr escape_table rdfc10_escapes = [] {
    escape_table t{};
    for (int c = 0; c < 0x20; ++c) {
        t[c] = 5;
    }
    t[0x7F] = 5;
    for (int c : {'\b', '\t', '\n', '\f', '\r', '"', '\\'}) {
        t[c] = 1;
    }
    return t;
}();

constexpr escape_table legacy_escapes = [] {
    escape_table t{};
    for (int c : {'\n', '\r', '"', '\\'}) {
        t[c] = 1;
    }
    return t;
}();

const escape_table& table(literal_escaping e) noexcept {
    return e == literal_escaping::legacy ? legacy_escapes : rdfc10_escapes;
}

std::size_t escaped_size(std::string_view v, const escape_table& extra) noexcept {
    std::size_t n = v.size();
    for (char ch : v) {
        n += extra[static_cast<unsigned char>(ch)];
    }
    return n;
}

char* put(char* p, std::string_view s) noexcept {
    if (!s.empty()) {
        std::memcpy(p, s.data(), s.size());
    }
    return p + s.size();
}

char* put_escaped(char* p, std::string_view v, const escape_table& extra) noexcept {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char ch : v) {
        auto c = static_cast<unsigned char>(ch);
        if (extra[c] == 0) {
            *p++ = ch;
            continue;
        }
        *p++ = '\\';
        switch (c) {
            case '\b':
                *p++ = 'b';
                break;
            case '\t':
                *p++ = 't';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\f':
                *p++ = 'f';
                break;
            case '\r':
                *p++ = 'r';
                break;
            case '"':
                *p++ = '"';
                break;
            case '\\':
                *p++ = '\\';
                break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = hex[c >> 4];
                *p++ = hex[c & 0xF];
        }
    }
    return p;
}

constexpr std::string_view xsd_string_iri = xsd_string;

bool has_datatype(const term& t) noexcept {
    return t.language.empty() && !t.datatype.empty() &&
           std::string_view(t.datatype) != xsd_string_iri;
}

// Size of a term as written; `escaped` is the literal's escaped size, `dt` its has_datatype().
std::size_t term_size(const term& t, std::string_view label, std::size_t escaped,
                      bool dt) noexcept {
    switch (t.type) {
        case term_type::default_graph:
            return 0;
        case term_type::iri:
            return t.value.size() + 2;
        case term_type::blank:
            return label.size() + 2;
        case term_type::literal:
            if (!t.language.empty()) {
                return escaped + 3 + t.language.size();
            }
            return escaped + 2 + (dt ? t.datatype.size() + 4 : 0);
    }
    return 0;
}

char* put_term(char* p, const term& t, std::string_view label, bool plain, bool dt,
               const escape_table& extra) noexcept {
    switch (t.type) {
        case term_type::default_graph:
            return p;
        case term_type::iri:
            *p++ = '<';
            p = put(p, t.value);
            *p++ = '>';
            return p;
        case term_type::blank:
            *p++ = '_';
            *p++ = ':';
            return put(p, label);
        case term_type::literal:
            *p++ = '"';
            p = plain ? put(p, t.value) : put_escaped(p, t.value, extra);
            *p++ = '"';
            if (!t.language.empty()) {
                *p++ = '@';
                p = put(p, t.language);
            } else if (dt) {
                p = put(p, "^^<");
                p = put(p, t.datatype);
                *p++ = '>';
            }
            return p;
    }
    return p;
}

void write_term_relabeled(std::string& out, const term& t, std::string_view label) {
    bool literal = t.type == term_type::literal;
    std::size_t escaped = literal ? escaped_size(t.value, rdfc10_escapes) : 0;
    bool dt = literal && has_datatype(t);
    std::size_t old = out.size();
    out.resize(old + term_size(t, label, escaped, dt));
    put_term(out.data() + old, t, label, escaped == t.value.size(), dt, rdfc10_escapes);
}

}  // namespace

result<dataset> parse_nquads(std::string_view text, std::size_t* error_line) {
    dataset out;
    reader r(text);
    if (!r.parse(out)) {
        if (error_line != nullptr) {
            *error_line = r.line();
        }
        return errc::malformed;
    }
    return out;
}

void write_term(std::string& out, const term& t) { write_term_relabeled(out, t, t.value); }

void write_quad(std::string& out, const quad& q, literal_escaping escaping) {
    detail::write_quad_relabeled(out, q, q.subject.value, q.object.value, q.graph.value, escaping);
}

std::string to_nquads(const dataset& ds, literal_escaping escaping) {
    std::string out;
    for (const quad& q : ds) {
        write_quad(out, q, escaping);
    }
    return out;
}

namespace detail {

void write_escaped_literal(std::string& out, std::string_view lexical, literal_escaping escaping) {
    const escape_table& extra = table(escaping);
    std::size_t old = out.size();
    out.resize(old + escaped_size(lexical, extra));
    put_escaped(out.data() + old, lexical, extra);
}

void write_quad_relabeled(std::string& out, const quad& q, std::string_view s, std::string_view o,
                          std::string_view g, literal_escaping escaping) {
    const escape_table& extra = table(escaping);
    // Any term kind may sit in any position here (the model does not forbid it), so each size
    // is computed the same general way.
    const term* terms[4] = {&q.subject, &q.predicate, &q.object, &q.graph};
    std::string_view labels[4] = {s, q.predicate.value, o, g};
    std::size_t escaped[4];
    bool dt[4];
    std::size_t n = 3;  // " .\n", plus a separator before each written term after the first
    for (int i = 0; i < 4; ++i) {
        const term& t = *terms[i];
        bool literal = t.type == term_type::literal;
        escaped[i] = literal ? escaped_size(t.value, extra) : 0;
        dt[i] = literal && has_datatype(t);
        std::size_t size = term_size(t, labels[i], escaped[i], dt[i]);
        n += size + (i > 0 && size > 0 ? 1 : 0);
    }
    std::size_t old = out.size();
    out.resize(old + n);
    char* p = out.data() + old;
    for (int i = 0; i < 4; ++i) {
        const term& t = *terms[i];
        if (t.type == term_type::default_graph) {
            continue;
        }
        if (i > 0) {
            *p++ = ' ';
        }
        p = put_term(p, t, labels[i], escaped[i] == t.value.size(), dt[i], extra);
    }
    put(p, " .\n");
}

}  // namespace detail
}  // namespace certgate::rdf
