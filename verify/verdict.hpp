// File: verify/verdict.hpp
// The answer to one scan, and its JSON form (DESIGN.md "Verdict").
#pragma once

#include "crl/revocation_set.hpp"
#include "shared/json/value.hpp"
#include "verify/messages.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate::verify {

struct verdict {
    std::string status = "invalid";  // valid | revoked | suspended | invalid
    std::string reason = "malformed";
    std::string certificate_id;  // last path segment of evidence[0].id
    std::string identity;        // evidence[0].id
    std::string issuer;
    std::string issuance_date;
    json::value signed_view;  // {"credentialSubject":…, "evidence":[…]}, signed values only
    std::vector<std::string> unsigned_fields;
    std::vector<std::string> ambiguous;
    std::optional<crl::revocation_status> revocation;
};

// The verdict as JSON, with the message for its (status, reason) in the best locale of
// `accept_language`.
std::string to_json(const verdict& v, const message_table& messages,
                    std::string_view accept_language = {});

}  // namespace certgate::verify
