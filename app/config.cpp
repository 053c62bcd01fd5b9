#include "app/config.hpp"

#include "app/cli_args.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>

namespace certgate::app {

namespace {

// One scalar option: its key in the config file, its environment variable, and how to set it
// from text. Lists (trust, messages, auth keys) are handled separately.
struct option {
    const char* key;
    const char* env;
    std::function<bool(config&, const std::string&)> set;
};

template <class T>
bool parse_uint(const std::string& s, T& out) {
    unsigned long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) {
        return false;
    }
    out = static_cast<T>(v);
    return static_cast<unsigned long long>(out) == v;
}

#define CERTGATE_STR(field)               \
    [](config& c, const std::string& s) { \
        c.field = s;                      \
        return true;                      \
    }
#define CERTGATE_UINT(field) [](config& c, const std::string& s) { return parse_uint(s, c.field); }

const std::vector<option>& options() {
    static const std::vector<option> table = {
        {"listen", "CERTGATE_LISTEN", CERTGATE_STR(listen)},
        {"threads", "CERTGATE_THREADS", CERTGATE_UINT(threads)},
        {"data", "CERTGATE_DATA", CERTGATE_STR(data_dir)},
        {"contexts", "CERTGATE_CONTEXTS", CERTGATE_STR(contexts_dir)},
        {"signingKey", "CERTGATE_SIGNING_KEY", CERTGATE_STR(signing_key)},
        {"keyType", "CERTGATE_KEY_TYPE", CERTGATE_STR(key_type)},
        {"verificationMethod", "CERTGATE_VERIFICATION_METHOD", CERTGATE_STR(verification_method)},
        {"authJwks", "CERTGATE_AUTH_JWKS", CERTGATE_STR(auth_jwks)},
        {"staffRole", "CERTGATE_STAFF_ROLE", CERTGATE_STR(staff_role)},
        {"adminRole", "CERTGATE_ADMIN_ROLE", CERTGATE_STR(admin_role)},
        {"authLeewaySeconds", "CERTGATE_AUTH_LEEWAY_SECONDS", CERTGATE_UINT(auth_leeway_s)},
        {"bodyLimit", "CERTGATE_BODY_LIMIT", CERTGATE_UINT(body_limit)},
        {"payloadLimit", "CERTGATE_PAYLOAD_LIMIT", CERTGATE_UINT(payload_limit)},
        {"jsonDepth", "CERTGATE_JSON_DEPTH", CERTGATE_UINT(json_depth)},
        {"canonWork", "CERTGATE_CANON_WORK", CERTGATE_UINT(canon_work)},
        {"readTimeoutSeconds", "CERTGATE_READ_TIMEOUT_SECONDS", CERTGATE_UINT(read_timeout_s)},
        {"verifyCache", "CERTGATE_VERIFY_CACHE", CERTGATE_UINT(verify_cache)},
        {"updateLimit", "CERTGATE_UPDATE_LIMIT", CERTGATE_UINT(update_limit)},
        {"certificateIdDigits", "CERTGATE_CERTIFICATE_ID_DIGITS",
         CERTGATE_UINT(certificate_id_digits)},
        {"maxItems", "CERTGATE_MAX_ITEMS", CERTGATE_UINT(max_items)},
        {"issuer", "CERTGATE_ISSUER", CERTGATE_STR(issuer)},
        {"baseUrl", "CERTGATE_BASE_URL", CERTGATE_STR(base_url)},
        {"did", "CERTGATE_DID", CERTGATE_STR(did)},
        {"contextV1", "CERTGATE_CONTEXT_V1", CERTGATE_STR(context_v1)},
        {"contextV2", "CERTGATE_CONTEXT_V2", CERTGATE_STR(context_v2)},
        {"follow", "CERTGATE_FOLLOW", CERTGATE_STR(follow)},
        {"crlPollSeconds", "CERTGATE_CRL_POLL_SECONDS", CERTGATE_UINT(crl_poll_s)},
    };
    return table;
}

#undef CERTGATE_STR
#undef CERTGATE_UINT

}  // namespace

