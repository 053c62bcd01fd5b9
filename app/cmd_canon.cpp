// certgate canon FILE: URDNA2015 canonical N-Quads of a JSON-LD document, exactly as given.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "shared/json/parse.hpp"
#include "shared/proof/linked_data_proof.hpp"

#include <cstdio>

namespace certgate::app {

namespace {
constexpr const char* usage =
    "usage: certgate canon FILE [--contexts DIR]\n"
    "\n"
    "Prints the URDNA2015 (RDFC-1.0, SHA-256) canonical N-Quads of the JSON-LD document in FILE,\n"
    "exactly as given (a credential keeps its proof). Contexts come only from DIR/index.json\n"
    "(default: the contexts folder beside the binary); an unknown context URL is an error.\n"
    "\n"
    "  --contexts DIR   JSON-LD context directory\n"
    "\n"
    "Exit codes: 0 ok, 1 the document cannot be canonicalized, 2 usage.\n";
}  // namespace

int run_canon(int argc, char** argv) {
    parsed_args args(argc, argv, 2, {.with_value = {"--contexts"}, .flags = {}});
    if (args.help()) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (!args.error().empty() || args.positionals().size() != 1) {
        std::fprintf(stderr, "certgate canon: %s\n%s",
                     args.error().empty() ? "expected one FILE" : args.error().c_str(), usage);
        return 2;
    }
    std::string message;
    auto contexts = load_contexts(args.value("--contexts").value_or(""), message);
    if (!contexts) {
        std::fprintf(stderr, "certgate canon: %s\n", message.c_str());
        return 2;
    }
    const std::string& file = args.positionals()[0];
    auto text = read_file(file);
    if (!text) {
        std::fprintf(stderr, "certgate canon: cannot read %s\n", file.c_str());
        return 2;
    }
    auto doc = json::parse(*text, {.max_depth = 64, .max_size = 16 << 20});
    if (!doc) {
        std::fprintf(stderr, "certgate canon: %s: %s\n", file.c_str(),
                     doc.error().message().c_str());
        return 1;
    }
    proof::engine engine(*contexts);
    auto nquads = engine.canonicalize(*doc);
    if (!nquads) {
        std::fprintf(stderr, "certgate canon: %s: %s\n", file.c_str(),
                     nquads.error().message().c_str());
        return 1;
    }
    std::fwrite(nquads->data(), 1, nquads->size(), stdout);
    return 0;
}

}  // namespace certgate::app
