#include "shared/crypto/jwk.hpp"

#include "shared/crypto/base64url.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/sha256.hpp"
#include "shared/json/write.hpp"

#include <openssl/core_names.h>

namespace certgate::ossl {

namespace {

result<unique_ptr<BIGNUM>> bn_param(EVP_PKEY* pkey, const char* name) {
    BIGNUM* out = nullptr;  // allocated by OpenSSL, owned right below
    if (EVP_PKEY_get_bn_param(pkey, name, &out) != 1) {
        return fail(errc::openssl_failure);
    }
    return unique_ptr<BIGNUM>(out);
}

// Big-endian bytes of `bn`, left-padded with zeros to `width` bytes when width > 0.
result<std::string> bn_bytes(const BIGNUM* bn, int width = 0) {
    int n = width > 0 ? width : BN_num_bytes(bn);
    std::string out(static_cast<std::size_t>(n), '\0');
    if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), n) != n) {
        return fail(errc::openssl_failure);
    }
    return out;
}

const std::string* string_member(const json::value& v, std::string_view name) noexcept {
    const json::value* m = v.find(name);
    return m != nullptr && m->is_string() ? &m->as_string() : nullptr;
}

// The base64url-decoded value of a required string member, or empty when missing or invalid.
std::string b64_member(const json::value& v, std::string_view name) {
    const auto* s = string_member(v, name);
    if (s == nullptr) {
        return {};
    }
    auto raw = base64url_decode(*s);
    return raw ? std::move(*raw) : std::string();
}

unique_ptr<BIGNUM> to_bn(const std::string& bytes) {
    return unique_ptr<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(bytes.size()), nullptr));
}

result<public_key> from_params(const char* type, OSSL_PARAM_BLD* bld) {
    unique_ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
    unique_ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
        return fail(errc::openssl_failure);
    }
    EVP_PKEY* out = nullptr;  // owned right below
    if (EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return fail(errc::unrecognized_key);
    }
    return public_key::from_native(unique_ptr<EVP_PKEY>(out));
}

result<public_key> rsa_from_jwk(const json::value& jwk) {
    std::string n = b64_member(jwk, "n");
    std::string e = b64_member(jwk, "e");
    if (n.empty() || e.empty()) {
        return errc::unrecognized_key;
    }
    auto bn_n = to_bn(n);
    auto bn_e = to_bn(e);
    unique_ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !bld ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
        return fail(errc::openssl_failure);
    }
    return from_params("RSA", bld.get());
}

result<public_key> ec_from_jwk(const json::value& jwk) {
    const auto* crv = string_member(jwk, "crv");
    std::string x = b64_member(jwk, "x");
    std::string y = b64_member(jwk, "y");
    if (crv != nullptr && *crv != "P-256") {
        return errc::unsupported_key;
    }
    if (crv == nullptr || x.size() != 32 || y.size() != 32) {
        return errc::unrecognized_key;
    }
    // Uncompressed SEC1 point; OpenSSL checks that it lies on the curve.
    std::string point = "\x04" + x + y;
    unique_ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
            1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
        return fail(errc::openssl_failure);
    }
    return from_params("EC", bld.get());
}

}  // namespace

result<json::value> to_jwk(const public_key& key) {
    EVP_PKEY* p = key.native();
    switch (key.type()) {
        case key_type::rsa: {
            auto n = bn_param(p, OSSL_PKEY_PARAM_RSA_N);
            auto e = bn_param(p, OSSL_PKEY_PARAM_RSA_E);
            if (!n || !e) {
                return fail(errc::openssl_failure);
            }
            auto nb = bn_bytes(n->get());
            auto eb = bn_bytes(e->get());
            if (!nb || !eb) {
                return fail(errc::openssl_failure);
            }
            return json::value(json::object{
                {"e", base64url_encode(*eb)}, {"kty", "RSA"}, {"n", base64url_encode(*nb)}});
        }
        case key_type::ec_p256: {
            auto x = bn_param(p, OSSL_PKEY_PARAM_EC_PUB_X);
            auto y = bn_param(p, OSSL_PKEY_PARAM_EC_PUB_Y);
            if (!x || !y) {
                return fail(errc::openssl_failure);
            }
            auto xb = bn_bytes(x->get(), 32);
            auto yb = bn_bytes(y->get(), 32);
            if (!xb || !yb) {
                return fail(errc::openssl_failure);
            }
            return json::value(json::object{{"crv", "P-256"},
                                            {"kty", "EC"},
                                            {"x", base64url_encode(*xb)},
                                            {"y", base64url_encode(*yb)}});
        }
        case key_type::ed25519: {
            unsigned char raw[32];
            std::size_t len = sizeof raw;
            if (EVP_PKEY_get_raw_public_key(p, raw, &len) != 1 || len != sizeof raw) {
                return fail(errc::openssl_failure);
            }
            std::string_view bytes(reinterpret_cast<const char*>(raw), len);
            return json::value(
                json::object{{"crv", "Ed25519"}, {"kty", "OKP"}, {"x", base64url_encode(bytes)}});
        }
    }
    return errc::unsupported_key;
}

result<std::string> jwk_thumbprint(const public_key& key) {
    auto jwk = to_jwk(key);
    if (!jwk) {
        return jwk.error();
    }
    return base64url_encode(as_chars(sha256(json::to_string(*jwk))));
}

result<public_key> public_key_from_jwk(const json::value& jwk) {
    const auto* kty = string_member(jwk, "kty");
    if (kty == nullptr || jwk.find("d") != nullptr) {
        return errc::unrecognized_key;
    }
    if (*kty == "RSA") {
        return rsa_from_jwk(jwk);
    }
    if (*kty == "EC") {
        return ec_from_jwk(jwk);
    }
    if (*kty == "OKP") {
        const auto* crv = string_member(jwk, "crv");
        if (crv == nullptr || *crv != "Ed25519") {
            return errc::unsupported_key;
        }
        return ed25519_public_from_raw(b64_member(jwk, "x"));
    }
    return errc::unsupported_key;
}

}  // namespace certgate::ossl
