#include "shared/auth/error.hpp"

#include <string>

namespace certgate::auth {

namespace {

class auth_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.auth"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::missing_token:
                return "a bearer token is required";
            case errc::malformed_token:
                return "the bearer token is not a well-formed JWT";
            case errc::unsupported_alg:
                return "the bearer token's signature algorithm is not accepted";
            case errc::unknown_key:
                return "the bearer token is signed with an unknown key";
            case errc::bad_signature:
                return "the bearer token's signature is invalid";
            case errc::missing_expiry:
                return "the bearer token has no expiry";
            case errc::expired:
                return "the bearer token has expired";
            case errc::not_yet_valid:
                return "the bearer token is not valid yet";
            case errc::wrong_issuer:
                return "the bearer token comes from another issuer";
            case errc::wrong_audience:
                return "the bearer token is meant for another audience";
            case errc::invalid_jwks:
                return "the JWKS document has no usable signing keys";
        }
        return "unknown auth error";
    }
};

}  // namespace

const boost::system::error_category& category() noexcept {
    static const auth_category instance;
    return instance;
}

}  // namespace certgate::auth
