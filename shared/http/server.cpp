#include "shared/http/server.hpp"

#include "shared/http/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace certgate::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Ends of a connection that are part of normal life: the client went away, was idle too long, or
// the server is stopping. They are logged at debug level only.
bool is_normal_close(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
           ec == beast::error::timeout || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == net::error::broken_pipe ||
           ec == net::error::operation_aborted || ec == net::error::not_connected;
}

struct connection {
    explicit connection(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    // Waiting for the header of a next request (so stop() may close it). Touched on the strand.
    bool idle = false;
};

std::string clip(std::string_view s, std::size_t n = 200) { return std::string(s.substr(0, n)); }

}  // namespace

struct server::impl : std::enable_shared_from_this<server::impl> {
    impl(net::io_context& c, router r, server_options o, log::logger& l)
        : ioc(c),
          routes(std::move(r)),
          opts(std::move(o)),
          log(l),
          strand(net::make_strand(c)),
          acceptor(strand) {}

    net::io_context& ioc;
    const router routes;
    const server_options opts;
    log::logger& log;
    net::strand<net::io_context::executor_type> strand;  // acceptor, signals and stop state
    tcp::acceptor acceptor;
    std::optional<net::signal_set> signals;
    endpoint bound;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> next_id{0};
    std::atomic<std::size_t> open{0};
    mutable std::mutex mu;  // guards conns
    std::unordered_map<connection*, std::weak_ptr<connection>> conns;

    void track(const std::shared_ptr<connection>& c) {
        std::lock_guard lock(mu);
        conns.emplace(c.get(), c);
        ++open;
    }
    void untrack(connection* c) {
        std::lock_guard lock(mu);
        conns.erase(c);
        --open;
    }

    net::awaitable<void> accept_loop();
    net::awaitable<void> session(std::shared_ptr<connection> conn);
    net::awaitable<bool> send(connection& conn, response& res, unsigned version, bool keep_alive,
                              bool head_only = false);
    void access(std::uint64_t id, std::string_view method, std::string_view target, unsigned status,
                std::chrono::steady_clock::time_point start, bool sent) const;
    net::awaitable<void> linger_close(connection& conn);
    net::awaitable<void> drain(std::chrono::milliseconds deadline);
    void begin_stop(std::chrono::milliseconds deadline);  // on `strand`
};

net::awaitable<void> server::impl::accept_loop() {
    auto self = shared_from_this();
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), use_tuple);
        if (ec) {
            if (ec == net::error::operation_aborted || stopping) {
                co_return;
            }
            // E.g. out of file descriptors: back off instead of spinning on the error.
            log.warn("http accept failed: " + ec.message());
            net::steady_timer backoff(strand, 50ms);
            co_await backoff.async_wait(use_tuple);
            continue;
        }
        if (stopping) {
            co_return;
        }
        if (open.load() >= opts.max_connections) {
            log.warn("http connection refused: " + std::to_string(opts.max_connections) +
                     " connections open");
            continue;
        }
        beast::error_code opt_ec;
        socket.set_option(tcp::no_delay(true), opt_ec);
        auto conn = std::make_shared<connection>(tcp::socket(std::move(socket)));
        track(conn);
        net::co_spawn(conn->stream.get_executor(), session(conn),
                      [self, raw = conn.get()](std::exception_ptr ep) {
                          self->untrack(raw);
                          if (!ep) {
                              return;
                          }
                          // A bug: the session catches handler exceptions itself.
                          try {
                              std::rethrow_exception(ep);
                          } catch (const std::exception& e) {
                              self->log.error(std::string("http session failed: ") + e.what());
                          } catch (...) {
                              self->log.error("http session failed: unknown exception");
                          }
                      });
    }
}

