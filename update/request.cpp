#include "update/request.hpp"

#include "crl/revocation.hpp"
#include "shared/json/parse.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>
#include <utility>

namespace certgate::update {

namespace {

enum class format { none, date, date_time };

// JSON Schema's minLength counts code points; the parser guarantees valid UTF-8, so counting the
// bytes that do not continue a sequence is exact.
std::size_t code_points(std::string_view s) noexcept {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control_character(std::string_view s) noexcept {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

std::string join(std::string_view prefix, std::string_view key) {
    if (prefix.empty()) {
        return std::string(key);
    }
    std::string p(prefix);
    p += '.';
    p += key;
    return p;
}

// Checks one request item. Records the first failure only: later checks become no-ops, so the
// answer names the first field in schema order.
class item_checker {
public:
    explicit item_checker(std::size_t index) : index_(index) {}

    bool ok() const noexcept { return !error_; }
    api_error take_error() { return std::move(*error_); }

    bool fail(std::string path, std::string message) {
        if (!error_) {
            error_ = item_error(index_, std::move(path), std::move(message));
        }
        return false;
    }

    // The member `key` of `obj`, or nullptr. A missing required member is a failure.
    const json::value* member(const json::value& obj, std::string_view key, std::string_view prefix,
                              bool required) {
        if (!ok()) {
            return nullptr;
        }
        const json::value* v = obj.find(key);
        if (!v && required) {
            fail(join(prefix, key), "is required");
        }
        return v;
    }

    // An object member; nullptr when absent (or on failure).
    const json::value* object(const json::value& obj, std::string_view key, std::string_view prefix,
                              bool required) {
        const json::value* v = member(obj, key, prefix, required);
        if (v && !v->is_object()) {
            fail(join(prefix, key), "must be an object");
            return nullptr;
        }
        return v;
    }

    // A string member copied into `out` (left empty when absent, or null where `nullable`).
    void string(const json::value& obj, std::string_view key, std::string_view prefix,
                bool required, std::size_t min_length, std::string& out, format fmt = format::none,
                bool nullable = false) {
        const json::value* v = member(obj, key, prefix, required);
        if (!v) {
            return;
        }
        if (nullable && v->is_null()) {
            return;
        }
        if (!v->is_string()) {
            fail(join(prefix, key), "must be a string");
            return;
        }
        const std::string& s = v->as_string();
        if (has_control_character(s)) {
            // Certificates must canonicalize alike in every verifier: DIVOC's jsonld.js (before
            // RDFC-1.0) writes control characters raw where RDFC-1.0 escapes them, so a
            // certificate holding one would verify in one and fail in the other.
            fail(join(prefix, key), "must not contain control characters");
            return;
        }
        if (code_points(s) < min_length) {
            fail(join(prefix, key),
                 min_length == 1
                     ? "must not be empty"
                     : "must be at least " + std::to_string(min_length) + " characters long");
            return;
        }
        switch (fmt) {
            case format::none:
                out = s;
                break;
            case format::date:
                if (!is_full_date(s)) {
                    fail(join(prefix, key), "must be a date (YYYY-MM-DD)");
                    return;
                }
                out = s;
                break;
            case format::date_time: {
                // RFC 3339 date-time. Stored in one form (UTC, milliseconds): the form DIVOC's
                // Go services marshal and its revocation check parses.
                auto ms = crl::parse_time_ms(s);
                if (!ms || !is_full_date(std::string_view(s).substr(0, 10))) {
                    fail(join(prefix, key),
                         "must be a date-time (RFC 3339, e.g. 2020-12-02T19:21:18.646Z)");
                    return;
                }
                out = crl::format_time_ms(*ms);
                break;
            }
        }
    }

    void string_array(const json::value& obj, std::string_view key, std::string_view prefix,
                      bool required, std::size_t min_length, std::vector<std::string>& out) {
        const json::value* v = member(obj, key, prefix, required);
        if (!v) {
            return;
        }
        std::string path = join(prefix, key);
        if (!v->is_array()) {
            fail(path, "must be an array");
            return;
        }
        const json::array& a = v->as_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            std::string ipath = path + "[" + std::to_string(i) + "]";
            if (!a[i].is_string()) {
                fail(ipath, "must be a string");
                return;
            }
            if (code_points(a[i].as_string()) < min_length) {
                fail(ipath, "must not be empty");
                return;
            }
            out.push_back(a[i].as_string());
        }
    }

    // dose / totalDoses: a JSON number that is an integer from 1 to max_dose.
    void dose(const json::value& obj, std::string_view key, std::string_view prefix,
              std::uint32_t& out) {
        const json::value* v = member(obj, key, prefix, true);
        if (!v) {
            return;
        }
        if (!v->is_number()) {
            fail(join(prefix, key), "must be a number");
            return;
        }
        double d = v->as_number();
        if (!v->is_integral() || d < 1 || d > max_dose) {
            fail(join(prefix, key), "must be an integer from 1 to " + std::to_string(max_dose));
            return;
        }
        out = static_cast<std::uint32_t>(d);
    }

    void address(const json::value& parent, std::string_view prefix, bool required,
                 std::size_t pincode_min, postal_address& out) {
        const json::value* a = object(parent, "address", prefix, required);
        if (!a) {
            return;
        }
        std::string p = join(prefix, "address");
        string(*a, "addressLine1", p, true, 0, out.line1);
        string(*a, "addressLine2", p, false, 0, out.line2);
        string(*a, "district", p, true, 1, out.district);
        // Not in the yaml, but DIVOC's templates map it (certificateOptionalFieldsKeyPaths).
        string(*a, "city", p, false, 0, out.city);
        string(*a, "state", p, true, 1, out.state);
        string(*a, "country", p, false, 2, out.country);
        string(*a, "pincode", p, true, pincode_min, out.pincode);
    }

private:
    std::size_t index_;
    std::optional<api_error> error_;
};

outcome<certification_request> parse_item(const json::value& item, std::size_t index,
                                          api_version version) {
    item_checker c(index);
    if (!item.is_object()) {
        c.fail("", "must be an object");
        return c.take_error();
    }
    const bool v1 = version == api_version::v1;
    certification_request r;
    c.string(item, "preEnrollmentCode", "", true, 1, r.pre_enrollment_code);
    if (c.ok() && r.pre_enrollment_code.find('\0') != std::string::npos) {
        c.fail("preEnrollmentCode", "must not contain a NUL character");
    }
    c.string(item, "enrollmentType", "", false, 1, r.enrollment_type);
    c.string(item, "programId", "", false, 1, r.program_id);
    c.string_array(item, "comorbidities", "", false, 0, r.comorbidities);

    if (const json::value* rec = c.object(item, "recipient", "", true)) {
        recipient_info& p = r.recipient;
        c.string(*rec, "name", "recipient", true, 1, p.name);
        c.string(*rec, "dob", "recipient", false, 0, p.dob, format::date, true);
        c.string(*rec, "age", "recipient", false, 1, p.age);
        c.string(*rec, "gender", "recipient", v1, 1, p.gender);
        c.string(*rec, "nationality", "recipient", true, 1, p.nationality);
        c.string(*rec, "identity", "recipient", true, 1, p.identity);
        c.string_array(*rec, "contact", "recipient", true, 1, p.contact);
        c.address(*rec, "recipient", v1, 0, p.address);
    }
    if (const json::value* vac = c.object(item, "vaccination", "", true)) {
        vaccination_info& v = r.vaccination;
        c.string(*vac, "name", "vaccination", true, 0, v.name);
        c.string(*vac, "batch", "vaccination", false, 0, v.batch);
        c.string(*vac, "manufacturer", "vaccination", true, 0, v.manufacturer);
        c.string(*vac, "date", "vaccination", true, 0, v.date, format::date_time);
        c.string(*vac, "effectiveStart", "vaccination", true, 0, v.effective_start, format::date);
        c.string(*vac, "effectiveUntil", "vaccination", true, 0, v.effective_until, format::date);
        c.dose(*vac, "dose", "vaccination", v.dose);
        c.dose(*vac, "totalDoses", "vaccination", v.total_doses);
    }
    if (const json::value* vr = c.object(item, "vaccinator", "", v1)) {
        c.string(*vr, "name", "vaccinator", true, 1, r.vaccinator_name);
    }
    if (const json::value* f = c.object(item, "facility", "", true)) {
        c.string(*f, "name", "facility", true, 1, r.facility.name);
        c.address(*f, "facility", v1, 1, r.facility.address);
    }
    c.object(item, "meta", "", false);
    if (!c.ok()) {
        return c.take_error();
    }
    return r;
}

bool parse_uint(std::string_view s, std::uint64_t& out) noexcept {
    if (s.empty() || s.size() > 10) {
        return false;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

bool is_full_date(std::string_view s) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    auto num = [&](std::size_t pos, std::size_t n) {
        int v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)},
                                    std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                    std::chrono::day{static_cast<unsigned>(num(8, 2))}};
    return ymd.ok();
}

outcome<std::vector<certification_request>> parse_requests(const json::value& body,
                                                           api_version version,
                                                           const request_options& opts) {
    if (!body.is_array()) {
        return make_error(errc::invalid_request, "the body must be a JSON array of requests");
    }
    const json::array& items = body.as_array();
    if (items.empty()) {
        return make_error(errc::invalid_request, "the body holds no requests");
    }
    if (items.size() > opts.max_items) {
        return make_error(errc::invalid_request, "the body holds " + std::to_string(items.size()) +
                                                     " requests; the limit is " +
                                                     std::to_string(opts.max_items));
    }
    std::vector<certification_request> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto r = parse_item(items[i], i, version);
        if (!r) {
            return r.error();
        }
        out.push_back(std::move(*r));
    }
    return out;
}

outcome<std::vector<certification_request>> parse_requests(std::string_view body,
                                                           api_version version,
                                                           const request_options& opts) {
    auto v = json::parse(body);
    if (!v) {
        return make_error(errc::invalid_request,
                          "the body is not acceptable JSON: " + v.error().message());
    }
    return parse_requests(*v, version, opts);
}

std::string subject_iri(std::string_view identity, std::string_view did) {
    // RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
    auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    bool has_scheme = false;
    if (!identity.empty() && is_alpha(identity[0])) {
        for (std::size_t i = 1; i < identity.size(); ++i) {
            char c = identity[i];
            if (c == ':') {
                has_scheme = true;
                break;
            }
            if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                break;
            }
        }
    }
    std::string out;
    if (!has_scheme) {
        out.append(did);
        out += ':';
    }
    auto is_hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    static constexpr char hex[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < identity.size(); ++i) {
        auto u = static_cast<unsigned char>(identity[i]);
        bool stray_percent = u == '%' && !(i + 2 < identity.size() && is_hex(identity[i + 1]) &&
                                           is_hex(identity[i + 2]));
        bool bad = u <= 0x20 || u == 0x7F || u == '<' || u == '>' || u == '"' || u == '{' ||
                   u == '}' || u == '|' || u == '\\' || u == '^' || u == '`' || stray_percent;
        if (bad) {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        } else {
            out += static_cast<char>(u);
        }
    }
    return out;
}

