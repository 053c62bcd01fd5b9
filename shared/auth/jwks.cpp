#include "shared/auth/jwks.hpp"

#include "shared/crypto/jwk.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/json/parse.hpp"

namespace certgate::auth {

result<std::vector<trusted_key>> parse_jwks(std::string_view text) {
    auto doc = json::parse(text, {.max_depth = 8, .max_size = ossl::max_key_file_size});
    if (!doc || !doc->is_object()) {
        return errc::invalid_jwks;
    }
    const json::value* keys = doc->find("keys");
    if (keys == nullptr || !keys->is_array()) {
        return errc::invalid_jwks;
    }
    std::vector<trusted_key> out;
    for (const json::value& jwk : keys->as_array()) {
        const json::value* use = jwk.find("use");
        if (use != nullptr && use->is_string() && use->as_string() == "enc") {
            continue;
        }
        auto key = ossl::public_key_from_jwk(jwk);
        if (!key) {
            return errc::invalid_jwks;
        }
        trusted_key tk{*key, {}, std::nullopt};
        if (const json::value* kid = jwk.find("kid"); kid != nullptr && kid->is_string()) {
            tk.kid = kid->as_string();
        }
        if (const json::value* a = jwk.find("alg"); a != nullptr) {
            auto parsed = a->is_string() ? ossl::alg_from_string(a->as_string()) : std::nullopt;
            if (!parsed || ossl::key_type_for(*parsed) != key->type()) {
                return errc::invalid_jwks;
            }
            tk.alg = parsed;
        }
        out.push_back(std::move(tk));
    }
    if (out.empty()) {
        return errc::invalid_jwks;
    }
    return out;
}

result<std::vector<trusted_key>> load_jwks_file(const std::filesystem::path& path) {
    auto text = ossl::read_key_file(path);
    if (!text) {
        return text.error();
    }
    return parse_jwks(*text);
}

}  // namespace certgate::auth