void server::impl::access(std::uint64_t id, std::string_view method, std::string_view target,
                          unsigned status, std::chrono::steady_clock::time_point start,
                          bool sent) const {
    if (!log.enabled(opts.access_log_level)) {
        return;
    }
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    log.write(opts.access_log_level,
              "id=" + std::to_string(id) + " method=" + clip(method, 16) +
                  " target=" + clip(target) + " status=" + std::to_string(status) +
                  " us=" + std::to_string(us) + (sent ? "" : " write_failed=1"));
}

net::awaitable<bool> server::impl::send(connection& conn, response& res, unsigned version,
                                        bool keep_alive, bool head_only) {
    bhttp::response<bhttp::string_body> out;
    out.result(res.status);
    out.version(version);
    for (const auto& [name, value] : res.headers) {
        out.set(name, value);
    }
    out.body() = std::move(res.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    if (head_only) {
        out.body().clear();  // HEAD: the GET answer's header, Content-Length included, no body
    }
    conn.stream.expires_after(opts.timeout);
    auto [ec, n] = co_await bhttp::async_write(conn.stream, out, use_tuple);
    if (ec) {
        log.debug("http write ended: " + ec.message());
        co_return false;
    }
    co_return true;
}

net::awaitable<void> server::impl::linger_close(connection& conn) {
    // After an early answer (413, 400) the client may still be sending. Closing with unread data
    // makes the kernel reset the connection, and the client may lose our answer; so half-close and
    // drop what arrives, bounded in bytes and time.
    beast::error_code ec;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn.stream.expires_after(std::min<std::chrono::milliseconds>(opts.timeout, 2s));
    std::array<char, 16 * 1024> scratch{};
    std::size_t total = 0;
    while (total < 8 * opts.body_limit) {
        auto [rec, n] = co_await conn.stream.async_read_some(net::buffer(scratch), use_tuple);
        if (rec) {
            break;
        }
        total += n;
    }
    conn.stream.socket().close(ec);
}

net::awaitable<void> server::impl::session(std::shared_ptr<connection> conn) {
    auto& stream = conn->stream;
    beast::flat_buffer buffer;
    for (;;) {
        if (stopping) {
            break;
        }
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
        // No limit while reading the header: the route's limit is applied below, once it is known.
        parser.body_limit(boost::none);
        conn->idle = true;
        stream.expires_after(opts.timeout);
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
        conn->idle = false;
        auto start = std::chrono::steady_clock::now();
        auto id = ++next_id;
        if (ec) {
            if (is_normal_close(ec)) {
                log.debug("http connection ended: " + ec.message());
                break;
            }
            auto res =
                ec == bhttp::error::header_limit
                    ? error_response(431, "header_too_large",
                                     "the request header exceeds " +
                                         std::to_string(opts.header_limit) + " bytes")
                    : error_response(400, "bad_request", "the request is not valid HTTP/1.1");
            log.debug("http unreadable request: " + ec.message());
            bool sent = co_await send(*conn, res, 11, false);
            access(id, "-", "-", res.status, start, sent);
            if (sent) {
                co_await linger_close(*conn);
            }
            break;
        }

        auto& head = parser.get();
        std::string_view target = head.target();
        std::string_view path = target.substr(0, target.find('?'));
        auto match = routes.match(head.method_string(), path);
        std::size_t limit = opts.body_limit;
        if (match.matched != nullptr && match.matched->options.body_limit) {
            limit = *match.matched->options.body_limit;
        }
        auto too_large = [&] {
            return error_response(413, "too_large",
                                  "the request body exceeds " + std::to_string(limit) + " bytes");
        };
        if (auto length = parser.content_length(); length && *length > limit) {
            // Answer before reading the body; the connection cannot be reused.
            auto res = too_large();
            bool sent = co_await send(*conn, res, head.version(), false);
            access(id, head.method_string(), head.target(), res.status, start, sent);
            if (sent) {
                co_await linger_close(*conn);
            }
            break;
        }
        parser.body_limit(limit);
        if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
            bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, head.version()};
            stream.expires_after(opts.timeout);
            auto [wec, wn] = co_await bhttp::async_write(stream, go_on, use_tuple);
            if (wec) {
                break;
            }
        }
        if (!parser.is_done()) {
            stream.expires_after(opts.timeout);
            auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            if (bec) {
                if (is_normal_close(bec)) {
                    log.debug("http connection ended in a body: " + bec.message());
                    break;
                }
                auto res =
                    bec == bhttp::error::body_limit
                        ? too_large()
                        : error_response(400, "bad_request", "the request body is malformed");
                bool sent = co_await send(*conn, res, head.version(), false);
                access(id, head.method_string(), head.target(), res.status, start, sent);
                if (sent) {
                    co_await linger_close(*conn);
                }
                break;
            }
        }

        auto msg = parser.release();
        request req;
        req.method = msg.method_string();
        req.target = msg.target();
        req.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
        for (const auto& f : msg) {
            req.headers.emplace_back(f.name_string(), f.value());
        }
        req.body = std::move(msg.body());
        req.version = msg.version();
        req.keep_alive = msg.keep_alive();

        response res;
        switch (match.result) {
            case route_match::outcome::found: {
                request_context ctx{req, std::move(match.params), log, id};
                bool failed = false;
                try {
                    res = co_await match.matched->fn(ctx);
                } catch (const std::exception& e) {
                    log.error("http handler failed: id=" + std::to_string(id) +
                              " route=" + match.matched->pattern + " what=" + e.what());
                    failed = true;
                } catch (...) {
                    log.error("http handler failed: id=" + std::to_string(id) +
                              " route=" + match.matched->pattern + " unknown exception");
                    failed = true;
                }
                if (failed) {
                    res = error_response(500, "internal_error", "the server failed to answer");
                }
                break;
            }
            case route_match::outcome::not_found:
                res = error_response(404, "not_found",
                                     "no route for " + req.method + " " + clip(req.path()));
                break;
            case route_match::outcome::method_not_allowed:
                res = error_response(405, "method_not_allowed",
                                     req.method + " is not allowed here; allowed: " + match.allow);
                res.set("Allow", match.allow);
                break;
            case route_match::outcome::bad_path:
                res = error_response(400, "bad_path", "the path has malformed percent-encoding");
                break;
        }

        unsigned status = res.status;
        bool keep_alive = req.keep_alive && !stopping;
        bool sent = co_await send(*conn, res, req.version, keep_alive, req.method == "HEAD");
        access(id, req.method, req.target, status, start, sent);
        if (!sent || !keep_alive) {
            break;
        }
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.socket().close(ec);
}

