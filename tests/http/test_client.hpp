// File: tests/http/test_client.hpp
// A small blocking HTTP/1.1 client for tests, on Beast, bounded in time: every operation runs on a
// private io_context under a tcp_stream timeout (default 5 s), so a hung server fails the test
// instead of hanging it. 127.0.0.1 only.
//   auto r = test::post(port, "/verify", body, {{"Content-Type", "application/json"}});
//   test::http_connection c(port);  c.send("GET", "/healthz");  c.send(...)  // keep-alive
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::test {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_reply {
    unsigned status = 0;  // 0: no answer (see error)
    header_list headers;
    std::string body;
    bool keep_alive = false;
    boost::system::error_code error;  // transport error, if any

    std::optional<std::string> header(std::string_view name) const {
        for (const auto& [n, v] : headers) {
            if (boost::beast::iequals(n, name)) {
                return v;
            }
        }
        return std::nullopt;
    }
};

// One client connection (keep-alive across send() calls).
class http_connection {
public:
    explicit http_connection(std::uint16_t port,
                             std::chrono::milliseconds timeout = std::chrono::seconds(5))
        : stream_(ioc_), timeout_(timeout) {
        boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
        stream_.expires_after(timeout_);
        stream_.async_connect(ep, [this](boost::system::error_code ec) { connect_error_ = ec; });
        run();
    }

    bool connected() const { return !connect_error_; }
    const boost::system::error_code& connect_error() const { return connect_error_; }

    // Sends one request and reads its answer.
    http_reply send(std::string_view method, std::string_view target, std::string body = {},
                    const header_list& headers = {}) {
        namespace bhttp = boost::beast::http;
        bhttp::request<bhttp::string_body> req;
        req.method_string(method);
        req.target(target);
        req.version(11);
        req.set(bhttp::field::host, "127.0.0.1");
        for (const auto& [n, v] : headers) {
            req.set(n, v);
        }
        req.body() = std::move(body);
        req.prepare_payload();
        boost::system::error_code ec;
        stream_.expires_after(timeout_);
        bhttp::async_write(stream_, req, [&](boost::system::error_code e, std::size_t) { ec = e; });
        run();
        if (ec) {
            http_reply r;
            r.error = ec;
            return r;
        }
        return read_reply(method == "HEAD");
    }

    // Writes raw bytes (garbage, partial requests).
    boost::system::error_code send_raw(std::string_view bytes) {
        boost::system::error_code ec;
        stream_.expires_after(timeout_);
        boost::asio::async_write(stream_, boost::asio::buffer(bytes.data(), bytes.size()),
                                 [&](boost::system::error_code e, std::size_t) { ec = e; });
        run();
        return ec;
    }

    // Reads one response (or the transport error that ends the connection).
    http_reply read_reply(bool head_request = false) {
        namespace bhttp = boost::beast::http;
        http_reply r;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(head_request);  // a HEAD answer has Content-Length but no body
        stream_.expires_after(timeout_);
        bhttp::async_read(stream_, buffer_, parser,
                          [&](boost::system::error_code e, std::size_t) { r.error = e; });
        run();
        if (r.error) {
            return r;
        }
        auto msg = parser.release();
        r.status = msg.result_int();
        for (const auto& f : msg) {
            r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        }
        r.body = std::move(msg.body());
        r.keep_alive = msg.keep_alive();
        return r;
    }

    // True when the server has closed the connection (a read gets EOF or a reset in time).
    bool closed_by_peer() {
        char byte = 0;
        boost::system::error_code ec;
        stream_.expires_after(timeout_);
        stream_.async_read_some(boost::asio::buffer(&byte, 1),
                                [&](boost::system::error_code e, std::size_t) { ec = e; });
        run();
        return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
    }

private:
    void run() {
        ioc_.restart();
        ioc_.run();
    }

    boost::asio::io_context ioc_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::chrono::milliseconds timeout_;
    boost::system::error_code connect_error_;
};

// One request on a fresh connection.
inline http_reply request(std::string_view method, std::uint16_t port, std::string_view target,
                          std::string body = {}, const header_list& headers = {}) {
    http_connection c(port);
    if (!c.connected()) {
        http_reply r;
        r.error = c.connect_error();
        return r;
    }
    return c.send(method, target, std::move(body), headers);
}

inline http_reply post(std::uint16_t port, std::string_view target, std::string body,
                       const header_list& headers = {}) {
    return request("POST", port, target, std::move(body), headers);
}

inline http_reply get(std::uint16_t port, std::string_view target,
                      const header_list& headers = {}) {
    return request("GET", port, target, {}, headers);
}

}  // namespace certgate::test
