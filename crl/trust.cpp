#include "crl/trust.hpp"

#include "crl/revocation.hpp"
#include "shared/crypto/jwk.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <system_error>
#include <utility>

namespace certgate::crl {

result<std::string> trust_json(const proof::key_ring& ring, std::int64_t issued_at_ms) {
    json::array methods;
    for (const auto& [method, keys] : ring.all()) {
        json::array jwks;
        for (const auto& k : keys) {
            auto j = ossl::to_jwk(k);
            auto kid = ossl::jwk_thumbprint(k);
            if (!j) {
                return j.error();
            }
            if (!kid) {
                return kid.error();
            }
            j->set("kid", *kid);
            jwks.push_back(std::move(*j));
        }
        methods.push_back(json::object{{"verificationMethod", method}, {"keys", std::move(jwks)}});
    }
    json::value v{
        json::object{{"issuedAt", format_time_ms(issued_at_ms)}, {"methods", std::move(methods)}}};
    return json::to_string(v);
}

result<proof::key_ring> parse_trust(std::string_view body) {
    const error_code bad = std::make_error_code(std::errc::invalid_argument);
    auto v = json::parse(body, {.max_depth = 8, .max_size = 4 << 20});
    if (!v || !v->is_object()) {
        return bad;
    }
    const json::value* methods = v->find("methods");
    if (!methods || !methods->is_array()) {
        return bad;
    }
    proof::key_ring ring;
    for (const auto& m : methods->as_array()) {
        const json::value* name = m.find("verificationMethod");
        const json::value* keys = m.find("keys");
        if (!name || !name->is_string() || !keys || !keys->is_array()) {
            return bad;
        }
        for (const auto& j : keys->as_array()) {
            auto k = ossl::public_key_from_jwk(j);
            if (!k) {
                return bad;
            }
            ring.add(name->as_string(), std::move(*k));
        }
    }
    return ring;
}

}  // namespace certgate::crl
