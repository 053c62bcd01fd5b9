// File: app/cli_args.hpp
// A small command-line parser for certgate's subcommands: `--name value`, `--name=value`,
// repeatable options, boolean flags and positionals. Usage errors are values (exit code 2).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::app {

struct arg_spec {
    std::set<std::string, std::less<>> with_value;  // options that take a value, e.g. "--key"
    std::set<std::string, std::less<>> flags;       // boolean options, e.g. "--activate"
};

class parsed_args {
public:
    // Parses argv[first..argc). On a usage error, error() is set and the rest is unspecified.
    parsed_args(int argc, char** argv, int first, const arg_spec& spec);

    const std::string& error() const noexcept { return error_; }
    bool help() const noexcept { return help_; }
    bool flag(std::string_view name) const { return flags_.count(std::string(name)) != 0; }
    // The last value given for `name`, if any.
    std::optional<std::string> value(std::string_view name) const;
    // Every value given for `name`, in order.
    std::vector<std::string> values(std::string_view name) const;
    const std::vector<std::string>& positionals() const noexcept { return positionals_; }

private:
    std::string error_;
    bool help_ = false;
    std::set<std::string> flags_;
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positionals_;
};

}  // namespace certgate::app
