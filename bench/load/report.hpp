// File: bench/load/report.hpp
// One load run's outcome and its three forms: a text table for a person, JSON for scripts, and an
// SVG chart of the latency percentile curve (x: percentile on a log scale of 1/(1-p), y: ms).
#pragma once

#include "bench/load/histogram.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace certgate::bench {

struct run_result {
    std::string label;
    std::string workload;
    std::string target;  // "127.0.0.1:8080"
    unsigned connections = 0;
    unsigned threads = 0;
    double rate = 0;                           // intended requests/s (open loop), 0 = closed loop
    double elapsed_s = 0;                      // measured phase only
    std::uint64_t completed = 0;               // responses received in the measured phase
    std::map<unsigned, std::uint64_t> status;  // HTTP status -> count
    std::uint64_t transport_errors = 0;        // connect/read/write failures and timeouts
    std::uint64_t bytes_in = 0;
    // Distinct requests the workload cycles through (0 = all differ). A run that sends more than
    // this repeats payloads: a verify cache would turn the repeats into hits.
    std::uint64_t distinct = 0;
    histogram latency_ns;  // per response; open loop: from the intended send time

    double throughput() const noexcept {
        return elapsed_s > 0 ? static_cast<double>(completed) / elapsed_s : 0.0;
    }
    // Responses that are not 2xx, plus transport errors.
    std::uint64_t errors() const noexcept;
};

// The percentiles every report shows: 50, 90, 99, 99.9 and max.
inline constexpr double report_percentiles[] = {50, 90, 99, 99.9};

std::string to_text(const run_result& r);
std::string to_json(const run_result& r);
std::string to_svg(const run_result& r);

}  // namespace certgate::bench
