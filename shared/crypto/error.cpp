#include "shared/crypto/error.hpp"

#include <openssl/err.h>

#include <string>

namespace certgate::ossl {

namespace {

class crypto_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.crypto"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::invalid_base64url:
                return "invalid base64url text";
            case errc::invalid_base58:
                return "invalid base58 text";
            case errc::invalid_hex:
                return "invalid hex text";
            case errc::file_unreadable:
                return "key file missing, unreadable or too large";
            case errc::unrecognized_key:
                return "not a key in any supported form";
            case errc::unsupported_key:
                return "unsupported key: use RSA (2048 to 8192 bits), Ed25519 or EC P-256";
            case errc::wrong_key_type:
                return "the key type does not fit the signature algorithm";
            case errc::bad_signature:
                return "signature does not verify";
            case errc::openssl_failure:
                return "internal cryptography failure";
        }
        return "unknown crypto error";
    }
};

}  // namespace

const boost::system::error_category& category() noexcept {
    static const crypto_category instance;
    return instance;
}

errc fail(errc e) noexcept {
    // The queue is thread-local; leaving entries behind would confuse the next call on this thread.
    ERR_clear_error();
    return e;
}

}  // namespace certgate::ossl
