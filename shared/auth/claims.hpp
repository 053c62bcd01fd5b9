// File: shared/auth/claims.hpp
// What a verified bearer token says about its holder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::auth {

struct claims {
    std::string subject;             // "sub"; empty when absent
    std::string issuer;              // "iss"; empty when absent
    std::vector<std::string> roles;  // the union of all role claims, sorted, without duplicates
    std::int64_t expires_at = 0;     // "exp", seconds since the Unix epoch
};

// True when `c` carries `role` (exact, case-sensitive match).
bool has_role(const claims& c, std::string_view role) noexcept;

}  // namespace certgate::auth
