// File: shared/rdf/canonicalize.hpp
// RDF dataset canonicalization RDFC-1.0 (https://www.w3.org/TR/rdf-canon/), which with SHA-256 is
// URDNA2015 as jsonld.js and DIVOC sign with. Output is canonical N-Quads, sorted, without
// duplicates, blank nodes labelled c14n0, c14n1, ... The work spent on Hash N-Degree Quads is
// bounded, so poison graphs fail fast with errc::too_complex.
#pragma once

#include "shared/rdf/dataset.hpp"
#include "shared/rdf/error.hpp"
#include "shared/rdf/nquads.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::rdf {

enum class hash_algorithm : std::uint8_t {
    sha256,  // RDFC-1.0's default; URDNA2015
    sha384,
};

struct canon_options {
    // The hash used for blank-node hashes (not the hash of the output). Default: sha256.
    hash_algorithm hash = hash_algorithm::sha256;
    // How literals are escaped, in the output and in every hashed serialization. rdfc10 is the
    // standard; legacy reproduces jsonld.js before RDFC-1.0, whose output DIVOC signed, and
    // differs only for literals with control characters other than LF and CR.
    // Default: rdfc10.
    literal_escaping escaping = literal_escaping::rdfc10;
    // Work budget for Hash N-Degree Quads: each call counts 1 and each permutation it tries
    // counts 1. Exceeding it fails with errc::too_complex. Graphs whose blank nodes all have
    // distinct first-degree hashes (DIVOC certificates) need 0; the W3C poison graphs that
    // must pass (test044-046) need 3,348; the 10-clique (W3C test074) needs millions.
    // Default: 50000.
    std::size_t max_work = 50000;
    // Recursion depth limit for Hash N-Degree Quads (bounds stack use on long chains of
    // look-alike blank nodes). Exceeding it fails with errc::too_complex. Default: 256.
    std::size_t max_depth = 256;
};

struct canonical_result {
    // The canonical N-Quads document: sorted lines, each ending in " .\n", no duplicates.
    std::string nquads;
    // The issued identifiers map: (input blank-node label, canonical label "c14nN"), in order
    // of issue, so issued[i].second == "c14n" + i.
    std::vector<std::pair<std::string, std::string>> issued;
    // Work units Hash N-Degree Quads spent (see canon_options::max_work).
    std::size_t work = 0;
};

// A reusable canonicalizer: keeps its hash context and scratch buffers between calls, so a
// warm call on a small graph allocates little beyond the output. Not thread-safe; keep one per
// thread or session. Holds no reference to a dataset after a call returns. A moved-from
// canonicalizer may only be assigned to or destroyed.
class canonicalizer {
public:
    explicit canonicalizer(const canon_options& opts = {});
    ~canonicalizer();
    canonicalizer(canonicalizer&&) noexcept;
    canonicalizer& operator=(canonicalizer&&) noexcept;

    // Canonicalizes `ds` into `out`, reusing out's buffers. Fails with errc::malformed for a
    // quad that is not RDF (blank or literal predicate, literal subject or graph, a default-graph
    // term outside the graph position), errc::too_complex past the work or depth limit, and
    // errc::hash_failure if OpenSSL fails. On failure `out` holds unspecified contents.
    [[nodiscard]] error_code canonicalize(const dataset& ds, canonical_result& out);

    [[nodiscard]] result<canonical_result> canonicalize(const dataset& ds);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// One-shot convenience: builds a canonicalizer per call (an OpenSSL digest fetch and fresh
// buffers), so hot paths should keep a canonicalizer instead. Thread-safe.
[[nodiscard]] result<canonical_result> canonicalize(const dataset& ds,
                                                    const canon_options& opts = {});

}  // namespace certgate::rdf
