// File: verify/verifier.hpp
// The verify core that POST /verify and `certgate verify` share: payload bytes in, verdict out.
// decode (JSON / ZIP / transcoded ZIP) → parse → Linked Data proof against trusted keys →
// identity and id_mismatch check → signed/unsigned/ambiguous fields → revocation lookup.
// A bounded cache keyed by the payload's SHA-256 skips the signature work on repeated scans; the
// revocation set is consulted on every call. Thread-safe.
#pragma once

#include "crl/revocation_set.hpp"
#include "shared/ld/document_loader.hpp"
#include "shared/proof/engine_pool.hpp"
#include "shared/proof/key_ring.hpp"
#include "shared/proof/linked_data_proof.hpp"
#include "verify/error.hpp"
#include "verify/payload.hpp"
#include "verify/verdict.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace certgate::verify {

struct verifier_options {
    payload_limits limits;
    proof::engine_options engine;
    // Verified payloads remembered (by digest) to skip signature work. 0 disables. Default: 65536.
    std::size_t cache_entries = 65536;
};

class verify_cache;

class verifier {
public:
    // `contexts`, `keys` and `revocations` must outlive the verifier; keys are read-only, the
    // revocation set may change underneath (it is thread-safe).
    verifier(verifier_options opts, const ld::document_loader& contexts,
             const proof::key_ring& keys, const crl::revocation_set& revocations);
    ~verifier();

    // Never fails: every problem becomes an `invalid` verdict with its reason.
    verdict check(std::string_view payload, std::int64_t now_ms) const;

    // The signature part only (no cache, no revocation): for `certgate import` and tests.
    verdict check_signature(std::string_view payload) const;

private:
    verdict check_uncached(std::string_view payload) const;

    verifier_options opts_;
    const proof::key_ring& keys_;
    const crl::revocation_set& revocations_;
    std::unique_ptr<verify_cache> cache_;
    // Engines hold scratch buffers and are not thread-safe: each call borrows one. They share one
    // context cache, so a DIVOC credential's contexts are processed once.
    mutable proof::engine_pool engines_;
};

// Maps any error from decoding, JSON, JSON-LD, canonicalization or the proof to a verdict reason.
errc classify_error(const error_code& ec) noexcept;

}  // namespace certgate::verify
