// File: update/request.hpp
// DIVOC's certification requests (CertificationRequest for /v1, CertificationRequestV2 for /v3)
// validated into owned structs, and the dose selection of DELETE /certificates/{code}. Rules come
// from vaccination-api.yaml; enrollmentType and programId are optional (see DESIGN.md). A failure
// names the item index and the field path. Pure functions: thread-safe, no I/O.
#pragma once

#include "shared/json/value.hpp"
#include "update/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::update {

// Which DIVOC schema and certificate template: /v1 (W3C template, vaccination context v1) or
// /v3 (DDCC template, vaccination context v2).
enum class api_version { v1, v3 };

// Absent optional strings are empty, as DIVOC's templates render them.
struct postal_address {
    std::string line1, line2, district, city, state, country, pincode;
};

struct recipient_info {
    std::string name;
    std::string dob;  // YYYY-MM-DD, or empty (absent or null)
    std::string age;
    std::string gender;
    std::string nationality;
    std::string identity;  // as given; credential_builder turns it into an absolute IRI
    std::vector<std::string> contact;
    postal_address address;
};

struct vaccination_info {
    std::string name, batch, manufacturer;
    std::string date;  // normalized to UTC with milliseconds: 2020-12-02T19:21:18.646Z
    std::string effective_start, effective_until;  // YYYY-MM-DD
    std::uint32_t dose = 1;
    std::uint32_t total_doses = 1;
};

struct facility_info {
    std::string name;
    postal_address address;
};

struct certification_request {
    std::string pre_enrollment_code;
    std::string enrollment_type, program_id;
    std::vector<std::string> comorbidities;
    recipient_info recipient;
    vaccination_info vaccination;
    std::string vaccinator_name;
    facility_info facility;
};

struct request_options {
    // Most items in one request body. Default: 100.
    std::size_t max_items = 100;
};

// The largest dose number accepted (DIVOC's doses are int32).
inline constexpr std::uint32_t max_dose = 2147483647;

// Validates a parsed body: a non-empty JSON array of at most max_items request objects.
// Errors: invalid_request, with `item` and `field` for the first bad item.
[[nodiscard]] outcome<std::vector<certification_request>> parse_requests(
    const json::value& body, api_version version, const request_options& opts = {});
// Parses JSON text first; text that is not JSON is invalid_request.
[[nodiscard]] outcome<std::vector<certification_request>> parse_requests(
    std::string_view body, api_version version, const request_options& opts = {});

// RFC 3339 full-date (YYYY-MM-DD, a real calendar date).
bool is_full_date(std::string_view s) noexcept;

// credentialSubject.id: `identity` when it already is an absolute IRI (it has a scheme, e.g.
// "did:in.gov.uidai.aadhaar:2342343334"), else "<did>:<identity>". Characters an IRI cannot hold
// (spaces, controls, <>"{}|\^`, a stray %) are percent-encoded.
std::string subject_iri(std::string_view identity, std::string_view did);

// DELETE /certificates/{preEnrollmentCode}: exactly one of `doses` (comma-separated dose
// numbers, e.g. "1,2") and `allDoses=true`.
struct dose_selection {
    bool all = false;
    std::vector<std::uint32_t> doses{};  // sorted, distinct; empty when `all`
};

// Errors: invalid_request (field "doses" or "allDoses") when neither or both are given, a dose is
// not an integer in [1, max_dose], a dose repeats, or allDoses is not "true".
[[nodiscard]] outcome<dose_selection> parse_dose_selection(
    std::optional<std::string_view> doses, std::optional<std::string_view> all_doses);

// The body of POST /certificates/{id}/suspend: empty (suspend until lifted) or a JSON object with
// an optional "until" (RFC 3339 date-time). Returns `until` as Unix epoch ms. Errors:
// invalid_request (field "until", or none when the body is not a JSON object).
[[nodiscard]] outcome<std::optional<std::int64_t>> parse_suspension(std::string_view body);

}  // namespace certgate::update
