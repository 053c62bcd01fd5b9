#include "bench/load/runner.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace certgate::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

std::uint64_t now_ns() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

// A request that takes longer than this counts as a transport error and the connection is
// replaced: a stuck server must not hang the run.
constexpr auto request_timeout = std::chrono::seconds(10);
// Reconnect attempts in a row before a connection gives up.
constexpr int max_reconnects = 50;

struct conn_stats {
    histogram latency;
    std::map<unsigned, std::uint64_t> status;
    std::uint64_t transport_errors = 0;
    std::uint64_t completed = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t last_done_ns = 0;
};

struct shared_state {
    shared_state(const load_options& opts, const workload& work) : o(opts), w(work) {}
    const load_options& o;
    const workload& w;
    tcp::resolver::results_type endpoints;
    std::uint64_t run_start_ns = 0;
    std::uint64_t measure_start_ns = 0;
    std::uint64_t end_ns = 0;  // no request is started (or due) after it
    std::optional<schedule> sched;
    std::atomic<std::uint64_t> next{0};           // the next request number
    std::atomic<std::uint64_t> measured{0};       // measured responses so far
    std::atomic<std::uint64_t> progress_done{0};  // all responses, for the progress line
    std::atomic<std::uint64_t> progress_errors{0};
    std::atomic<bool> stop{false};
};

net::awaitable<bool> connect(beast::tcp_stream& stream, shared_state& st) {
    stream.expires_after(request_timeout);
    auto [ec, ep] = co_await stream.async_connect(st.endpoints, net::as_tuple(net::use_awaitable));
    if (ec) {
        co_return false;
    }
    stream.socket().set_option(tcp::no_delay(true));
    co_return true;
}

net::awaitable<void> connection(shared_state& st, conn_stats& cs) {
    auto ex = co_await net::this_coro::executor;
    beast::tcp_stream stream(ex);
    net::steady_timer timer(ex);
    beast::flat_buffer buf;
    std::string scratch;
    int failures = 0;
    bool open = false;
    const bool by_count = st.o.requests > 0;
    while (!st.stop.load(std::memory_order_relaxed)) {
        if (!open) {
            if (failures > max_reconnects) {
                co_return;
            }
            buf.clear();
            beast::error_code ignored;
            stream.socket().close(ignored);
            if (!co_await connect(stream, st)) {
                ++failures;
                ++cs.transport_errors;
                st.progress_errors.fetch_add(1, std::memory_order_relaxed);
                timer.expires_after(std::chrono::milliseconds(20));
                co_await timer.async_wait(net::as_tuple(net::use_awaitable));
                continue;
            }
            open = true;
        }
        std::uint64_t i = st.next.fetch_add(1, std::memory_order_relaxed);
        std::uint64_t due = 0;
        if (st.sched) {
            due = st.sched->intended_ns(i);
            if (st.end_ns && due >= st.end_ns) {
                co_return;
            }
            std::uint64_t now = now_ns();
            if (due > now) {
                timer.expires_after(std::chrono::nanoseconds(due - now));
                co_await timer.async_wait(net::as_tuple(net::use_awaitable));
            }
        } else if (st.end_ns && now_ns() >= st.end_ns) {
            co_return;
        }
        std::string_view req = st.w.request(i, scratch);
        std::uint64_t sent = now_ns();
        stream.expires_after(request_timeout);
        auto [wec, wn] = co_await net::async_write(stream, net::buffer(req.data(), req.size()),
                                                   net::as_tuple(net::use_awaitable));
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        beast::error_code rec = wec;
        std::size_t rn = 0;
        if (!wec) {
            std::tie(rec, rn) =
                co_await bhttp::async_read(stream, buf, parser, net::as_tuple(net::use_awaitable));
        }
        std::uint64_t done = now_ns();
        // A request counts when it was due (open loop) or sent (closed loop) after the warm-up.
        bool in_measure = (st.sched ? due : sent) >= st.measure_start_ns;
        if (rec) {
            open = false;
            ++failures;
            st.progress_errors.fetch_add(1, std::memory_order_relaxed);
            if (in_measure) {
                ++cs.transport_errors;
            }
            continue;
        }
        failures = 0;
        st.progress_done.fetch_add(1, std::memory_order_relaxed);
        const auto& res = parser.get();
        if (res.result_int() >= 300) {
            st.progress_errors.fetch_add(1, std::memory_order_relaxed);
        }
        if (in_measure) {
            if (by_count && st.measured.fetch_add(1, std::memory_order_relaxed) >= st.o.requests) {
                st.stop.store(true, std::memory_order_relaxed);
                co_return;
            }
            cs.latency.record(st.sched ? st.sched->latency_ns(i, done) : done - sent);
            ++cs.status[res.result_int()];
            ++cs.completed;
            cs.bytes_in += rn;
            cs.last_done_ns = std::max(cs.last_done_ns, done);
        }
        if (!res.keep_alive()) {
            open = false;
        }
    }
}

