#include "shared/crypto/keys.hpp"

#include "shared/crypto/detail/prepared.hpp"

#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <string>

namespace certgate::ossl {

std::string_view to_string(key_type t) noexcept {
    switch (t) {
        case key_type::rsa:
            return "RSA";
        case key_type::ed25519:
            return "Ed25519";
        case key_type::ec_p256:
            return "EC P-256";
    }
    return "unknown";
}

result<key_type> classify(const EVP_PKEY* pkey) noexcept {
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        // Below 2048 bits is weak; above 8192 only makes verification slow (a cheap DoS lever).
        int bits = EVP_PKEY_get_bits(pkey);
        if (bits < 2048 || bits > 8192) {
            return fail(errc::unsupported_key);
        }
        return key_type::rsa;
    }
    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        return key_type::ed25519;
    }
    if (EVP_PKEY_is_a(pkey, "EC")) {
        // Only named P-256; explicit curve parameters have no group name and are refused.
        char name[64] = {};
        std::size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name,
                                           &len) == 1 &&
            std::string_view(name, len) == "prime256v1") {
            return key_type::ec_p256;
        }
    }
    return fail(errc::unsupported_key);
}

result<public_key> public_key::from_native(unique_ptr<EVP_PKEY> pkey) {
    auto t = classify(pkey.get());
    if (!t) {
        return t.error();
    }
    return public_key(std::shared_ptr<EVP_PKEY>(std::move(pkey)), *t);
}

public_key::public_key(std::shared_ptr<EVP_PKEY> p, key_type t) noexcept
    : pkey_(std::move(p)), type_(t) {
    if (t == key_type::rsa) {
        // Null on an OpenSSL failure: verify() then takes the unprepared path.
        ps256_ = detail::prepare_ps256_verify(pkey_.get());
    }
}

bool operator==(const public_key& a, const public_key& b) noexcept {
    return a.type_ == b.type_ && EVP_PKEY_eq(a.pkey_.get(), b.pkey_.get()) == 1;
}

result<private_key> private_key::from_native(unique_ptr<EVP_PKEY> pkey) {
    auto t = classify(pkey.get());
    if (!t) {
        return t.error();
    }
    return private_key(std::shared_ptr<EVP_PKEY>(std::move(pkey)), *t);
}

result<public_key> public_of(const private_key& key) {
    // A DER SubjectPublicKeyInfo round trip: generic over key types and drops the private part.
    int len = i2d_PUBKEY(key.native(), nullptr);
    if (len <= 0) {
        return fail(errc::openssl_failure);
    }
    std::string der(static_cast<std::size_t>(len), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_PUBKEY(key.native(), &out) != len) {
        return fail(errc::openssl_failure);
    }
    const auto* in = reinterpret_cast<const unsigned char*>(der.data());
    unique_ptr<EVP_PKEY> pub(d2i_PUBKEY(nullptr, &in, len));
    if (!pub) {
        return fail(errc::openssl_failure);
    }
    return public_key::from_native(std::move(pub));
}

result<private_key> generate_rsa(unsigned bits) {
    if (bits < 2048 || bits > 8192) {
        return errc::unsupported_key;
    }
    unique_ptr<EVP_PKEY> p(EVP_RSA_gen(bits));
    if (!p) {
        return fail(errc::openssl_failure);
    }
    return private_key::from_native(std::move(p));
}

result<private_key> generate_ed25519() {
    unique_ptr<EVP_PKEY> p(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!p) {
        return fail(errc::openssl_failure);
    }
    return private_key::from_native(std::move(p));
}

result<private_key> generate_ec_p256() {
    unique_ptr<EVP_PKEY> p(EVP_EC_gen("P-256"));
    if (!p) {
        return fail(errc::openssl_failure);
    }
    return private_key::from_native(std::move(p));
}

}  // namespace certgate::ossl
