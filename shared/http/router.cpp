#include "shared/http/router.hpp"

#include "shared/http/query.hpp"

#include <algorithm>
#include <stdexcept>

namespace certgate::http {

namespace {

// Path segments after the leading '/': "/a/b" → {"a","b"}, "/" → {""}.
std::vector<std::string_view> path_segments(std::string_view path) {
    path.remove_prefix(1);
    std::vector<std::string_view> out;
    for (;;) {
        auto pos = path.find('/');
        out.push_back(path.substr(0, pos));
        if (pos == std::string_view::npos) {
            return out;
        }
        path.remove_prefix(pos + 1);
    }
}

bool same_shape(const route& a, const route& b) {
    if (a.segments.size() != b.segments.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
        const auto& x = a.segments[i];
        const auto& y = b.segments[i];
        if (x.is_param != y.is_param || (!x.is_param && x.text != y.text)) {
            return false;
        }
    }
    return true;
}

bool matches(const route& r, const std::vector<std::string_view>& segs) {
    if (r.segments.size() != segs.size()) {
        return false;
    }
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const auto& s = r.segments[i];
        if (s.is_param ? segs[i].empty() : s.text != segs[i]) {
            return false;
        }
    }
    return true;
}

// True when `a` is more specific than `b`: at the first position where one has a literal and the
// other a parameter, `a` has the literal.
bool more_specific(const route& a, const route& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
        if (a.segments[i].is_param != b.segments[i].is_param) {
            return !a.segments[i].is_param;
        }
    }
    return false;
}

}  // namespace

std::string_view request_context::param(std::string_view name) const noexcept {
    for (const auto& [n, v] : params) {
        if (n == name) {
            return v;
        }
    }
    return {};
}

router& router::add(std::string_view method, std::string_view pattern, handler fn,
                    route_options opts) {
    auto bad = [&](std::string_view why) {
        return std::invalid_argument("route " + std::string(method) + " " + std::string(pattern) +
                                     ": " + std::string(why));
    };
    if (method.empty() || pattern.empty() || pattern.front() != '/') {
        throw bad("method must be set and the pattern must start with '/'");
    }
    if (!fn) {
        throw bad("no handler");
    }
    auto r = std::make_unique<route>();
    r->method = method;
    r->pattern = pattern;
    r->fn = std::move(fn);
    r->options = opts;
    for (auto seg : path_segments(pattern)) {
        route::segment s;
        if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
            s.text = seg.substr(1, seg.size() - 2);
            s.is_param = true;
            if (s.text.empty() || s.text.find_first_of("{}/") != std::string::npos) {
                throw bad("malformed parameter segment");
            }
        } else {
            if (seg.find_first_of("{}") != std::string_view::npos) {
                throw bad("braces must enclose a whole segment");
            }
            s.text = seg;
        }
        r->segments.push_back(std::move(s));
    }
    for (const auto& other : routes_) {
        if (other->method == r->method && same_shape(*other, *r)) {
            throw bad("duplicates " + other->pattern);
        }
    }
    routes_.push_back(std::move(r));
    return *this;
}

router& router::add_sync(std::string_view method, std::string_view pattern, sync_handler fn,
                         route_options opts) {
    if (!fn) {
        throw std::invalid_argument("route " + std::string(pattern) + ": no handler");
    }
    // The lambda lives in the router for the server's lifetime, so its coroutine may refer to it.
    return add(
        method, pattern,
        [f = std::move(fn)](request_context& ctx) -> boost::asio::awaitable<response> {
            co_return f(ctx);
        },
        opts);
}

route_match router::match(std::string_view method, std::string_view path) const {
    route_match m;
    if (path.empty() || path.front() != '/') {
        return m;
    }
    auto segs = path_segments(path);
    const route* best = nullptr;
    std::vector<std::string_view> allowed;
    for (const auto& r : routes_) {
        if (!matches(*r, segs)) {
            continue;
        }
        if (r->method == method) {
            if (best == nullptr || more_specific(*r, *best)) {
                best = r.get();
            }
        } else {
            allowed.emplace_back(r->method);
        }
    }
    if (best == nullptr && method == "HEAD") {
        return match("GET", path);  // HEAD is served by the GET route, without the body
    }
    if (best == nullptr) {
        if (!allowed.empty()) {
            std::sort(allowed.begin(), allowed.end());
            allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
            m.result = route_match::outcome::method_not_allowed;
            for (auto a : allowed) {
                if (!m.allow.empty()) {
                    m.allow += ", ";
                }
                m.allow += a;
            }
        }
        return m;
    }
    for (std::size_t i = 0; i < segs.size(); ++i) {
        if (best->segments[i].is_param) {
            auto v = percent_decode(segs[i]);
            if (!v) {
                m.result = route_match::outcome::bad_path;
                m.params.clear();
                return m;
            }
            m.params.emplace_back(best->segments[i].text, std::move(*v));
        }
    }
    m.result = route_match::outcome::found;
    m.matched = best;
    return m;
}

}  // namespace certgate::http
