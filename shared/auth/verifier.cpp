#include "shared/auth/verifier.hpp"

#include "shared/crypto/base64url.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/signature.hpp"
#include "shared/json/parse.hpp"

#include <algorithm>
#include <limits>
#include <span>

namespace certgate::auth {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto dot = path.find('.', start);
        out.emplace_back(path.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            return out;
        }
        start = dot + 1;
    }
}

void collect_roles(const json::value& v, std::span<const std::string> path,
                   std::vector<std::string>& out) {
    if (path.empty()) {
        if (v.is_array()) {
            for (const auto& r : v.as_array()) {
                if (r.is_string()) {
                    out.push_back(r.as_string());
                }
            }
        }
        return;
    }
    if (!v.is_object()) {
        return;
    }
    if (path.front() == "*") {
        for (const auto& m : v.as_object()) {
            collect_roles(m.second, path.subspan(1), out);
        }
        return;
    }
    if (const json::value* child = v.find(path.front())) {
        collect_roles(*child, path.subspan(1), out);
    }
}

// A base64url segment of the token, parsed as a JSON object; nullopt when it is anything else.
std::optional<json::value> decode_object(std::string_view segment, std::size_t max_size) {
    auto bytes = ossl::base64url_decode(segment);
    if (!bytes) {
        return std::nullopt;
    }
    auto v = json::parse(*bytes, {.max_depth = 16, .max_size = max_size});
    if (!v || !v->is_object()) {
        return std::nullopt;
    }
    return std::move(*v);
}

bool audience_matches(const json::value* aud, std::string_view want) {
    if (aud == nullptr) {
        return false;
    }
    if (aud->is_string()) {
        return aud->as_string() == want;
    }
    if (aud->is_array()) {
        return std::any_of(
            aud->as_array().begin(), aud->as_array().end(),
            [&](const json::value& a) { return a.is_string() && a.as_string() == want; });
    }
    return false;
}

}  // namespace

verifier::verifier(verifier_options opts) : opts_(std::move(opts)) {
    for (const auto& p : opts_.role_claims) {
        role_paths_.push_back(split_path(p));
    }
}

result<verifier> verifier::create(verifier_options opts) {
    for (const auto& path : opts.key_files) {
        auto key = ossl::load_public_key_file(path);
        if (!key) {
            return key.error();
        }
        opts.keys.push_back({*key, {}, std::nullopt});
    }
    for (const auto& path : opts.jwks_files) {
        auto keys = load_jwks_file(path);
        if (!keys) {
            return keys.error();
        }
        opts.keys.insert(opts.keys.end(), keys->begin(), keys->end());
    }
    return verifier(std::move(opts));
}

result<claims> verifier::verify(std::string_view token,
                                std::chrono::system_clock::time_point now) const {
    if (token.empty()) {
        return errc::missing_token;
    }
    if (token.size() > opts_.max_token_size) {
        return errc::malformed_token;
    }
    auto d1 = token.find('.');
    auto d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) {
        return errc::malformed_token;
    }
    auto header = decode_object(token.substr(0, d1), opts_.max_token_size);
    if (!header) {
        return errc::malformed_token;
    }
    const json::value* alg_name = header->find("alg");
    if (alg_name == nullptr || !alg_name->is_string()) {
        return errc::malformed_token;
    }
    // Only asymmetric algorithms: "none" and HS* (where a public key could be misused as the HMAC
    // secret) never reach a key.
    auto a = ossl::alg_from_string(alg_name->as_string());
    if (!a) {
        return errc::unsupported_alg;
    }
    // No JWS extension is understood, so a token that marks one critical is refused (RFC
    // 7515 4.1.11).
    if (header->find("crit") != nullptr) {
        return errc::malformed_token;
    }
    const json::value* kid = header->find("kid");
    if (kid != nullptr && !kid->is_string()) {
        return errc::malformed_token;
    }
    auto sig = ossl::base64url_decode(token.substr(d2 + 1));
    if (!sig) {
        return errc::malformed_token;
    }

    std::string_view signing_input = token.substr(0, d2);
    bool any_key = false;
    bool verified = false;
    for (const auto& tk : opts_.keys) {
        if (tk.key.type() != ossl::key_type_for(*a) || (tk.alg && *tk.alg != *a) ||
            (kid != nullptr && !tk.kid.empty() && tk.kid != kid->as_string())) {
            continue;
        }
        any_key = true;
        if (ossl::verify(tk.key, *a, signing_input, *sig)) {
            verified = true;
            break;
        }
    }
    if (!any_key) {
        return errc::unknown_key;
    }
    if (!verified) {
        return errc::bad_signature;
    }

    auto payload = decode_object(token.substr(d1 + 1, d2 - d1 - 1), opts_.max_token_size);
    if (!payload) {
        return errc::malformed_token;
    }
    // Seconds as doubles: JSON numbers are doubles, and this cannot overflow on huge claims.
    auto now_s = static_cast<double>(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    auto leeway = static_cast<double>(opts_.leeway.count());
    const json::value* exp = payload->find("exp");
    if (exp == nullptr) {
        return errc::missing_expiry;
    }
    if (!exp->is_number()) {
        return errc::malformed_token;
    }
    if (now_s >= exp->as_number() + leeway) {
        return errc::expired;
    }
    if (const json::value* nbf = payload->find("nbf")) {
        if (!nbf->is_number()) {
            return errc::malformed_token;
        }
        if (now_s + leeway < nbf->as_number()) {
            return errc::not_yet_valid;
        }
    }

    claims out;
    // Clamped: converting a double beyond int64's range is undefined behaviour.
    out.expires_at = exp->as_number() >= 9.2e18 ? std::numeric_limits<std::int64_t>::max()
                                                : static_cast<std::int64_t>(exp->as_number());
    for (auto [name, field] : {std::pair{"sub", &out.subject}, std::pair{"iss", &out.issuer}}) {
        if (const json::value* v = payload->find(name)) {
            if (!v->is_string()) {
                return errc::malformed_token;
            }
            *field = v->as_string();
        }
    }
    if (!opts_.issuer.empty() && out.issuer != opts_.issuer) {
        return errc::wrong_issuer;
    }
    if (!opts_.audience.empty() && !audience_matches(payload->find("aud"), opts_.audience)) {
        return errc::wrong_audience;
    }
    for (const auto& path : role_paths_) {
        collect_roles(*payload, path, out.roles);
    }
    std::sort(out.roles.begin(), out.roles.end());
    out.roles.erase(std::unique(out.roles.begin(), out.roles.end()), out.roles.end());
    return out;
}

result<std::string_view> bearer_token(std::string_view header) noexcept {
    constexpr std::string_view ws = " \t";
    auto b = header.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return errc::missing_token;
    }
    header = header.substr(b, header.find_last_not_of(ws) - b + 1);
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size() ||
        !std::equal(
            scheme.begin(), scheme.end(), header.begin(),
            [](char s, char h) { return s == (h >= 'A' && h <= 'Z' ? h - 'A' + 'a' : h); }) ||
        ws.find(header[scheme.size()]) == std::string_view::npos) {
        return errc::missing_token;
    }
    auto token = header.substr(scheme.size());
    token.remove_prefix(std::min(token.find_first_not_of(ws), token.size()));
    if (token.empty()) {
        return errc::missing_token;
    }
    return token;
}

}  // namespace certgate::auth
