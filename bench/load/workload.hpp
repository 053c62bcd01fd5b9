// File: bench/load/workload.hpp
// What each request of a run is: the corpus that `certgate-bench seed` writes, and the workloads
// that turn request number i into the exact bytes of an HTTP/1.1 request.
//
// Corpus format: one certificate per line, tab-separated:
//   kind \t preEnrollmentCode \t dose \t certificateId \t payload
// where kind is `valid` or `revoked` and payload is the certificate's JSON on one line (what a
// scanner reads, in its plain JSON form).
#pragma once

#include "bench/load/options.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::bench {

struct corpus_entry {
    bool revoked = false;
    std::string pre_enrollment_code;
    unsigned dose = 1;
    std::string certificate_id;
    std::string payload;
};

// One corpus line (no trailing newline), or nullopt when it is not in the format above.
std::optional<corpus_entry> parse_corpus_line(std::string_view line);
std::string format_corpus_line(const corpus_entry& e);
// The whole file; on failure returns nullopt and sets `error`.
std::optional<std::vector<corpus_entry>> load_corpus(const std::string& path, std::string& error);

// The payload with one signed value changed (credentialSubject's name), so its proof fails.
std::string tamper(std::string_view payload);

// The bytes of request i. Thread-safe: run() calls it from every connection. `scratch` is the
// caller's buffer; the returned view lives until the next call with the same scratch.
class workload {
public:
    virtual ~workload() = default;
    virtual std::string_view request(std::uint64_t i, std::string& scratch) const = 0;
    // Distinct requests before the sequence repeats; 0 when every request differs.
    virtual std::size_t distinct() const noexcept { return 0; }
};

// Builds the workload `o.workload` (reading the corpus and template it needs). On failure returns
// nullptr and sets `error`.
std::unique_ptr<workload> make_workload(const load_options& o, std::string& error);

// "POST /verify HTTP/1.1" request bytes (exposed for tests).
std::string http_request(std::string_view method, std::string_view target, std::string_view host,
                         std::string_view body, std::string_view token = {});

}  // namespace certgate::bench
