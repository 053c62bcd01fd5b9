// File: bench/load/runner.hpp
// Runs one load: N keep-alive connections over Asio on the client threads, closed loop or open
// loop on a schedule, a warm-up that is not measured, and a once-a-second progress line on
// stderr. Responses are timed per request; open-loop latency counts from the intended send time.
#pragma once

#include "bench/load/options.hpp"
#include "bench/load/report.hpp"
#include "bench/load/workload.hpp"

#include <optional>
#include <string>

namespace certgate::bench {

// Runs `o` with `w`. Returns nullopt (and sets `error`) only when the target cannot be reached at
// all; failures during the run are counted in the result.
std::optional<run_result> run_load(const load_options& o, const workload& w, std::string& error);

}  // namespace certgate::bench
