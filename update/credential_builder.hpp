// File: update/credential_builder.hpp
// Maps a validated certification request to the unsigned credential, in exactly the shape of
// DIVOC's templates: W3C_TEMPLATE for /v1 (vaccination context v1), DDCC_TEMPLATE for /v3
// (context v2, with dob, icd11Code and prophylaxis). Absent optional values are "" as DIVOC's
// templates render them; dose and totalDoses are JSON numbers. Pure: thread-safe, no I/O.
#pragma once

#include "shared/json/value.hpp"
#include "update/request.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::update {

// One row of the vaccine table that fills the DDCC fields. `match` is compared case-insensitively
// with vaccination.name: an equal name wins, else the first row whose `match` occurs in the name.
struct vaccine_mapping {
    std::string match;        // e.g. "covishield"
    std::string icd11_code;   // e.g. "XM9QW8"
    std::string prophylaxis;  // e.g. "COVID-19 vaccine, non-replicating viral vector"
};

// The COVID-19 vaccines DIVOC deployments certified, with their ICD-11 extension codes.
std::vector<vaccine_mapping> default_vaccine_table();

struct credential_options {
    // The credential's `issuer`. Default: "https://certgate.example/".
    std::string issuer = "https://certgate.example/";
    // Base of evidence[0].id (<base>/vaccine/<certificateId>) and of infoUrl and feedbackUrl
    // (<base>/?<certificateId>); a trailing '/' is ignored. Default: "https://certgate.example".
    std::string base_url = "https://certgate.example";
    // The vaccination context (DIVOC's `namespace`) of /v1 credentials.
    // Default: "https://divoc.dev/credentials/vaccination/v1".
    std::string context_v1 = "https://divoc.dev/credentials/vaccination/v1";
    // The vaccination context of /v3 (DDCC) credentials.
    // Default: "https://divoc.dev/credentials/vaccination/v2".
    std::string context_v2 = "https://divoc.dev/credentials/vaccination/v2";
    // Prefix that makes a recipient identity without a scheme an absolute IRI (see subject_iri).
    // Default: "did:certgate".
    std::string did = "did:certgate";
    // addressCountry when a request gives none (DIVOC's Indian deployment used "IN").
    // Default: "" (left empty).
    std::string default_country;
    // icd11Code and prophylaxis by vaccine name (/v3 only); an unknown vaccine leaves both "".
    // Default: default_vaccine_table().
    std::vector<vaccine_mapping> vaccines = default_vaccine_table();
};

// evidence[0].id, the certificate's identity: "<base>/vaccine/<certificateId>".
std::string evidence_id(const credential_options& opts, std::string_view certificate_id);

// The unsigned credential for `request`, issued at `issued_at_ms` (Unix epoch ms, rendered as
// issuanceDate "2022-01-05T17:43:33.711Z"). When the request gives no age but a dob, age is the
// recipient's age in whole years on the issuance date, as DIVOC computes it.
json::value build_credential(const certification_request& request, api_version version,
                             std::string_view certificate_id, std::int64_t issued_at_ms,
                             const credential_options& opts);

}  // namespace certgate::update
