#include "verify/error.hpp"

#include <string>

namespace certgate::verify {

std::string_view reason_name(errc e) noexcept {
    switch (e) {
        case errc::malformed:
            return "malformed";
        case errc::unsupported_format:
            return "unsupported_format";
        case errc::too_large:
            return "too_large";
        case errc::too_complex:
            return "too_complex";
        case errc::unknown_context:
            return "unknown_context";
        case errc::unsupported_proof:
            return "unsupported_proof";
        case errc::unknown_key:
            return "unknown_key";
        case errc::bad_signature:
            return "bad_signature";
        case errc::id_mismatch:
            return "id_mismatch";
    }
    return "malformed";
}

namespace {
class verify_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.verify"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::malformed:
                return "the payload is not a readable credential";
            case errc::unsupported_format:
                return "the payload is neither JSON nor a certificate ZIP";
            case errc::too_large:
                return "the payload is over the size limit";
            case errc::too_complex:
                return "the credential is too complex to canonicalize";
            case errc::unknown_context:
                return "the credential uses an unknown @context";
            case errc::unsupported_proof:
                return "the proof type or JWS header is not supported";
            case errc::unknown_key:
                return "no trusted key for the proof's verification method";
            case errc::bad_signature:
                return "the signature does not verify";
            case errc::id_mismatch:
                return "certificateId differs from the certificate's identity";
        }
        return "unknown verify error";
    }
};
}  // namespace

const boost::system::error_category& category() noexcept {
    static const verify_category instance;
    return instance;
}

}  // namespace certgate::verify
