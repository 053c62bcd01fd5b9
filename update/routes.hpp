// File: update/routes.hpp
// The HTTP adapter of the write API: DIVOC's routes under /divoc/api (certify, update, revoke,
// get) and certgate's revoke-by-ID and suspension routes, each checking the bearer token's role,
// the JSON content type, then calling the service on a thread pool (its writes block on the disk)
// and serializing its answer or error. No logic of its own beyond that.
#pragma once

#include "shared/auth/verifier.hpp"
#include "shared/http/router.hpp"
#include "update/service.hpp"

#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::update {

struct routes_options {
    // Role needed to certify, update and revoke. Default: "facility-staff".
    std::string staff_role = "facility-staff";
    // Role needed to read a certificate and to suspend or lift. Default: "facility-admin".
    std::string admin_role = "facility-admin";
    // Path prefix of the routes. Default: "/divoc/api".
    std::string prefix = "/divoc/api";
    // Largest body of a certify or update request. Default: the server's body_limit.
    std::optional<std::size_t> body_limit;
};

// Registers, under opts.prefix:
//   POST   /v1/certify, /v3/certify                     staff  certify (v1 / DDCC template)
//   PUT    /v1/certificate, /v3/certificate             staff  update
//   DELETE /v1/certificates/{preEnrollmentCode}         staff  revoke (?doses=1,2 | ?allDoses=true)
//   GET    /v1/certificates/{certificateId}             admin  get
//   POST   /v1/certificates/{certificateId}/revoke      staff  revoke by ID (no body)
//   POST   /v1/certificates/{certificateId}/suspend     admin  suspend (optional {"until"})
//   DELETE /v1/certificates/{certificateId}/suspend     admin  lift
// Answers: 401 {"code":"unauthorized"} for a missing or invalid token, 403 "forbidden" for a
// missing role, 415 "unsupported_media_type" for a body that is not application/json, else the
// service's answer or its api_error. `svc`, `tokens` and `pool` must outlive the server.
void add_routes(http::router& r, service& svc, const auth::verifier& tokens,
                boost::asio::thread_pool& pool, const routes_options& opts = {});

// True for "application/json", in any case, with optional parameters ("; charset=utf-8").
bool is_json_content_type(std::string_view value) noexcept;

}  // namespace certgate::update
