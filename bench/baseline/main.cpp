// baseline: certgate's own HTTP listener (shared/http) with one route that answers a fixed JSON
// body, the ceiling that POST /verify is measured against in the same run.
//   baseline [--listen 127.0.0.1:0] [--threads N]
// Prints `listening on http://HOST:PORT` like `certgate serve`. Every path (POST /verify
// included) gives the same 200 answer, a verdict-sized JSON body, so the load generator's
// requests need no change.
#include "shared/http/message.hpp"
#include "shared/http/router.hpp"
#include "shared/http/server.hpp"
#include "shared/util/log.hpp"

#include <boost/asio/io_context.hpp>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

using namespace certgate;

namespace {

// The size of a typical `valid` verdict, so both servers write similar bytes.
std::string fixed_body() {
    std::string b =
        R"({"status":"valid","reason":"ok","message":"certificate valid","certificateId":"123456789012",)"
        R"("issuer":"https://certgate.example/","issuanceDate":"2021-06-02T09:30:00.000Z","signed":{"pad":")";
    b.append(600, 'x');
    b += R"("}})";
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    http::server_options opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.access_log_level = log::level::debug;
    unsigned threads = 2;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--listen" && i + 1 < argc) {
            std::string_view v = argv[++i];
            auto colon = v.rfind(':');
            unsigned port = 0;
            if (colon == std::string_view::npos ||
                std::from_chars(v.data() + colon + 1, v.data() + v.size(), port).ec !=
                    std::errc{} ||
                port > 65535) {
                std::fprintf(stderr, "baseline: --listen HOST:PORT\n");
                return 2;
            }
            opts.host = std::string(v.substr(0, colon));
            opts.port = static_cast<std::uint16_t>(port);
        } else if (a == "--threads" && i + 1 < argc) {
            threads = static_cast<unsigned>(std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: baseline [--listen HOST:PORT] [--threads N]\n");
            return a == "--help" ? 0 : 2;
        }
    }
    const std::string body = fixed_body();
    http::router routes;
    routes.add_sync("POST", "/verify",
                    [&body](http::request_context&) { return http::json_response(200, body); });
    log::logger& logger = log::null_logger();
    boost::asio::io_context ioc(static_cast<int>(threads));
    http::server srv(ioc, std::move(routes), opts, logger);
    auto ep = srv.listen();
    if (!ep) {
        std::fprintf(stderr, "baseline: cannot listen: %s\n", ep.error().message().c_str());
        return 2;
    }
    std::printf("listening on %s\n", ep->url().c_str());
    std::fflush(stdout);
    srv.stop_on_signals();
    http::run(ioc, threads);
    return 0;
}
