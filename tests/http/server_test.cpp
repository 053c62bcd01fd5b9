#include "shared/http/server.hpp"

#include "shared/http/health.hpp"
#include "shared/http/offload.hpp"
#include "tests/http/test_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace certgate;
using namespace std::chrono_literals;
namespace net = boost::asio;

namespace {

// A server on 127.0.0.1:0 run by two io_context threads; stopped and joined at scope exit.
class test_server {
public:
    explicit test_server(http::router routes, http::server_options opts = {},
                         log::logger* logger = nullptr) {
        opts.host = "127.0.0.1";
        opts.port = 0;
        srv_.emplace(ioc_, std::move(routes), opts, logger != nullptr ? *logger : log_);
        auto ep = srv_->listen();
        REQUIRE(ep.has_value());
        port_ = ep->port;
        runner_ = std::async(std::launch::async, [this] { http::run(ioc_, 2); });
    }
    ~test_server() {
        srv_->stop(2s);
        wait_stopped(5s);
    }
    std::uint16_t port() const { return port_; }
    http::server& server() { return *srv_; }
    // True when run() returned within `limit`.
    bool wait_stopped(std::chrono::milliseconds limit) {
        if (!runner_.valid()) {
            return true;
        }
        if (runner_.wait_for(limit) != std::future_status::ready) {
            return false;
        }
        runner_.get();
        return true;
    }

private:
    log::logger log_{log::level::error};  // declared first: outlives the io_context's handlers
    net::io_context ioc_;
    std::optional<http::server> srv_;
    std::uint16_t port_ = 0;
    std::future<void> runner_;
};

http::router echo_routes() {
    http::router r;
    r.add_sync("POST", "/echo",
               [](http::request_context& c) { return http::json_response(200, c.req.body); });
    r.add_sync("GET", "/items/{id}", [](http::request_context& c) {
        return http::json_response(200, "{\"id\":\"" + std::string(c.param("id")) + "\"}");
    });
    r.add_sync("POST", "/small",
               [](http::request_context&) { return http::json_response(200, "{}"); },
               {.body_limit = 16});
    r.add_sync("GET", "/throw",
               [](http::request_context&) -> http::response { throw std::runtime_error("bug"); });
    return r;
}

}  // namespace

TEST_CASE("http server routes requests and passes path parameters", "[http][integration]") {
    test_server s(echo_routes());
    auto r = test::post(s.port(), "/echo", R"({"a":1})", {{"Content-Type", "application/json"}});
    CHECK(r.status == 200);
    CHECK(r.body == R"({"a":1})");
    CHECK(r.header("content-type") == "application/json");

    r = test::get(s.port(), "/items/abc%2Fdef");
    CHECK(r.status == 200);
    CHECK(r.body == R"({"id":"abc/def"})");
}

TEST_CASE("http server answers 404 and 405 in the error shape", "[http][integration]") {
    test_server s(echo_routes());
    auto r = test::get(s.port(), "/nope");
    CHECK(r.status == 404);
    CHECK(r.body.find("\"code\":\"not_found\"") != std::string::npos);
    r = test::get(s.port(), "/echo");
    CHECK(r.status == 405);
    CHECK(r.header("allow") == "POST");
    CHECK(r.body.find("\"code\":\"method_not_allowed\"") != std::string::npos);
    r = test::get(s.port(), "/items/%zz");
    CHECK(r.status == 400);
}

TEST_CASE("http server keeps a connection alive across requests", "[http][integration]") {
    test_server s(echo_routes());
    test::http_connection c(s.port());
    REQUIRE(c.connected());
    for (int i = 0; i < 5; ++i) {
        auto body = "{\"n\":" + std::to_string(i) + "}";
        auto r = c.send("POST", "/echo", body);
        REQUIRE(r.status == 200);
        CHECK(r.body == body);
        CHECK(r.keep_alive);
    }
    auto r = c.send("GET", "/nope");
    CHECK(r.status == 404);
    r = c.send("HEAD", "/items/7");  // served by the GET route, without a body
    CHECK(r.status == 200);
    CHECK(r.body.empty());
    CHECK(r.header("content-length") == "10");
    CHECK(c.send("GET", "/items/1").status == 200);  // a 404 does not end the connection
}

TEST_CASE("http server answers 413 JSON for a body over the limit", "[http][integration]") {
    http::server_options opts;
    opts.body_limit = 1024;
    test_server s(echo_routes(), opts);
    auto r = test::post(s.port(), "/echo", std::string(64 * 1024, 'x'));
    CHECK(r.status == 413);
    CHECK(r.body.find("\"code\":\"too_large\"") != std::string::npos);
    CHECK_FALSE(r.keep_alive);

    // The route's own limit wins over the server's.
    CHECK(test::post(s.port(), "/small", std::string(17, 'x')).status == 413);
    CHECK(test::post(s.port(), "/small", std::string(16, 'x')).status == 200);

    // A chunked body over the limit is caught while reading.
    test::http_connection c(s.port());
    std::string chunked =
        "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n";
    REQUIRE_FALSE(c.send_raw(chunked));
    CHECK(c.read_reply().status == 413);

    CHECK(test::post(s.port(), "/echo", "{}").status == 200);
}

