// File: shared/http/offload.hpp
// Runs blocking work (synced RocksDB writes, file I/O, bulk signing) on a thread pool and resumes
// the awaiting coroutine on its own executor (the connection's strand):
//     auto r = co_await http::offload(pool, [&] { return db.write(batch); });
// An exception thrown by `fn` is rethrown in the awaiting coroutine. `fn` is moved to the pool;
// references it captures must stay valid until the co_await returns (coroutine locals do).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>
#include <type_traits>
#include <utility>

namespace certgate::http {

template <class Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> offload(boost::asio::thread_pool& pool, Fn fn) {
    using value_type = std::invoke_result_t<Fn&>;
    // co_spawn keeps the caller's executor busy (so run() does not return) and dispatches the
    // completion back to it. Its completion for a value needs a default-constructible type, hence
    // the optional.
    if constexpr (std::is_void_v<value_type>) {
        co_await boost::asio::co_spawn(
            pool.get_executor(),
            [f = std::move(fn)]() mutable -> boost::asio::awaitable<void> {
                f();
                co_return;
            },
            boost::asio::use_awaitable);
    } else {
        auto out = co_await boost::asio::co_spawn(
            pool.get_executor(),
            [f = std::move(fn)]() mutable -> boost::asio::awaitable<std::optional<value_type>> {
                co_return std::optional<value_type>(f());
            },
            boost::asio::use_awaitable);
        co_return std::move(*out);
    }
}

}  // namespace certgate::http
