// certgate: wiring only. Subcommands live in app/cli_*.cpp.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
        std::puts("usage: certgate <serve|token|canon|sign|verify|import> [options]");
        return argc < 2 ? 2 : 0;
    }
    std::fprintf(stderr, "certgate: unknown subcommand '%s'\n", argv[1]);
    return 2;
}
