// certgate token --role R: a JWT signed with the data directory's local token key, so a new user
// can call the write API at once.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "shared/auth/issue.hpp"
#include "shared/crypto/key_load.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>

namespace certgate::app {

namespace {
constexpr const char* usage =
    "usage: certgate token --role ROLE [--role ROLE]... [--ttl 1h] [--subject NAME] [--data DIR]\n"
    "\n"
    "Prints only a JWT (one line), signed with DIR/keys/auth.pem (made by the first\n"
    "`certgate serve`), carrying the roles in realm_access.roles. Use it as\n"
    "`Authorization: Bearer <token>`. Roles: facility-staff (certify, update, revoke),\n"
    "facility-admin (read, suspend).\n"
    "\n"
    "  --role ROLE     a role to grant; repeatable (at least one)\n"
    "  --ttl DURATION  lifetime: 90s, 30m, 1h, 7d (default 1h, at most 30d)\n"
    "  --subject NAME  the token's sub claim (default certgate-cli)\n"
    "  --data DIR      data directory (default ./certgate-data)\n"
    "\n"
    "Exit codes: 0 ok, 2 usage or a missing key.\n";

// "90s", "30m", "1h", "7d" or plain seconds.
std::optional<std::chrono::seconds> parse_ttl(const std::string& s) {
    long long n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || n <= 0) {
        return std::nullopt;
    }
    std::string_view unit(p, static_cast<std::size_t>(s.data() + s.size() - p));
    long long mult = unit.empty() || unit == "s" ? 1
                     : unit == "m"               ? 60
                     : unit == "h"               ? 3600
                     : unit == "d"               ? 86400
                                                 : 0;
    if (mult == 0 || n > 30LL * 86400 / mult) {
        return std::nullopt;
    }
    return std::chrono::seconds(n * mult);
}
}  // namespace

int run_token(int argc, char** argv) {
    parsed_args args(
        argc, argv, 2,
        {.with_value = {"--role", "--ttl", "--subject", "--data", "--config"}, .flags = {}});
    if (args.help()) {
        std::fputs(usage, stdout);
        return 0;
    }
    auto roles = args.values("--role");
    if (!args.error().empty() || !args.positionals().empty() || roles.empty()) {
        std::fprintf(stderr, "certgate token: %s\n%s",
                     !args.error().empty() ? args.error().c_str() : "expected --role", usage);
        return 2;
    }
    auto ttl = parse_ttl(args.value("--ttl").value_or("1h"));
    if (!ttl) {
        std::fprintf(stderr,
                     "certgate token: --ttl must be like 90s, 30m, 1h or 7d (at most 30d)\n");
        return 2;
    }
    std::string message;
    config cfg;
    if (!load_config(args, cfg, message)) {
        std::fprintf(stderr, "certgate token: %s\n", message.c_str());
        return 2;
    }
    auto key_path = cfg.in_data("keys/auth.pem");
    auto key = ossl::load_private_key_file(key_path);
    if (!key) {
        std::fprintf(
            stderr,
            "certgate token: cannot load %s (%s); run `certgate serve --data %s` once first\n",
            key_path.c_str(), key.error().message().c_str(), cfg.data_dir.c_str());
        return 2;
    }
    auto token =
        auth::issue_token(*key, roles, *ttl, args.value("--subject").value_or("certgate-cli"),
                          std::chrono::system_clock::now());
    if (!token) {
        std::fprintf(stderr, "certgate token: %s\n", token.error().message().c_str());
        return 2;
    }
    std::printf("%s\n", token->c_str());
    return 0;
}

}  // namespace certgate::app
