// File: shared/util/log.hpp
// A small injected logging facade: levels and key=value lines. Components take a `log::logger&`;
// tests swap in a capturing sink. Thread-safe: a sink may be called from many threads at once.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace certgate::log {

enum class level { debug, info, warn, error };

std::string_view to_string(level l) noexcept;

class logger {
public:
    using sink_fn = std::function<void(level, std::string_view)>;

    // Writes to stderr at `min` and above. Default: info.
    explicit logger(level min = level::info);
    // Sends every line at `min` and above to `sink` (tests).
    logger(level min, sink_fn sink);

    void write(level l, std::string_view line) const;
    void debug(std::string_view line) const { write(level::debug, line); }
    void info(std::string_view line) const { write(level::info, line); }
    void warn(std::string_view line) const { write(level::warn, line); }
    void error(std::string_view line) const { write(level::error, line); }
    bool enabled(level l) const noexcept { return l >= min_; }

private:
    level min_;
    sink_fn sink_;
    mutable std::mutex mu_;
};

// A logger that drops everything (tests and benchmarks that do not look at logs).
logger& null_logger();

}  // namespace certgate::log
