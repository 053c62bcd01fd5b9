#include "shared/auth/issue.hpp"

#include "shared/crypto/base64url.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/value.hpp"
#include "shared/json/write.hpp"

namespace certgate::auth {

namespace {

ossl::alg jwt_alg(ossl::key_type t) noexcept {
    switch (t) {
        case ossl::key_type::rsa:
            return ossl::alg::rs256;
        case ossl::key_type::ec_p256:
            return ossl::alg::es256;
        case ossl::key_type::ed25519:
            return ossl::alg::eddsa;
    }
    return ossl::alg::rs256;
}

}  // namespace

result<std::string> issue_token(const ossl::private_key& key, const std::vector<std::string>& roles,
                                std::chrono::seconds ttl, std::string_view subject,
                                std::chrono::system_clock::time_point now, std::string_view kid) {
    ossl::alg a = jwt_alg(key.type());
    json::value header{json::object{{"alg", ossl::to_string(a)}, {"typ", "JWT"}}};
    if (!kid.empty()) {
        header.set("kid", kid);
    }
    auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    json::array role_values(roles.begin(), roles.end());
    json::value payload{json::object{}};
    if (!subject.empty()) {
        payload.set("sub", subject);
    }
    payload.set("iat", static_cast<std::int64_t>(iat));
    payload.set("nbf", static_cast<std::int64_t>(iat));
    payload.set("exp", static_cast<std::int64_t>(iat + ttl.count()));
    payload.set("realm_access", json::object{{"roles", std::move(role_values)}});

    std::string token = ossl::base64url_encode(json::to_string(header));
    token += '.';
    token += ossl::base64url_encode(json::to_string(payload));
    auto sig = ossl::sign(key, a, token);
    if (!sig) {
        return sig.error();
    }
    token += '.';
    token += ossl::base64url_encode(*sig);
    return token;
}

}  // namespace certgate::auth
