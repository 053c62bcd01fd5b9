#include "shared/crypto/key_write.hpp"

#include <openssl/pem.h>

namespace certgate::ossl {

namespace {

result<std::string> drain(BIO* bio) {
    char* data = nullptr;  // points into the BIO's buffer, which the BIO owns
    long len = BIO_get_mem_data(bio, &data);
    if (len <= 0 || data == nullptr) {
        return fail(errc::openssl_failure);
    }
    return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

result<std::string> to_pem(const public_key& key) {
    unique_ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.native()) != 1) {
        return fail(errc::openssl_failure);
    }
    return drain(bio.get());
}

result<std::string> to_pem(const private_key& key) {
    unique_ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), key.native(), nullptr, nullptr, 0, nullptr,
                                              nullptr) != 1) {
        return fail(errc::openssl_failure);
    }
    return drain(bio.get());
}

result<std::string> ed25519_raw(const public_key& key) {
    if (key.type() != key_type::ed25519) {
        return errc::wrong_key_type;
    }
    std::string raw(32, '\0');
    std::size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(key.native(), reinterpret_cast<unsigned char*>(raw.data()),
                                    &len) != 1 ||
        len != 32) {
        return fail(errc::openssl_failure);
    }
    return raw;
}

}  // namespace certgate::ossl
