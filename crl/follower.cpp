#include "crl/follower.hpp"

#include <utility>

namespace certgate::crl {

std::string_view to_string(follow_error e) noexcept {
    switch (e) {
        case follow_error::ok:
            return "ok";
        case follow_error::bad_signature:
            return "bad_signature";
        case follow_error::malformed:
            return "malformed";
        case follow_error::backwards:
            return "backwards";
        case follow_error::gap:
            return "gap";
    }
    return "unknown";
}

follow_error follower::apply_snapshot(std::string_view body, std::string_view signature) {
    if (!verify_detached(signature, body, keys_)) {
        return follow_error::bad_signature;
    }
    auto s = parse_snapshot_json(body);
    if (!s) {
        return follow_error::malformed;
    }
    if (has_snapshot_ && s->version < state_.version) {
        return follow_error::backwards;
    }
    state_ = std::move(*s);
    has_snapshot_ = true;
    return follow_error::ok;
}

follow_error follower::apply_delta(std::string_view body, std::string_view signature) {
    if (!verify_detached(signature, body, keys_)) {
        return follow_error::bad_signature;
    }
    auto d = parse_delta_json(body);
    if (!d) {
        return follow_error::malformed;
    }
    if (!has_snapshot_ || d->from != state_.version) {
        return d->to < state_.version ? follow_error::backwards : follow_error::gap;
    }
    crl::apply_delta(state_, *d);
    return follow_error::ok;
}

follow_error follower::accept_keys(std::string_view body, std::string_view signature) {
    if (!verify_detached(signature, body, keys_)) {
        return follow_error::bad_signature;
    }
    auto keys = parse_jwks(body);
    if (!keys || keys->empty()) {
        return follow_error::malformed;
    }
    keys_ = std::move(*keys);
    return follow_error::ok;
}

}  // namespace certgate::crl
