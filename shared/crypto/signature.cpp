#include "shared/crypto/signature.hpp"

#include "shared/crypto/detail/prepared.hpp"
#include "shared/crypto/sha256.hpp"

#include <openssl/rsa.h>

namespace certgate::ossl {

namespace {

// JWS (RFC 7518 section 3.4) writes an ES256 signature as r||s, 32 bytes each; OpenSSL uses DER.
constexpr int p256_scalar = 32;

result<std::string> der_to_raw(std::string_view der) {
    const auto* in = reinterpret_cast<const unsigned char*>(der.data());
    unique_ptr<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size())));
    if (!sig) {
        return fail(errc::openssl_failure);
    }
    const BIGNUM* r = nullptr;  // borrowed from sig
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    std::string raw(2 * p256_scalar, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(r, out, p256_scalar) != p256_scalar ||
        BN_bn2binpad(s, out + p256_scalar, p256_scalar) != p256_scalar) {
        return fail(errc::openssl_failure);
    }
    return raw;
}

result<std::string> raw_to_der(std::string_view raw) {
    if (raw.size() != 2 * p256_scalar) {
        return errc::bad_signature;
    }
    const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
    unique_ptr<BIGNUM> r(BN_bin2bn(in, p256_scalar, nullptr));
    unique_ptr<BIGNUM> s(BN_bin2bn(in + p256_scalar, p256_scalar, nullptr));
    unique_ptr<ECDSA_SIG> sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
        return fail(errc::openssl_failure);
    }
    // ECDSA_SIG_set0 took ownership of r and s.
    static_cast<void>(r.release());
    static_cast<void>(s.release());
    int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) {
        return fail(errc::openssl_failure);
    }
    std::string der(static_cast<std::size_t>(len), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != len) {
        return fail(errc::openssl_failure);
    }
    return der;
}

const char* digest_name(alg a) noexcept { return a == alg::eddsa ? nullptr : "SHA256"; }

// PSS parameters are fixed, not negotiated: DIVOC signs with salt 32, and accepting other salt
// lengths on verify would widen what counts as a valid certificate signature.
bool set_pss(EVP_PKEY_CTX* pctx) noexcept {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1;
}

bool set_padding(alg a, EVP_PKEY_CTX* pctx) noexcept {
    if (a == alg::ps256) {
        return set_pss(pctx);
    }
    if (a == alg::rs256) {
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    }
    return true;
}

// Fetched once (thread-safe static init, immutable afterwards), as in sha256.cpp.
const EVP_MD* sha256_md() noexcept {
    static const unique_ptr<EVP_MD> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    return md.get();
}

}  // namespace

namespace detail {

std::shared_ptr<const EVP_PKEY_CTX> prepare_ps256_verify(EVP_PKEY* rsa) noexcept {
    const EVP_MD* md = sha256_md();
    unique_ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, rsa, nullptr));
    if (md == nullptr || !ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1 || !set_pss(ctx.get())) {
        static_cast<void>(fail(errc::openssl_failure));
        return nullptr;
    }
    // The deleter gets the non-const pointer back; callers only ever see it const.
    return std::shared_ptr<const EVP_PKEY_CTX>(ctx.release(), deleter<EVP_PKEY_CTX>{});
}

}  // namespace detail

std::string_view to_string(alg a) noexcept {
    switch (a) {
        case alg::ps256:
            return "PS256";
        case alg::rs256:
            return "RS256";
        case alg::es256:
            return "ES256";
        case alg::eddsa:
            return "EdDSA";
    }
    return "unknown";
}

std::optional<alg> alg_from_string(std::string_view name) noexcept {
    for (alg a : {alg::ps256, alg::rs256, alg::es256, alg::eddsa}) {
        if (to_string(a) == name) {
            return a;
        }
    }
    return std::nullopt;
}

key_type key_type_for(alg a) noexcept {
    switch (a) {
        case alg::ps256:
        case alg::rs256:
            return key_type::rsa;
        case alg::es256:
            return key_type::ec_p256;
        case alg::eddsa:
            return key_type::ed25519;
    }
    return key_type::rsa;
}

result<std::string> sign(const private_key& key, alg a, std::string_view data) {
    if (key.type() != key_type_for(a)) {
        return errc::wrong_key_type;
    }
    unique_ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
    if (!ctx ||
        EVP_DigestSignInit_ex(ctx.get(), &pctx, digest_name(a), nullptr, nullptr, key.native(),
                              nullptr) != 1 ||
        !set_padding(a, pctx)) {
        return fail(errc::openssl_failure);
    }
    const auto* in = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) {
        return fail(errc::openssl_failure);
    }
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                       data.size()) != 1) {
        return fail(errc::openssl_failure);
    }
    sig.resize(len);
    if (a == alg::es256) {
        return der_to_raw(sig);
    }
    return sig;
}

result<void> verify(const public_key& key, alg a, std::string_view data, std::string_view sig) {
    if (key.type() != key_type_for(a)) {
        return errc::wrong_key_type;
    }
    std::string der;
    if (a == alg::es256) {
        auto d = raw_to_der(sig);
        if (!d) {
            return d.error();
        }
        der = std::move(*d);
        sig = der;
    }
    if (const EVP_PKEY_CTX* prepared = a == alg::ps256 ? key.ps256_verifier() : nullptr) {
        // Same check as the EVP_DigestVerify path below (PSS over SHA-256 of `data`), without
        // fetching algorithms per call.
        unique_ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_dup(prepared));
        if (!ctx) {
            return fail(errc::openssl_failure);
        }
        sha256_digest digest = sha256(data);
        if (EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()),
                            sig.size(), digest.data(), digest.size()) != 1) {
            return fail(errc::bad_signature);
        }
        return {};
    }
    unique_ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
    if (!ctx ||
        EVP_DigestVerifyInit_ex(ctx.get(), &pctx, digest_name(a), nullptr, nullptr, key.native(),
                                nullptr) != 1 ||
        !set_padding(a, pctx)) {
        return fail(errc::openssl_failure);
    }
    if (EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
        return fail(errc::bad_signature);
    }
    return {};
}

}  // namespace certgate::ossl
