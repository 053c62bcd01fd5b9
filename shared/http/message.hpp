// File: shared/http/message.hpp
// Plain request and response types that handlers see, free of Beast (the server converts), plus
// helpers for JSON answers in the error shape of DESIGN.md: {"code":"snake_case","message":"..."}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::http {

// Header fields in arrival order; names compare case-insensitively.
using fields = std::vector<std::pair<std::string, std::string>>;

// The first field named `name` (ASCII case-insensitive), or empty when absent.
std::optional<std::string_view> find_field(const fields& f, std::string_view name) noexcept;

struct request {
    std::string method;  // "GET", "POST", ... as sent (methods are case-sensitive)
    std::string target;  // origin-form, as sent: "/path?query"
    fields headers;
    std::string body;
    unsigned version = 11;  // 10 or 11
    bool keep_alive = true;

    // `target` up to '?' (not decoded), and after it (empty when there is none).
    std::string_view path() const noexcept;
    std::string_view query() const noexcept;
    std::optional<std::string_view> header(std::string_view name) const noexcept {
        return find_field(headers, name);
    }
};

struct response {
    unsigned status = 200;
    fields headers;  // Content-Length and Connection are set by the server
    std::string body;

    // Replaces a field of that name or adds it.
    response& set(std::string_view name, std::string_view value);
    std::optional<std::string_view> header(std::string_view name) const noexcept {
        return find_field(headers, name);
    }
};

// A response with Content-Type: application/json and `body` as is (already serialized JSON).
response json_response(unsigned status, std::string body);
// {"code":code,"message":message} with Content-Type: application/json. `code` is snake_case and
// names the input problem, never internals.
response error_response(unsigned status, std::string_view code, std::string_view message);

}  // namespace certgate::http
