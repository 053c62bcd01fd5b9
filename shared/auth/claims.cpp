#include "shared/auth/claims.hpp"

#include <algorithm>

namespace certgate::auth {

bool has_role(const claims& c, std::string_view role) noexcept {
    return std::binary_search(c.roles.begin(), c.roles.end(), role,
                              [](std::string_view a, std::string_view b) { return a < b; });
}

}  // namespace certgate::auth