// The progress line: once a second, until `done`.
class progress_line {
public:
    progress_line(shared_state& st, bool enabled) : st_(st) {
        if (enabled) {
            thread_ = std::thread([this] { loop(); });
        }
    }
    ~progress_line() {
        {
            std::lock_guard lk(mu_);
            done_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
            std::fputs("\r\033[K", stderr);
        }
    }

private:
    void loop() {
        std::uint64_t last = 0;
        std::unique_lock lk(mu_);
        while (!cv_.wait_for(lk, std::chrono::seconds(1), [this] { return done_; })) {
            std::uint64_t n = st_.progress_done.load(std::memory_order_relaxed);
            double t = static_cast<double>(now_ns() - st_.run_start_ns) / 1e9;
            bool warm = now_ns() < st_.measure_start_ns;
            std::fprintf(stderr, "\r\033[K[%6.1fs%s] %llu responses  %llu/s  errors %llu", t,
                         warm ? " warm-up" : "", static_cast<unsigned long long>(n),
                         static_cast<unsigned long long>(n - last),
                         static_cast<unsigned long long>(
                             st_.progress_errors.load(std::memory_order_relaxed)));
            std::fflush(stderr);
            last = n;
        }
    }

    shared_state& st_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace

std::optional<run_result> run_load(const load_options& o, const workload& w, std::string& error) {
    net::io_context ioc(static_cast<int>(o.threads));
    shared_state st(o, w);
    {
        tcp::resolver resolver(ioc);
        beast::error_code ec;
        st.endpoints = resolver.resolve(o.host, std::to_string(o.port), ec);
        if (ec) {
            error = "cannot resolve " + o.host + ": " + ec.message();
            return std::nullopt;
        }
        tcp::socket probe(ioc);
        net::connect(probe, st.endpoints, ec);
        if (ec) {
            error =
                "cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " + ec.message();
            return std::nullopt;
        }
    }
    st.run_start_ns = now_ns();
    st.measure_start_ns = st.run_start_ns + static_cast<std::uint64_t>(o.warmup_s * 1e9);
    // A request-count run still has a time bound: one hour.
    double limit_s = o.duration_s > 0 ? o.duration_s : 3600.0;
    st.end_ns = st.measure_start_ns + static_cast<std::uint64_t>(limit_s * 1e9);
    if (o.rate > 0) {
        st.sched.emplace(st.run_start_ns, o.rate);
    }
    std::vector<std::unique_ptr<conn_stats>> stats;
    for (unsigned c = 0; c < o.connections; ++c) {
        stats.push_back(std::make_unique<conn_stats>());
        net::co_spawn(net::make_strand(ioc), connection(st, *stats.back()), net::detached);
    }
    {
        progress_line progress(st, o.progress);
        std::vector<std::thread> threads;
        for (unsigned t = 1; t < o.threads; ++t) {
            threads.emplace_back([&ioc] { ioc.run(); });
        }
        ioc.run();
        for (auto& t : threads) {
            t.join();
        }
    }
    run_result r;
    r.label = o.label;
    r.workload = std::string(workload_name(o.workload));
    r.target = o.host + ":" + std::to_string(o.port);
    r.connections = o.connections;
    r.threads = o.threads;
    r.rate = o.rate;
    r.distinct = w.distinct();
    std::uint64_t last_done = st.measure_start_ns;
    for (const auto& cs : stats) {
        r.latency_ns.merge(cs->latency);
        for (const auto& [code, n] : cs->status) {
            r.status[code] += n;
        }
        r.transport_errors += cs->transport_errors;
        r.completed += cs->completed;
        r.bytes_in += cs->bytes_in;
        last_done = std::max(last_done, cs->last_done_ns);
    }
    // Throughput over the measured phase: a duration run is over at end_ns (responses still in
    // flight then finish just after it); a count run is over at its last response.
    std::uint64_t end = o.duration_s > 0 ? std::max(st.end_ns, last_done) : last_done;
    r.elapsed_s = static_cast<double>(end - st.measure_start_ns) / 1e9;
    return r;
}

}  // namespace certgate::bench
