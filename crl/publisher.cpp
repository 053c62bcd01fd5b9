#include "crl/publisher.hpp"

#include "crl/filter_cascade.hpp"
#include "shared/crypto/base64url.hpp"
#include "shared/crypto/sha256.hpp"
#include "shared/json/write.hpp"

#include <zlib.h>

#include <algorithm>
#include <string>
#include <unordered_set>

namespace certgate::crl {

std::string gzip_compress(std::string_view data) {
    z_stream zs{};
    // windowBits 15 + 16 selects the gzip wrapper.
    if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        return {};
    }
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : std::string{};
}

std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_out) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) {
        return std::nullopt;
    }
    std::string out;
    char buf[65536];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            break;
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_out) {
            rc = Z_DATA_ERROR;
            break;
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            rc = Z_DATA_ERROR;  // truncated
        }
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || zs.avail_in != 0) {
        return std::nullopt;
    }
    return out;
}

representation make_representation(std::string content_type, std::string body,
                                   std::string signature) {
    representation r;
    r.content_type = std::move(content_type);
    auto d = ossl::sha256(body);
    // 128 bits of the body's hash: the same bytes always get the same tag, on every replica too.
    std::string tag = ossl::base64url_encode(ossl::as_chars(d).substr(0, 16));
    r.etag = "\"" + tag + "\"";
    r.gzip_etag = "\"" + tag + ".gz\"";
    r.gzip = gzip_compress(body);
    r.body = std::move(body);
    r.signature = std::move(signature);
    return r;
}

publisher::publisher(const store::database& db, crl_signer signer,
                     std::vector<trusted_key> crl_keys, std::string trust_body,
                     publisher_options opts, log::logger& logger)
    : db_(db),
      signer_(std::move(signer)),
      crl_keys_(std::move(crl_keys)),
      trust_body_(std::move(trust_body)),
      opts_(opts),
      logger_(logger) {}

result<std::shared_ptr<const crl_snapshot>> publisher::build(const crl_snapshot* previous,
                                                             std::int64_t now_ms) {
    auto entries = read_entries(previous);
    if (!entries) {
        return entries.error();
    }
    auto retained = retained_since(db_);
    if (!retained) {
        return retained.error();
    }
    auto snap = std::make_shared<crl_snapshot>();
    snap->version = entries->version;
    snap->issued_at_ms = now_ms;
    snap->retained_since = *retained;
    auto signed_rep = [&](std::string_view type, std::string body) -> result<representation> {
        auto sig = sign_detached(signer_, body);
        if (!sig) {
            return sig.error();
        }
        return make_representation(std::string(type), std::move(body), std::move(*sig));
    };
    auto meta = signed_rep(json_type, meta_json(snap->version, entries->entries.size(), now_ms,
                                                *retained, signer_.kid));
    auto js = signed_rep(json_type, snapshot_json(*entries, now_ms));
    auto bin = signed_rep(binary_snapshot_type, snapshot_binary(*entries, now_ms));
    auto keys_body = jwks(crl_keys_);
    if (!keys_body) {
        return keys_body.error();
    }
    auto keys = signed_rep(json_type, json::to_string(*keys_body));
    auto trust = signed_rep(json_type, trust_body_);
    if (!meta || !js || !bin || !keys || !trust) {
        return ossl::errc::openssl_failure;
    }
    snap->meta = std::move(*meta);
    snap->json = std::move(*js);
    snap->binary = std::move(*bin);
    snap->keys = std::move(*keys);
    snap->trust = std::move(*trust);
    if (opts_.build_filter) {
        auto ids = read_certificate_identities(db_, opts_.max_filter_certificates);
        if (ids) {
            std::vector<std::string> revoked;
            std::unordered_set<std::string_view> revoked_set;
            for (const auto& e : entries->entries) {
                if (e.in_effect(now_ms)) {
                    revoked.push_back(e.identity);
                    revoked_set.insert(e.identity);
                }
            }
            std::vector<std::string> valid;
            for (auto& id : *ids) {
                if (!revoked_set.contains(id)) {
                    valid.push_back(std::move(id));
                }
            }
            auto f = filter_cascade::build(revoked, valid);
            if (f) {
                auto rep = signed_rep(filter_type, f->serialize());
                if (rep) {
                    snap->filter = std::move(*rep);
                }
            } else {
                logger_.error("crl: filter build failed: " + f.error().message());
            }
        } else {
            logger_.error("crl: filter not built: " + ids.error().message());
        }
    }
    snap->entries = std::move(*entries);
    return std::shared_ptr<const crl_snapshot>(std::move(snap));
}

result<snapshot_entries> publisher::read_entries(const crl_snapshot* previous) const {
    // From the previous version plus the log since, when the log still reaches back to it: a
    // full scan of the records costs seconds at millions of entries, a delta is small.
    if (previous) {
        auto r = read_delta(db_, previous->version, std::nullopt, opts_.max_delta_events);
        if (r.error == delta_error::ok) {
            snapshot_entries s = previous->entries;
            apply_delta(s, r.d);
            return s;
        }
    }
    return read_snapshot(db_);
}

result<bool> publisher::refresh(std::int64_t now_ms) {
    std::lock_guard lock(refresh_mu_);
    auto old = current_.load();
    if (old) {
        auto seq = current_seq(db_);
        auto retained = retained_since(db_);
        if (!seq) {
            return {boost::system::in_place_error, seq.error()};
        }
        if (!retained) {
            return {boost::system::in_place_error, retained.error()};
        }
        if (*seq == old->version && *retained == old->retained_since) {
            return false;
        }
    }
    auto snap = build(old.get(), now_ms);
    if (!snap) {
        return {boost::system::in_place_error, snap.error()};
    }
    current_.store(std::move(*snap));
    return true;
}

publisher::delta_answer publisher::cached_delta(std::uint64_t since,
                                                std::optional<std::uint64_t> to) const {
    auto snap = current_.load();
    if (!snap) {
        return {delta_error::storage, nullptr};
    }
    const std::uint64_t end = to.value_or(snap->version);
    if (since > end) {
        return {delta_error::bad_range, nullptr};
    }
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find({since, end});
    return {delta_error::ok, it == cache_.end() ? nullptr : it->second};
}

publisher::delta_answer publisher::delta(std::uint64_t since, std::optional<std::uint64_t> to) {
    auto hit = cached_delta(since, to);
    if (hit.error != delta_error::ok || hit.rep) {
        return hit;
    }
    auto snap = current_.load();
    const std::uint64_t end = to.value_or(snap->version);
    auto r = read_delta(db_, since, end, opts_.max_delta_events);
    if (r.error != delta_error::ok) {
        return {r.error, nullptr};
    }
    std::string body = delta_json(r.d);
    auto sig = sign_detached(signer_, body);
    if (!sig) {
        logger_.error("crl: delta signing failed: " + sig.error().message());
        return {delta_error::storage, nullptr};
    }
    auto rep = std::make_shared<const representation>(
        make_representation(std::string(json_type), std::move(body), std::move(*sig)));
    std::lock_guard lock(cache_mu_);
    if (cache_.emplace(range{since, end}, rep).second) {
        cache_order_.push_back({since, end});
        while (cache_order_.size() > opts_.delta_cache) {
            cache_.erase(cache_order_.front());
            cache_order_.pop_front();
        }
    }
    return {delta_error::ok, rep};
}

}  // namespace certgate::crl
