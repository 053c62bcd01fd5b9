#include "verify/verdict.hpp"

#include "shared/json/write.hpp"

namespace certgate::verify {

std::string to_json(const verdict& v, const message_table& messages,
                    std::string_view accept_language) {
    json::value out{json::object{}};
    out.set("status", v.status);
    out.set("reason", v.reason);
    out.set("message", messages.lookup(v.status, v.reason, accept_language));
    if (!v.certificate_id.empty()) {
        out.set("certificateId", v.certificate_id);
    }
    if (!v.issuer.empty()) {
        out.set("issuer", v.issuer);
    }
    if (!v.issuance_date.empty()) {
        out.set("issuanceDate", v.issuance_date);
    }
    if (v.signed_view.is_object()) {
        out.set("signed", v.signed_view);
        json::array u(v.unsigned_fields.begin(), v.unsigned_fields.end());
        json::array a(v.ambiguous.begin(), v.ambiguous.end());
        out.set("unsigned", std::move(u));
        out.set("ambiguous", std::move(a));
    }
    if (v.revocation) {
        json::value r{json::object{}};
        r.set("revokedAt", crl::format_time_ms(v.revocation->revoked_at_ms));
        r.set("reason", std::string(crl::reason_name(v.revocation->why)));
        if (v.revocation->until_ms) {
            r.set("until", crl::format_time_ms(*v.revocation->until_ms));
        }
        out.set("revocation", std::move(r));
    }
    return json::to_string(out);
}

}  // namespace certgate::verify
