// File: shared/json/parse.hpp
// Parses JSON text into an owned json::value with simdjson. Bounded by size and depth; strings
// must be valid UTF-8; trailing content after the value is rejected.
#pragma once

#include "shared/json/error.hpp"
#include "shared/json/value.hpp"
#include "shared/util/result.hpp"

#include <simdjson.h>

#include <cstddef>
#include <string_view>

namespace certgate::json {

struct parse_options {
    // Maximum nesting of arrays and objects. Default: 64.
    std::size_t max_depth = 64;
    // Maximum text size in bytes. Default: 1 MiB.
    std::size_t max_size = 1 << 20;
};

// A reusable parser: keeps simdjson's buffers between calls. Not thread-safe; keep one per
// thread or session. The returned value owns its data and outlives the parser.
class parser {
public:
    explicit parser(parse_options opts = {});
    [[nodiscard]] result<value> parse(std::string_view text);

private:
    parse_options opts_;
    simdjson::dom::parser dom_;
};

// One-shot convenience (allocates a parser per call).
[[nodiscard]] result<value> parse(std::string_view text, parse_options opts = {});

}  // namespace certgate::json
