#include "crl/revocation.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace certgate::crl {

std::string_view reason_name(reason r) noexcept {
    switch (r) {
        case reason::updated:
            return "updated";
        case reason::revoked:
            return "revoked";
        case reason::suspended:
            return "suspended";
    }
    return "revoked";
}

std::optional<reason> parse_reason(std::string_view s) noexcept {
    if (s == "updated") {
        return reason::updated;
    }
    if (s == "revoked") {
        return reason::revoked;
    }
    if (s == "suspended") {
        return reason::suspended;
    }
    return std::nullopt;
}

std::string format_time_ms(std::int64_t ms) {
    using namespace std::chrono;
    sys_time<milliseconds> tp{milliseconds{ms}};
    auto day = floor<days>(tp);
    year_month_day ymd{day};
    hh_mm_ss hms{tp - day};
    char buf[64];  // generous: the compiler cannot bound the year's width
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long long>(hms.hours().count()),
                  static_cast<long long>(hms.minutes().count()),
                  static_cast<long long>(hms.seconds().count()),
                  static_cast<long long>(hms.subseconds().count()));
    return buf;
}

namespace {
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}
}  // namespace

std::optional<std::int64_t> parse_time_ms(std::string_view s) {
    using namespace std::chrono;
    int y, mo, d, h, mi, sec;
    if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, sec)) {
        return std::nullopt;
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    std::int64_t frac_ms = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        int scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            frac_ms += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    std::int64_t offset_min = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om)) {
            return std::nullopt;
        }
        offset_min = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - minutes{offset_min};
    return duration_cast<milliseconds>(tp.time_since_epoch()).count() + frac_ms;
}

json::value to_json(const revocation& r) {
    json::value v{json::object{}};
    v.set("id", r.identity);
    v.set("certificateId", r.certificate_id);
    v.set("revokedAt", format_time_ms(r.revoked_at_ms));
    v.set("reason", std::string(reason_name(r.why)));
    if (!r.replaced_by.empty()) {
        v.set("replacedBy", r.replaced_by);
    }
    if (r.until_ms) {
        v.set("until", format_time_ms(*r.until_ms));
    }
    v.set("seq", static_cast<std::uint64_t>(r.seq));
    return v;
}

result<revocation> revocation_from_json(const json::value& v) {
    auto bad = std::make_error_code(std::errc::invalid_argument);
    const json::value* id = v.find("id");
    const json::value* cid = v.find("certificateId");
    const json::value* at = v.find("revokedAt");
    const json::value* why = v.find("reason");
    const json::value* seq = v.find("seq");
    if (!id || !id->is_string() || !cid || !cid->is_string() || !at || !at->is_string() || !why ||
        !why->is_string() || !seq || !seq->is_integral()) {
        return bad;
    }
    revocation r;
    r.identity = id->as_string();
    r.certificate_id = cid->as_string();
    auto at_ms = parse_time_ms(at->as_string());
    auto reason_v = parse_reason(why->as_string());
    if (!at_ms || !reason_v) {
        return bad;
    }
    r.revoked_at_ms = *at_ms;
    r.why = *reason_v;
    r.seq = static_cast<std::uint64_t>(seq->as_number());
    if (const json::value* rb = v.find("replacedBy")) {
        if (!rb->is_string()) {
            return bad;
        }
        r.replaced_by = rb->as_string();
    }
    if (const json::value* until = v.find("until")) {
        auto u = until->is_string() ? parse_time_ms(until->as_string()) : std::nullopt;
        if (!u) {
            return bad;
        }
        r.until_ms = *u;
    }
    return r;
}

}  // namespace certgate::crl
