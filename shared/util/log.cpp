#include "shared/util/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace certgate::log {

std::string_view to_string(level l) noexcept {
    switch (l) {
        case level::debug:
            return "debug";
        case level::info:
            return "info";
        case level::warn:
            return "warn";
        case level::error:
            return "error";
    }
    return "?";
}

logger::logger(level min) : min_(min) {}
logger::logger(level min, sink_fn sink) : min_(min), sink_(std::move(sink)) {}

void logger::write(level l, std::string_view line) const {
    if (!enabled(l)) {
        return;
    }
    if (sink_) {
        sink_(l, line);
        return;
    }
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char ts[32];
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    // One fprintf per line under a lock, so lines from several threads never interleave.
    std::lock_guard lock(mu_);
    std::fprintf(stderr, "%s level=%s %.*s\n", ts, to_string(l).data(),
                 static_cast<int>(line.size()), line.data());
}

logger& null_logger() {
    // Immutable after construction (the sink ignores everything), so sharing it is safe.
    static logger instance(level::error, [](level, std::string_view) {});
    return instance;
}

}  // namespace certgate::log
