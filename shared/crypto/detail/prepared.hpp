// File: shared/crypto/detail/prepared.hpp
// Verification contexts prepared once per key. OpenSSL 3 fetches the signature algorithm and the
// digests by name from the provider store (under a lock) every time a context is initialised;
// duplicating a prepared context skips all of that, which matters on the PS256 verify hot path.
#pragma once

#include "shared/crypto/handles.hpp"

#include <memory>

namespace certgate::ossl::detail {

// A PS256 (RSA-PSS, SHA-256, MGF1-SHA-256, salt 32) verification context for `rsa`, ready for
// EVP_PKEY_verify over a SHA-256 digest, or null if OpenSSL fails. Immutable once made: callers
// EVP_PKEY_CTX_dup it, which is safe from many threads at once.
std::shared_ptr<const EVP_PKEY_CTX> prepare_ps256_verify(EVP_PKEY* rsa) noexcept;

}  // namespace certgate::ossl::detail
