#include "app/cli_args.hpp"

namespace certgate::app {

parsed_args::parsed_args(int argc, char** argv, int first, const arg_spec& spec) {
    for (int i = first; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            help_ = true;
            continue;
        }
        if (a == "--") {
            for (++i; i < argc; ++i) {
                positionals_.emplace_back(argv[i]);
            }
            break;
        }
        if (a.size() > 2 && a.substr(0, 2) == "--") {
            std::string name(a);
            std::optional<std::string> inline_value;
            if (auto eq = a.find('='); eq != std::string_view::npos) {
                name = std::string(a.substr(0, eq));
                inline_value = std::string(a.substr(eq + 1));
            }
            if (spec.flags.count(name) != 0 && !inline_value) {
                flags_.insert(name);
            } else if (spec.with_value.count(name) != 0) {
                if (inline_value) {
                    values_[name].push_back(*inline_value);
                } else if (i + 1 < argc) {
                    values_[name].emplace_back(argv[++i]);
                } else {
                    error_ = "option " + name + " needs a value";
                    return;
                }
            } else {
                error_ = "unknown option " + name;
                return;
            }
            continue;
        }
        positionals_.emplace_back(a);
    }
}

std::optional<std::string> parsed_args::value(std::string_view name) const {
    auto it = values_.find(std::string(name));
    if (it == values_.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.back();
}

std::vector<std::string> parsed_args::values(std::string_view name) const {
    auto it = values_.find(std::string(name));
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace certgate::app
