// File: shared/crypto/keys.hpp
// Public and private key values (RSA, Ed25519, EC P-256) over OpenSSL's EVP_PKEY, and key
// generation. Keys are immutable once made; copies share the same EVP_PKEY, so a key may be used
// from many threads at once. Loading and writing keys: key_load.hpp, key_write.hpp, jwk.hpp.
#pragma once

#include "shared/crypto/error.hpp"
#include "shared/crypto/handles.hpp"
#include "shared/util/result.hpp"

#include <memory>
#include <string_view>

namespace certgate::ossl {

enum class key_type { rsa, ed25519, ec_p256 };

// "RSA", "Ed25519", "EC P-256".
std::string_view to_string(key_type t) noexcept;

// The supported type of `pkey`: RSA of 2048..8192 bits, Ed25519, or EC on P-256 with a named
// curve. Anything else (RSA-PSS-only keys, other curves, DSA...) is errc::unsupported_key.
[[nodiscard]] result<key_type> classify(const EVP_PKEY* pkey) noexcept;

class public_key {
public:
    // Takes `pkey` (which must not be null) if classify() accepts it.
    [[nodiscard]] static result<public_key> from_native(unique_ptr<EVP_PKEY> pkey);

    key_type type() const noexcept { return type_; }
    // The OpenSSL key, borrowed: valid while this key or a copy lives. Do not modify it.
    EVP_PKEY* native() const noexcept { return pkey_.get(); }

    // RSA keys: a PS256 verification context prepared when the key was made (see
    // detail/prepared.hpp); null for other keys. Shared by copies; used by ossl::verify.
    const EVP_PKEY_CTX* ps256_verifier() const noexcept { return ps256_.get(); }

    // True when both hold the same public key.
    friend bool operator==(const public_key& a, const public_key& b) noexcept;

private:
    public_key(std::shared_ptr<EVP_PKEY> p, key_type t) noexcept;
    std::shared_ptr<EVP_PKEY> pkey_;
    key_type type_;
    std::shared_ptr<const EVP_PKEY_CTX> ps256_;
};

class private_key {
public:
    // Takes `pkey` (a key pair, not null) if classify() accepts it.
    [[nodiscard]] static result<private_key> from_native(unique_ptr<EVP_PKEY> pkey);

    key_type type() const noexcept { return type_; }
    // The OpenSSL key, borrowed: valid while this key or a copy lives. Do not modify it.
    EVP_PKEY* native() const noexcept { return pkey_.get(); }

private:
    private_key(std::shared_ptr<EVP_PKEY> p, key_type t) noexcept : pkey_(std::move(p)), type_(t) {}
    std::shared_ptr<EVP_PKEY> pkey_;
    key_type type_;
};

// The public half of `key` (a new EVP_PKEY without the private part).
[[nodiscard]] result<public_key> public_of(const private_key& key);

// Fresh keys from OpenSSL's default random generator. generate_rsa rejects bits outside
// 2048..8192 (errc::unsupported_key).
[[nodiscard]] result<private_key> generate_rsa(unsigned bits = 2048);
[[nodiscard]] result<private_key> generate_ed25519();
[[nodiscard]] result<private_key> generate_ec_p256();

}  // namespace certgate::ossl