void server::impl::begin_stop(std::chrono::milliseconds deadline) {
    if (stopping.exchange(true)) {
        return;
    }
    log.info("http stopping: " + std::to_string(open.load()) + " connections open");
    beast::error_code ec;
    acceptor.close(ec);
    std::vector<std::shared_ptr<connection>> live;
    {
        std::lock_guard lock(mu);
        for (auto& [raw, weak] : conns) {
            if (auto c = weak.lock()) {
                live.push_back(std::move(c));
            }
        }
    }
    // Idle keep-alive connections close now; one busy with a request closes after its answer.
    for (auto& c : live) {
        net::post(c->stream.get_executor(), [c] {
            if (c->idle) {
                c->stream.cancel();
            }
        });
    }
    net::co_spawn(strand, drain(deadline), [self = shared_from_this()](std::exception_ptr ep) {
        if (ep) {
            self->log.error("http drain failed");
            self->ioc.stop();
        }
    });
}

net::awaitable<void> server::impl::drain(std::chrono::milliseconds deadline) {
    auto self = shared_from_this();
    auto until = std::chrono::steady_clock::now() + deadline;
    net::steady_timer tick(strand);
    // Polling a counter every 10 ms is simpler than signalling from every connection's end, and
    // costs nothing while stopping.
    while (open.load() > 0 && std::chrono::steady_clock::now() < until) {
        tick.expires_after(10ms);
        co_await tick.async_wait(use_tuple);
    }
    if (auto left = open.load(); left > 0) {
        log.warn("http stop deadline passed with " + std::to_string(left) + " connections open");
    } else {
        log.info("http stopped");
    }
    if (signals) {
        beast::error_code ec;
        signals->cancel(ec);
    }
    ioc.stop();
}

