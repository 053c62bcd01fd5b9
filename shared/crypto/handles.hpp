// File: shared/crypto/handles.hpp
// RAII ownership for OpenSSL objects: `ossl::unique_ptr<T>` frees each type with its own
// *_free function (BoringSSL's bssl::UniquePtr idea). Every OpenSSL handle in certgate lives in
// one.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <memory>

namespace certgate::ossl {

template <class T>
struct deleter;

template <>
struct deleter<EVP_PKEY> {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
template <>
struct deleter<EVP_PKEY_CTX> {
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
template <>
struct deleter<EVP_MD_CTX> {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
template <>
struct deleter<EVP_MD> {
    void operator()(EVP_MD* p) const noexcept { EVP_MD_free(p); }
};
template <>
struct deleter<BIO> {
    void operator()(BIO* p) const noexcept { BIO_free_all(p); }
};
template <>
struct deleter<BIGNUM> {
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
template <>
struct deleter<ECDSA_SIG> {
    void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
template <>
struct deleter<OSSL_DECODER_CTX> {
    void operator()(OSSL_DECODER_CTX* p) const noexcept { OSSL_DECODER_CTX_free(p); }
};
template <>
struct deleter<OSSL_PARAM_BLD> {
    void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
template <>
struct deleter<OSSL_PARAM> {
    void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};

template <class T>
using unique_ptr = std::unique_ptr<T, deleter<T>>;

}  // namespace certgate::ossl
