// File: verify/routes.hpp
// The public read API's thin HTTP adapter over the verify core:
//   POST /verify                                  body = what the scanner read → 200 verdict
//   POST /divoc/api/v1/certificate/revoked        DIVOC's check: 200 revoked, 404 not, 400
//   unreadable
// Verification is CPU work of tens of microseconds, so it runs inline on the connection's strand.
#pragma once

#include "crl/revocation_set.hpp"
#include "shared/http/router.hpp"
#include "verify/messages.hpp"
#include "verify/verifier.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace certgate::verify {

struct routes_options {
    // Largest accepted /verify body (413 above). Default: 64 KiB.
    std::size_t payload_limit = 64 * 1024;
    // The clock (Unix ms) that decides whether a suspension is still in effect. Default: system.
    std::function<std::int64_t()> now_ms;
};

// `v`, `messages` and `revocations` must outlive the server.
void add_routes(http::router& r, const verifier& v, const message_table& messages,
                const crl::revocation_set& revocations, routes_options opts = {});

// DIVOC's revocation check as a pure function: 200 with {"revoked":true,...} when the credential's
// identity (evidence[0].id) is revoked or suspended now, 404 {"revoked":false} when not, 400
// {"code":"malformed"} when the body is not a credential with an evidence id.
http::response revoked_check(std::string_view body, const crl::revocation_set& revocations,
                             std::int64_t now_ms);

}  // namespace certgate::verify