std::string endpoint::url() const {
    bool v6 = address.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

server::server(net::io_context& ioc, router routes, server_options opts, log::logger& logger)
    : impl_(std::make_shared<impl>(ioc, std::move(routes), std::move(opts), logger)) {}

server::~server() {
    net::post(impl_->strand, [self = impl_] {
        beast::error_code ec;
        self->acceptor.close(ec);
    });
}

result<endpoint> server::listen() {
    auto& s = *impl_;
    beast::error_code ec;
    tcp::endpoint ep;
    auto addr = net::ip::make_address(s.opts.host, ec);
    if (!ec) {
        ep = tcp::endpoint(addr, s.opts.port);
    } else {
        tcp::resolver resolver(s.ioc);
        auto found = resolver.resolve(s.opts.host, std::to_string(s.opts.port), ec);
        if (ec || found.empty()) {
            s.log.error("http listen: cannot resolve " + s.opts.host);
            return errc::bad_address;
        }
        ep = found.begin()->endpoint();
    }
    auto fail = [&](std::string_view what) {
        s.log.error("http listen on " + s.opts.host + ":" + std::to_string(s.opts.port) + ": " +
                    std::string(what) + ": " + ec.message());
        return ec;
    };
    if (s.acceptor.open(ep.protocol(), ec)) {
        return fail("open");
    }
    if (s.acceptor.set_option(net::socket_base::reuse_address(true), ec)) {
        return fail("reuse_address");
    }
    if (s.acceptor.bind(ep, ec)) {
        return fail("bind");
    }
    if (s.acceptor.listen(net::socket_base::max_listen_connections, ec)) {
        return fail("listen");
    }
    auto local = s.acceptor.local_endpoint(ec);
    if (ec) {
        return fail("local_endpoint");
    }
    s.bound = endpoint{local.address().to_string(), local.port()};
    net::co_spawn(s.strand, s.accept_loop(), [self = impl_](std::exception_ptr ep2) {
        if (ep2) {
            self->log.error("http accept loop failed");
        }
    });
    return s.bound;
}

endpoint server::local_endpoint() const { return impl_->bound; }

void server::stop(std::chrono::milliseconds deadline) {
    net::post(impl_->strand, [self = impl_, deadline] { self->begin_stop(deadline); });
}

void server::stop() { stop(impl_->opts.shutdown_deadline); }

void server::stop_on_signals() {
    auto self = impl_;
    // Installed here, synchronously, so a signal arriving right after this call is caught.
    self->signals.emplace(self->strand, SIGINT, SIGTERM);
    self->signals->async_wait([self](const beast::error_code& ec, int sig) {
        if (ec) {
            return;
        }
        self->log.info("http signal " + std::to_string(sig) + ": stopping");
        self->signals->async_wait([self](const beast::error_code& ec2, int) {
            if (!ec2) {
                self->log.warn("http second signal: stopping now");
                self->ioc.stop();
            }
        });
        self->begin_stop(self->opts.shutdown_deadline);
    });
}

std::size_t server::connections() const noexcept { return impl_->open.load(); }

void run(net::io_context& ioc, unsigned threads) {
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    std::vector<std::thread> extra;
    extra.reserve(threads - 1);
    for (unsigned i = 1; i < threads; ++i) {
        extra.emplace_back([&ioc] { ioc.run(); });
    }
    ioc.run();
    for (auto& t : extra) {
        t.join();
    }
}

}  // namespace certgate::http