TEST_CASE("http server honours Expect: 100-continue", "[http][integration]") {
    http::server_options opts;
    opts.body_limit = 1024;
    test_server s(echo_routes(), opts);
    {
        test::http_connection c(s.port());
        REQUIRE_FALSE(
            c.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                       "Expect: 100-continue\r\n\r\n"));
        CHECK(c.read_reply().status == 100);
        REQUIRE_FALSE(c.send_raw("hello"));
        auto r = c.read_reply();
        CHECK(r.status == 200);
        CHECK(r.body == "hello");
    }
    {
        // Too large: refused at once, so the client never sends the body.
        test::http_connection c(s.port());
        REQUIRE_FALSE(
            c.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                       "Expect: 100-continue\r\n\r\n"));
        CHECK(c.read_reply().status == 413);
    }
}

TEST_CASE("http server answers 400 to garbage and keeps serving", "[http][integration]") {
    test_server s(echo_routes());
    {
        test::http_connection c(s.port());
        REQUIRE_FALSE(c.send_raw(std::string("\x01\x02garbage \xff\r\n\r\n", 16)));
        auto r = c.read_reply();
        // Either a 400 or a closed connection is acceptable; no crash, no hang.
        if (!r.error) {
            CHECK(r.status == 400);
            CHECK(r.body.find("\"code\":\"bad_request\"") != std::string::npos);
        }
    }
    {
        test::http_connection c(s.port());
        REQUIRE_FALSE(c.send_raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n"));
        CHECK(c.read_reply().status == 400);
    }
    {
        http::server_options opts;
        test::http_connection c(s.port());
        std::string big =
            "GET / HTTP/1.1\r\nX-Big: " + std::string(opts.header_limit, 'a') + "\r\n\r\n";
        REQUIRE_FALSE(c.send_raw(big));
        CHECK(c.read_reply().status == 431);
    }
    CHECK(test::get(s.port(), "/items/1").status == 200);
}

TEST_CASE("http server answers 500 internal_error when a handler throws", "[http][integration]") {
    test_server s(echo_routes());
    auto r = test::get(s.port(), "/throw");
    CHECK(r.status == 500);
    CHECK(r.body.find("\"code\":\"internal_error\"") != std::string::npos);
    CHECK(test::get(s.port(), "/items/1").status == 200);
}

TEST_CASE("http server closes a connection whose client is too slow", "[http][integration]") {
    http::server_options opts;
    opts.timeout = 200ms;
    test_server s(echo_routes(), opts);
    test::http_connection c(s.port());
    REQUIRE_FALSE(c.send_raw("GET /items/1 HTTP/1.1\r\nHost: x\r\n"));  // never finishes
    auto start = std::chrono::steady_clock::now();
    CHECK(c.closed_by_peer());
    CHECK(std::chrono::steady_clock::now() - start < 3s);

    // An idle keep-alive connection times out the same way.
    test::http_connection idle(s.port());
    REQUIRE(idle.send("GET", "/items/1").status == 200);
    CHECK(idle.closed_by_peer());
    CHECK(s.server().connections() <= 1);
}

TEST_CASE("http server writes one access-log line per request", "[http][integration]") {
    std::mutex mu;
    std::vector<std::string> lines;
    log::logger capture(log::level::info, [&](log::level, std::string_view line) {
        std::lock_guard lock(mu);
        lines.emplace_back(line);
    });
    {
        test_server s(echo_routes(), {}, &capture);
        CHECK(test::get(s.port(), "/items/1").status == 200);
        CHECK(test::get(s.port(), "/nope").status == 404);
        CHECK(test::post(s.port(), "/small", std::string(100, 'x')).status == 413);
    }
    std::vector<std::string> access;
    for (const auto& l : lines) {
        if (l.find(" status=") != std::string::npos) {
            access.push_back(l);
        }
    }
    // A client may see its answer before the server thread writes the line: order is not fixed.
    auto has = [&](std::string_view needle) {
        return std::count_if(access.begin(), access.end(), [&](const std::string& l) {
                   return l.find(needle) != std::string::npos;
               }) == 1;
    };
    CHECK(access.size() == 3);
    CHECK(has("method=GET target=/items/1 status=200 us="));
    CHECK(has("method=GET target=/nope status=404 us="));
    CHECK(has("method=POST target=/small status=413 us="));
}

TEST_CASE("http server serves concurrent clients from several threads", "[http][integration]") {
    test_server s(echo_routes());
    std::atomic<int> good{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
        clients.emplace_back([&, t] {
            test::http_connection c(s.port());
            for (int i = 0; i < 25; ++i) {
                auto body = std::to_string(t * 100 + i);
                auto r = c.send("POST", "/echo", body);
                if (r.status == 200 && r.body == body) {
                    ++good;
                }
            }
        });
    }
    for (auto& c : clients) {
        c.join();
    }
    CHECK(good == 100);
}

TEST_CASE("http healthz and readyz report status", "[http][integration]") {
    std::atomic<bool> ready{false};
    http::router r;
    http::add_health_routes(r, [&] {
        return ready ? http::readiness{true, ""} : http::readiness{false, "store not open"};
    });
    test_server s(std::move(r));
    auto h = test::get(s.port(), "/healthz");
    CHECK(h.status == 200);
    CHECK(h.body == R"({"status":"ok"})");
    auto n = test::get(s.port(), "/readyz");
    CHECK(n.status == 503);
    CHECK(n.body == R"({"code":"not_ready","message":"store not open"})");
    ready = true;
    auto y = test::get(s.port(), "/readyz");
    CHECK(y.status == 200);
    CHECK(y.body == R"({"status":"ready"})");
}

TEST_CASE("http offload runs on the pool and resumes on the connection's strand",
          "[http][integration]") {
    net::thread_pool pool(1);
    std::atomic<bool> ran_off_strand{false};
    std::atomic<bool> back_on_strand{false};
    http::router r;
    r.add("GET", "/blocking", [&](http::request_context&) -> net::awaitable<http::response> {
        auto ex = co_await net::this_coro::executor;
        const auto* strand = ex.target<net::strand<net::io_context::executor_type>>();
        int v = co_await http::offload(pool, [&] {
            ran_off_strand = strand != nullptr && !strand->running_in_this_thread();
            return 42;
        });
        back_on_strand = strand != nullptr && strand->running_in_this_thread();
        co_await http::offload(pool, [] {});
        co_return http::json_response(200, std::to_string(v));
    });
    r.add("GET", "/offload-throws", [&](http::request_context&) -> net::awaitable<http::response> {
        co_await http::offload(pool, []() -> int { throw std::runtime_error("pool bug"); });
        co_return http::json_response(200, "{}");
    });
    test_server s(std::move(r));
    auto res = test::get(s.port(), "/blocking");
    CHECK(res.status == 200);
    CHECK(res.body == "42");
    CHECK(ran_off_strand);
    CHECK(back_on_strand);
    CHECK(test::get(s.port(), "/offload-throws").status == 500);
    pool.join();
}

TEST_CASE("http stop drains an in-flight request, then refuses new connections",
          "[http][integration]") {
    std::promise<void> entered;
    http::router r;
    r.add("GET", "/slow", [&](http::request_context&) -> net::awaitable<http::response> {
        entered.set_value();
        net::steady_timer t(co_await net::this_coro::executor, 300ms);
        co_await t.async_wait(net::use_awaitable);
        co_return http::json_response(200, R"({"slow":true})");
    });
    r.add_sync("GET", "/fast",
               [](http::request_context&) { return http::json_response(200, "{}"); });
    test_server s(std::move(r));

    test::http_connection idle(s.port());
    REQUIRE(idle.send("GET", "/fast").status == 200);  // an idle keep-alive connection

    auto slow = std::async(std::launch::async, [&] { return test::get(s.port(), "/slow"); });
    REQUIRE(entered.get_future().wait_for(5s) == std::future_status::ready);
    auto start = std::chrono::steady_clock::now();
    s.server().stop(5s);

    auto reply = slow.get();
    CHECK(reply.status == 200);
    CHECK(reply.body == R"({"slow":true})");
    CHECK_FALSE(reply.keep_alive);  // closes after its answer
    CHECK(idle.closed_by_peer());
    CHECK(s.wait_stopped(5s));
    CHECK(std::chrono::steady_clock::now() - start < 3s);  // did not wait for the deadline

    test::http_connection late(s.port(), 1s);
    CHECK_FALSE(late.connected());
}

TEST_CASE("http stop gives up on a handler that outlives the deadline", "[http][integration]") {
    std::promise<void> entered;
    http::router r;
    r.add("GET", "/stuck", [&](http::request_context&) -> net::awaitable<http::response> {
        entered.set_value();
        net::steady_timer t(co_await net::this_coro::executor, 30s);
        co_await t.async_wait(net::use_awaitable);
        co_return http::json_response(200, "{}");
    });
    test_server s(std::move(r));
    auto stuck = std::async(std::launch::async, [&] {
        test::http_connection c(s.port(), 1s);
        return c.send("GET", "/stuck");
    });
    REQUIRE(entered.get_future().wait_for(5s) == std::future_status::ready);
    auto start = std::chrono::steady_clock::now();
    s.server().stop(200ms);
    CHECK(s.wait_stopped(5s));
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    (void)stuck.wait_for(1s);
}

TEST_CASE("http stop_on_signals stops on SIGTERM", "[http][integration]") {
    http::router r;
    http::add_health_routes(r, {});
    test_server s(std::move(r));
    s.server().stop_on_signals();
    CHECK(test::get(s.port(), "/healthz").status == 200);
    std::raise(SIGTERM);
    CHECK(s.wait_stopped(5s));
}
