// File: bench/load/seed.hpp
// `certgate-bench seed`: fills a certgate data directory with N signed certificates through the
// write API's own core (update::service: the same records, enrollments and revocation log that
// certgate serve writes and later serves), revokes a fraction, and writes the corpus of QR
// payloads the verify and update workloads read. With --corpus-only it signs and writes the
// corpus without a store.
#pragma once

#include "bench/load/options.hpp"

namespace certgate::bench {

// Returns the process exit code (0 ok, 1 failure, 2 set-up error) after printing a summary.
int run_seed(const seed_options& o);

}  // namespace certgate::bench
