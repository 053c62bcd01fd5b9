// File: verify/messages.hpp
// The text a verifier app shows for each verdict. Every (status, reason) pair has a default;
// config may override any of them, optionally per locale, chosen by the request's
// Accept-Language. Immutable after construction, so shared freely across threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace certgate::verify {

class message_table {
public:
    // Starts with the defaults. The one for revoked/updated is exactly
    // "certificate revoked, please download the updated certificate from the portal".
    message_table();

    // Overrides the text for (status, reason); an empty locale sets the default text.
    // `reason` "*" sets the fallback for every reason of that status.
    void set(std::string_view status, std::string_view reason, std::string text,
             std::string_view locale = {});

    // The text for (status, reason) in the best locale that `accept_language` allows
    // (RFC 9110 weights, exact tag then primary subtag), else the default locale.
    const std::string& lookup(std::string_view status, std::string_view reason,
                              std::string_view accept_language = {}) const;

private:
    using key = std::pair<std::string, std::string>;  // (status/reason, locale)
    const std::string* find(std::string_view status, std::string_view reason,
                            std::string_view locale) const;
    std::map<key, std::string, std::less<>> texts_;
    std::string fallback_;
};

}  // namespace certgate::verify
