#include "crl/jws.hpp"

#include "shared/crypto/base64url.hpp"
#include "shared/crypto/jwk.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <utility>

namespace certgate::crl {

ossl::alg alg_for(ossl::key_type t) noexcept {
    switch (t) {
        case ossl::key_type::ed25519:
            return ossl::alg::eddsa;
        case ossl::key_type::ec_p256:
            return ossl::alg::es256;
        case ossl::key_type::rsa:
            break;
    }
    return ossl::alg::ps256;
}

result<crl_signer> make_signer(const ossl::private_key& key) {
    auto pub = ossl::public_of(key);
    if (!pub) {
        return pub.error();
    }
    auto kid = ossl::jwk_thumbprint(*pub);
    if (!kid) {
        return kid.error();
    }
    return crl_signer{key, *pub, alg_for(key.type()), std::move(*kid)};
}

result<trusted_key> make_trusted(const ossl::public_key& key) {
    auto kid = ossl::jwk_thumbprint(key);
    if (!kid) {
        return kid.error();
    }
    return trusted_key{key, std::move(*kid)};
}

result<std::string> sign_detached(const crl_signer& s, std::string_view body) {
    json::value header{json::object{{"alg", ossl::to_string(s.alg)}, {"kid", s.kid}}};
    std::string h = ossl::base64url_encode(json::to_string(header));
    std::string input = h;
    input += '.';
    input += ossl::base64url_encode(body);
    auto sig = ossl::sign(s.key, s.alg, input);
    if (!sig) {
        return sig.error();
    }
    return h + ".." + ossl::base64url_encode(*sig);
}

result<std::string> verify_detached(std::string_view jws, std::string_view body,
                                    const std::vector<trusted_key>& keys) {
    const error_code bad = ossl::errc::bad_signature;
    // Bounded: a header of a few hundred bytes and a signature of at most RSA-8192.
    if (jws.size() > 4096) {
        return bad;
    }
    auto dot = jws.find('.');
    if (dot == std::string_view::npos || jws.substr(dot, 2) != ".." ||
        jws.find('.', dot + 2) != std::string_view::npos) {
        return bad;
    }
    std::string_view h64 = jws.substr(0, dot);
    auto header_text = ossl::base64url_decode(h64);
    auto sig = ossl::base64url_decode(jws.substr(dot + 2));
    if (!header_text || !sig) {
        return bad;
    }
    auto header = json::parse(*header_text, {.max_depth = 4, .max_size = 1024});
    if (!header || !header->is_object() || header->find("crit")) {
        return bad;
    }
    const json::value* a = header->find("alg");
    const json::value* kid = header->find("kid");
    if (!a || !a->is_string() || !kid || !kid->is_string()) {
        return bad;
    }
    auto alg = ossl::alg_from_string(a->as_string());
    if (!alg) {
        return bad;
    }
    for (const auto& k : keys) {
        if (k.kid != kid->as_string()) {
            continue;
        }
        if (ossl::key_type_for(*alg) != k.key.type()) {
            return bad;
        }
        std::string input(h64);
        input += '.';
        input += ossl::base64url_encode(body);
        if (auto ok = ossl::verify(k.key, *alg, input, *sig); !ok) {
            return bad;
        }
        return k.kid;
    }
    return bad;
}

result<json::value> jwks(const std::vector<trusted_key>& keys) {
    json::array out;
    for (const auto& k : keys) {
        auto j = ossl::to_jwk(k.key);
        if (!j) {
            return j.error();
        }
        j->set("kid", k.kid);
        j->set("alg", ossl::to_string(alg_for(k.key.type())));
        j->set("use", "sig");
        out.push_back(std::move(*j));
    }
    return json::value{json::object{{"keys", std::move(out)}}};
}

result<std::vector<trusted_key>> parse_jwks(std::string_view body) {
    const error_code bad = std::make_error_code(std::errc::invalid_argument);
    auto v = json::parse(body, {.max_depth = 8, .max_size = 256 * 1024});
    if (!v || !v->is_object()) {
        return bad;
    }
    const json::value* ks = v->find("keys");
    if (!ks || !ks->is_array() || ks->as_array().size() > 64) {
        return bad;
    }
    std::vector<trusted_key> out;
    for (const auto& j : ks->as_array()) {
        auto k = ossl::public_key_from_jwk(j);
        if (!k) {
            return bad;
        }
        auto t = make_trusted(*k);
        if (!t) {
            return bad;
        }
        if (const json::value* kid = j.find("kid");
            kid && (!kid->is_string() || kid->as_string() != t->kid)) {
            return bad;
        }
        out.push_back(std::move(*t));
    }
    return out;
}

}  // namespace certgate::crl