bool parse_trust_list(const std::string& s, std::vector<trust_entry>& out, std::string& message) {
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
            message = "trust entry '" + item + "' is not METHOD=KEYFILE";
            return false;
        }
        out.push_back({item.substr(0, eq), item.substr(eq + 1)});
    }
    return true;
}

namespace {

std::string scalar_text(const json::value& v) {
    if (v.is_string()) {
        return v.as_string();
    }
    if (v.is_number() || v.is_bool()) {
        return json::to_string(v);
    }
    return "\x01";  // never a valid value, so the setter rejects it
}

}  // namespace

std::filesystem::path config::in_data(const std::string& path) const {
    std::filesystem::path p(path);
    return p.is_absolute() ? p : std::filesystem::path(data_dir) / p;
}

std::vector<std::pair<std::string, std::string>> config_keys() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& o : options()) {
        out.emplace_back(o.key, o.env);
    }
    out.emplace_back("trust", "CERTGATE_TRUST");
    out.emplace_back("messages", "");
    out.emplace_back("authKeys", "");
    return out;
}

bool apply_config_file(config& c, const std::filesystem::path& file, std::string& message) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        message = "cannot read config file " + file.string();
        return false;
    }
    std::string text{std::istreambuf_iterator<char>(in), {}};
    auto doc = json::parse(text);
    if (!doc || !doc->is_object()) {
        message = "config file " + file.string() + " is not a JSON object";
        return false;
    }
    for (const auto& [key, value] : doc->as_object()) {
        if (key == "trust") {
            if (!value.is_array()) {
                message = "config key 'trust' must be an array of {method, key}";
                return false;
            }
            for (const auto& t : value.as_array()) {
                const json::value* m = t.find("method");
                const json::value* k = t.find("key");
                if (m == nullptr || !m->is_string() || k == nullptr || !k->is_string()) {
                    message = "config key 'trust' must be an array of {method, key}";
                    return false;
                }
                c.trust.push_back({m->as_string(), k->as_string()});
            }
            continue;
        }
        if (key == "messages") {
            if (!value.is_array()) {
                message =
                    "config key 'messages' must be an array of {status, reason, locale?, text}";
                return false;
            }
            for (const auto& m : value.as_array()) {
                const json::value* s = m.find("status");
                const json::value* r = m.find("reason");
                const json::value* l = m.find("locale");
                const json::value* t = m.find("text");
                if (s == nullptr || !s->is_string() || r == nullptr || !r->is_string() ||
                    t == nullptr || !t->is_string() || (l != nullptr && !l->is_string())) {
                    message =
                        "config key 'messages' must be an array of {status, reason, locale?, text}";
                    return false;
                }
                c.messages.push_back({s->as_string(), r->as_string(),
                                      l != nullptr ? l->as_string() : "", t->as_string()});
            }
            continue;
        }
        if (key == "authKeys") {
            if (!value.is_array()) {
                message = "config key 'authKeys' must be an array of file names";
                return false;
            }
            c.auth_keys.clear();
            for (const auto& k : value.as_array()) {
                if (!k.is_string()) {
                    message = "config key 'authKeys' must be an array of file names";
                    return false;
                }
                c.auth_keys.push_back(k.as_string());
            }
            continue;
        }
        bool known = false;
        for (const auto& o : options()) {
            if (key == o.key) {
                known = true;
                if (!o.set(c, scalar_text(value))) {
                    message = "config key '" + key + "' has an invalid value";
                    return false;
                }
            }
        }
        if (!known) {
            message = "unknown config key '" + key + "' in " + file.string();
            return false;
        }
    }
    return true;
}