outcome<dose_selection> parse_dose_selection(std::optional<std::string_view> doses,
                                             std::optional<std::string_view> all_doses) {
    if (doses && all_doses) {
        return api_error{errc::invalid_request, "give either doses or allDoses, not both",
                         std::nullopt, "doses"};
    }
    if (!doses && !all_doses) {
        return api_error{errc::invalid_request, "give doses (e.g. doses=1,2) or allDoses=true",
                         std::nullopt, "doses"};
    }
    dose_selection sel;
    if (all_doses) {
        if (*all_doses != "true") {
            return api_error{errc::invalid_request,
                             "allDoses must be true (select doses with the doses parameter)",
                             std::nullopt, "allDoses"};
        }
        sel.all = true;
        return sel;
    }
    std::string_view rest = *doses;
    while (true) {
        std::size_t comma = rest.find(',');
        std::string_view part = rest.substr(0, comma);
        std::uint64_t d = 0;
        if (!parse_uint(part, d) || d < 1 || d > max_dose) {
            return api_error{errc::invalid_request,
                             "doses must be a comma-separated list of integers from 1 to " +
                                 std::to_string(max_dose),
                             std::nullopt, "doses"};
        }
        sel.doses.push_back(static_cast<std::uint32_t>(d));
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    std::sort(sel.doses.begin(), sel.doses.end());
    if (std::adjacent_find(sel.doses.begin(), sel.doses.end()) != sel.doses.end()) {
        return api_error{errc::invalid_request, "doses must not repeat", std::nullopt, "doses"};
    }
    for (std::size_t i = 1; i < sel.doses.size(); ++i) {
        if (sel.doses[i] != sel.doses[i - 1] + 1) {
            return api_error{errc::invalid_request,
                             "doses must be contiguous, from the lowest dose to revoke up to the "
                             "latest dose",
                             std::nullopt, "doses"};
        }
    }
    return sel;
}

outcome<std::optional<std::int64_t>> parse_suspension(std::string_view body) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return std::optional<std::int64_t>();
    }
    auto v = json::parse(body);
    if (!v || !v->is_object()) {
        return make_error(errc::invalid_request,
                          "the body must be empty or a JSON object like {\"until\":\"...\"}");
    }
    const json::value* until = v->find("until");
    if (!until || until->is_null()) {
        return std::optional<std::int64_t>();
    }
    auto ms = until->is_string() ? crl::parse_time_ms(until->as_string()) : std::nullopt;
    if (!ms) {
        return api_error{errc::invalid_request,
                         "until must be a date-time (RFC 3339, e.g. 2022-01-05T17:43:40.699Z)",
                         std::nullopt, "until"};
    }
    return std::optional<std::int64_t>(*ms);
}

}  // namespace certgate::update
