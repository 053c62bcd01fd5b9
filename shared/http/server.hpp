// File: shared/http/server.hpp
// The HTTP/1.1 server: an acceptor on host:port and one coroutine per connection on its own strand
// of a shared io_context, with keep-alive, read timeouts, header and body limits, one access-log
// line per request, and graceful shutdown (stop accepting, finish in-flight requests, then stop the
// io_context after a deadline). Beast stays inside server.cpp.
//
//   boost::asio::io_context ioc;
//   http::router routes;  routes.add("POST", "/verify", handler);
//   http::server srv(ioc, std::move(routes), opts, logger);
//   auto ep = srv.listen();                       // result<endpoint>
//   std::printf("listening on %s\n", ep->url().c_str());
//   srv.stop_on_signals();                        // SIGINT/SIGTERM → stop(opts.shutdown_deadline)
//   http::run(ioc, threads);                      // returns after stop
#pragma once

#include "shared/http/router.hpp"
#include "shared/util/log.hpp"
#include "shared/util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace certgate::http {

struct server_options {
    // Address to listen on: an IP literal or a resolvable name. Default: 127.0.0.1.
    std::string host = "127.0.0.1";
    // Port; 0 picks a free one (see server::local_endpoint). Default: 8080.
    std::uint16_t port = 8080;
    // Bound on each read (an idle keep-alive connection waiting for its next request, or a slow
    // client sending one) and each write; on expiry the connection closes. Default: 30 s.
    std::chrono::milliseconds timeout{30'000};
    // Largest request line + header fields; over it the answer is 431. Default: 16 KiB.
    std::size_t header_limit = 16 * 1024;
    // Largest request body unless the route sets its own; over it the answer is 413. Default: 1
    // MiB.
    std::size_t body_limit = 1024 * 1024;
    // Open connections; beyond it new ones are closed at once. Default: 10000.
    std::size_t max_connections = 10'000;
    // How long stop() lets in-flight requests finish before stopping the io_context. Default: 10 s.
    std::chrono::milliseconds shutdown_deadline{10'000};
    // Level of the one access-log line per request. Default: info.
    log::level access_log_level = log::level::info;
};

struct endpoint {
    std::string address;
    std::uint16_t port = 0;
    // "http://127.0.0.1:8080" ("http://[::1]:8080" for IPv6).
    std::string url() const;
};

// Owns the acceptor and the connections; the io_context, the router's handlers' state and the
// logger belong to the caller. The logger must outlive the io_context's handlers. All member
// functions are thread-safe.
class server {
public:
    server(boost::asio::io_context& ioc, router routes, server_options opts, log::logger& logger);
    server(const server&) = delete;
    server& operator=(const server&) = delete;
    // Stops accepting (without waiting); connections still running keep their state alive.
    ~server();

    // Binds, listens and starts accepting on the io_context. Fails with the socket error (e.g.
    // address in use) or errc::bad_address. Call once.
    [[nodiscard]] result<endpoint> listen();
    // The bound endpoint (after listen()).
    endpoint local_endpoint() const;

    // Graceful stop: close the acceptor, close idle keep-alive connections, let requests already
    // read finish (their connections close after the response), then stop the io_context when all
    // connections are gone or `deadline` has passed. Idempotent; returns at once.
    void stop(std::chrono::milliseconds deadline);
    void stop();  // with server_options::shutdown_deadline
    // SIGINT or SIGTERM → stop(); a second signal stops the io_context at once.
    void stop_on_signals();

    // Open connections now (tests, metrics).
    std::size_t connections() const noexcept;

    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

// Runs `ioc` on `threads` threads (the caller's included; 0 = hardware concurrency) and returns
// when it stops.
void run(boost::asio::io_context& ioc, unsigned threads = 0);

}  // namespace certgate::http
