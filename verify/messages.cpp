#include "verify/messages.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace certgate::verify {

namespace {
std::string slot(std::string_view status, std::string_view reason) {
    std::string s(status);
    s.push_back('/');
    s.append(reason);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// Accept-Language entries by descending weight; q=0 entries are dropped. At most 16 are read,
// so a hostile header costs bounded work.
std::vector<std::string> preferred_locales(std::string_view header) {
    std::vector<std::pair<double, std::string>> tags;
    while (!header.empty() && tags.size() < 16) {
        auto comma = header.find(',');
        std::string_view item = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        double q = 1.0;
        auto semi = item.find(';');
        std::string_view tag = trim(item.substr(0, semi));
        if (semi != std::string_view::npos) {
            std::string_view param = trim(item.substr(semi + 1));
            if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                std::string qs(param.substr(2));
                char* end = nullptr;
                q = std::strtod(qs.c_str(), &end);
            }
        }
        if (!tag.empty() && tag != "*" && q > 0) {
            tags.emplace_back(q, lower(tag));
        }
    }
    std::stable_sort(tags.begin(), tags.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& t : tags) {
        out.push_back(std::move(t.second));
    }
    return out;
}
}  // namespace

message_table::message_table() : fallback_("certificate could not be verified") {
    set("valid", "ok", "certificate is valid");
    set("revoked", "updated",
        "certificate revoked, please download the updated certificate from the portal");
    set("revoked", "revoked", "certificate revoked");
    set("suspended", "suspended", "certificate suspended");
    set("invalid", "*", "certificate invalid");
    set("invalid", "bad_signature",
        "certificate invalid: the signature does not match its content");
    set("invalid", "unknown_key", "certificate invalid: it is not signed by a trusted issuer");
    set("invalid", "unknown_context", "certificate invalid: it uses an unknown format (@context)");
    set("invalid", "unsupported_proof", "certificate invalid: unsupported signature type");
    set("invalid", "id_mismatch",
        "certificate invalid: its certificate ID does not match its identity");
    set("invalid", "malformed", "not a readable certificate");
    set("invalid", "unsupported_format", "not a certificate QR code");
    set("invalid", "too_large", "certificate too large");
    set("invalid", "too_complex", "certificate too complex to check");
}

void message_table::set(std::string_view status, std::string_view reason, std::string text,
                        std::string_view locale) {
    texts_[{slot(status, reason), lower(locale)}] = std::move(text);
}

const std::string* message_table::find(std::string_view status, std::string_view reason,
                                       std::string_view locale) const {
    for (std::string_view r : {reason, std::string_view("*")}) {
        auto it = texts_.find(key{slot(status, r), std::string(locale)});
        if (it != texts_.end()) {
            return &it->second;
        }
    }
    return nullptr;
}

const std::string& message_table::lookup(std::string_view status, std::string_view reason,
                                         std::string_view accept_language) const {
    if (!accept_language.empty()) {
        for (const auto& tag : preferred_locales(accept_language)) {
            if (const auto* t = find(status, reason, tag)) {
                return *t;
            }
            auto dash = tag.find('-');
            if (dash != std::string::npos) {
                if (const auto* t = find(status, reason, std::string_view(tag).substr(0, dash))) {
                    return *t;
                }
            }
        }
    }
    if (const auto* t = find(status, reason, {})) {
        return *t;
    }
    return fallback_;
}

}  // namespace certgate::verify