bool apply_environment(config& c, std::string& message) {
    for (const auto& o : options()) {
        if (const char* v = std::getenv(o.env)) {
            if (!o.set(c, v)) {
                message = std::string("environment variable ") + o.env + " has an invalid value";
                return false;
            }
        }
    }
    if (const char* v = std::getenv("CERTGATE_TRUST")) {
        if (!parse_trust_list(v, c.trust, message)) {
            return false;
        }
    }
    return true;
}

bool validate(const config& c, std::string& message) {
    auto colon = c.listen.rfind(':');
    unsigned port = 0;
    if (colon == std::string::npos || colon == 0 || !parse_uint(c.listen.substr(colon + 1), port) ||
        port > 65535) {
        message = "listen must be HOST:PORT (got '" + c.listen + "')";
        return false;
    }
    if (c.key_type != "rsa" && c.key_type != "ed25519") {
        message = "keyType must be rsa or ed25519";
        return false;
    }
    if (c.threads > 256) {
        message = "threads must be at most 256";
        return false;
    }
    if (c.certificate_id_digits < 9 || c.certificate_id_digits > 18) {
        message = "certificateIdDigits must be 9..18";
        return false;
    }
    if (c.update_limit == 0 || c.max_items == 0 || c.max_items > 10000) {
        message = "updateLimit must be at least 1 and maxItems 1..10000";
        return false;
    }
    if (c.json_depth < 8 || c.json_depth > 256 || c.payload_limit < 1024 || c.body_limit < 1024) {
        message = "jsonDepth must be 8..256, payloadLimit and bodyLimit at least 1024";
        return false;
    }
    if (c.verification_method.empty()) {
        message = "verificationMethod must not be empty";
        return false;
    }
    if (c.crl_poll_s == 0) {
        message = "crlPollSeconds must be at least 1";
        return false;
    }
    return true;
}

namespace {

bool apply_flags(const parsed_args& args, config& c, std::string& message) {
    auto str = [&](const char* flag, std::string& field) {
        if (auto v = args.value(flag)) {
            field = *v;
        }
    };
    str("--data", c.data_dir);
    str("--listen", c.listen);
    str("--key-type", c.key_type);
    str("--follow", c.follow);
    str("--contexts", c.contexts_dir);
    if (auto v = args.value("--threads")) {
        if (!parse_uint(*v, c.threads)) {
            message = "--threads must be a number";
            return false;
        }
    }
    // A key file named on the command line is relative to the working directory, not data_dir.
    for (const auto& t : args.values("--trust")) {
        std::vector<trust_entry> given;
        if (!parse_trust_list(t, given, message)) {
            return false;
        }
        for (auto& e : given) {
            std::error_code ec;
            auto abs = std::filesystem::absolute(e.key, ec);
            if (!ec) {
                e.key = abs.string();
            }
            c.trust.push_back(std::move(e));
        }
    }
    return true;
}

}  // namespace

bool load_config(const parsed_args& args, config& out, std::string& message) {
    auto explicit_file = args.value("--config");
    // First pass: only to learn the data directory.
    config probe;
    if ((explicit_file && !apply_config_file(probe, *explicit_file, message)) ||
        !apply_environment(probe, message) || !apply_flags(args, probe, message)) {
        return false;
    }
    config c;
    c.data_dir = probe.data_dir;
    auto data_file = std::filesystem::path(c.data_dir) / "certgate.json";
    std::error_code ec;
    if (std::filesystem::exists(data_file, ec) && !apply_config_file(c, data_file, message)) {
        return false;
    }
    if ((explicit_file && !apply_config_file(c, *explicit_file, message)) ||
        !apply_environment(c, message) || !apply_flags(args, c, message)) {
        return false;
    }
    if (!validate(c, message)) {
        return false;
    }
    out = std::move(c);
    return true;
}

std::string first_start_config(const config& c) {
    json::value v{json::object{}};
    v.set("verificationMethod", c.verification_method);
    v.set("signingKey", c.signing_key);
    v.set("keyType", c.key_type);
    return json::to_string(v) + "\n";
}

}  // namespace certgate::app
