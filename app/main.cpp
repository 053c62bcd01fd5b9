// certgate: one binary for DIVOC's Update Certificate API, the verify endpoint and CRL
// distribution. main only dispatches to the subcommands in app/cmd_*.cpp.
#include "app/commands.hpp"

#include <cstdio>
#include <cstring>
#include <exception>

namespace {

constexpr const char* usage =
    "usage: certgate <command> [options]   (certgate <command> --help for details)\n"
    "\n"
    "commands:\n"
    "  serve                          run the service (embedded default: ./certgate-data, :8080)\n"
    "  token --role ROLE              print a JWT for the write API, signed with the local key\n"
    "  canon FILE                     URDNA2015 canonical N-Quads of a JSON-LD document\n"
    "  sign FILE --key PRIV.pem       add a DIVOC-compatible Linked Data proof\n"
    "  verify FILE... --trust M=KEY   verify certificates (JSON, ZIP or transcoded ZIP)\n"
    "  import FILE... --data DIR      load DIVOC-signed certificates into the store\n"
    "\n"
    "Exit codes: 0 ok, 1 a negative result, 2 usage or set-up error.\n";

struct command {
    const char* name;
    int (*run)(int, char**);
};

constexpr command commands[] = {
    {"serve", certgate::app::run_serve},   {"token", certgate::app::run_token},
    {"canon", certgate::app::run_canon},   {"sign", certgate::app::run_sign},
    {"verify", certgate::app::run_verify}, {"import", certgate::app::run_import},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(usage, stderr);
        return 2;
    }
    if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
        std::strcmp(argv[1], "help") == 0) {
        std::fputs(usage, stdout);
        return 0;
    }
    for (const auto& c : commands) {
        if (std::strcmp(argv[1], c.name) == 0) {
            // Exceptions are for bugs and start-up failures only; report them instead of aborting.
            try {
                return c.run(argc, argv);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "certgate %s: internal error: %s\n", c.name, e.what());
                return 2;
            }
        }
    }
    std::fprintf(stderr, "certgate: unknown command '%s'\n%s", argv[1], usage);
    return 2;
}
