// certgate-bench: the HTTP load generator (and `seed`). Wiring only: parse options, build the
// workload, run, write the results. See bench/README.md.
#include "bench/load/options.hpp"
#include "bench/load/report.hpp"
#include "bench/load/runner.hpp"
#include "bench/load/seed.hpp"
#include "bench/load/workload.hpp"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace certgate::bench;

namespace {

bool write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string error;
    auto p = parse_args(args, error);
    if (!p) {
        std::fprintf(stderr, "certgate-bench: %s\n\n%s", error.c_str(), usage().c_str());
        return 2;
    }
    if (auto* h = std::get_if<help_request>(&*p)) {
        std::fputs(h->text.c_str(), stdout);
        return 0;
    }
    if (auto* s = std::get_if<seed_options>(&*p)) {
        return run_seed(*s);
    }
    const auto& o = std::get<load_options>(*p);
    auto w = make_workload(o, error);
    if (!w) {
        std::fprintf(stderr, "certgate-bench: %s\n", error.c_str());
        return 2;
    }
    auto r = run_load(o, *w, error);
    if (!r) {
        std::fprintf(stderr, "certgate-bench: %s\n", error.c_str());
        return 1;
    }
    std::fputs(to_text(*r).c_str(), stdout);
    if (!o.json_out.empty() && !write_text(o.json_out, to_json(*r) + "\n")) {
        std::fprintf(stderr, "certgate-bench: cannot write %s\n", o.json_out.c_str());
        return 1;
    }
    if (!o.svg_out.empty() && !write_text(o.svg_out, to_svg(*r))) {
        std::fprintf(stderr, "certgate-bench: cannot write %s\n", o.svg_out.c_str());
        return 1;
    }
    return r->completed > 0 ? 0 : 1;
}
