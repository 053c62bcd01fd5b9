// File: shared/http/router.hpp
// Routes (method, path pattern) to coroutine handlers. Patterns are exact paths or have `{name}`
// segments that match one non-empty path segment ("/divoc/api/v1/certificates/{code}"); the
// segment is percent-decoded into a parameter. A path that matches with another method gives 405
// with Allow, none gives 404. HEAD falls back to the GET route (the server drops the body). Built
// once at startup, then read-only: match() is thread-safe.
#pragma once

#include "shared/http/message.hpp"
#include "shared/util/log.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::http {

// Path parameters: pattern name → decoded segment. Names view the router's storage.
using route_params = std::vector<std::pair<std::string_view, std::string>>;

// What a handler gets. Lives in the connection's coroutine frame until the response is written,
// so it may be used across co_await; the handler may move the request body out.
struct request_context {
    http::request& req;
    route_params params;
    log::logger& log = log::null_logger();
    std::uint64_t id = 0;  // the request id in the access log

    // The parameter `name`, or "" when the pattern has none of that name.
    std::string_view param(std::string_view name) const noexcept;
};

// A handler runs on the connection's strand. It must not block: offload blocking work with
// http::offload (offload.hpp). An escaping exception is a bug: the server logs it and answers 500.
using handler = std::function<boost::asio::awaitable<response>(request_context&)>;
// For pure-core adapters that answer at once without awaiting.
using sync_handler = std::function<response(request_context&)>;

struct route_options {
    // Largest accepted request body for this route; over it the server answers 413.
    // Default: server_options::body_limit.
    std::optional<std::size_t> body_limit;
};

struct route {
    std::string method;
    std::string pattern;
    handler fn;
    route_options options;

    struct segment {
        std::string text;  // a literal, or the parameter name
        bool is_param = false;
    };
    std::vector<segment> segments;
};

struct route_match {
    enum class outcome { found, not_found, method_not_allowed, bad_path };
    outcome result = outcome::not_found;
    const route* matched = nullptr;  // set when found
    route_params params;             // set when found
    std::string allow;               // for method_not_allowed: "GET, POST"
};

class router {
public:
    // Registers a route. Throws std::invalid_argument for a pattern that does not start with '/',
    // has an empty or malformed `{}` segment, or duplicates (method, shape) of another route:
    // those are programming errors, found at startup.
    router& add(std::string_view method, std::string_view pattern, handler fn,
                route_options opts = {});
    router& add_sync(std::string_view method, std::string_view pattern, sync_handler fn,
                     route_options opts = {});

    // Finds the route for `path` (not decoded, without the query). Literal segments win over
    // parameters, segment by segment from the left.
    route_match match(std::string_view method, std::string_view path) const;

    std::size_t size() const noexcept { return routes_.size(); }

private:
    // unique_ptr: routes keep their address, so params can view their names.
    std::vector<std::unique_ptr<route>> routes_;
};

}  // namespace certgate::http
