#include "bench/load/seed.hpp"

#include "bench/load/workload.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/crypto/key_write.hpp"
#include "shared/crypto/keys.hpp"
#include "shared/json/write.hpp"
#include "shared/ld/context.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/linked_data_proof.hpp"
#include "shared/store/database.hpp"
#include "update/credential_builder.hpp"
#include "update/request.hpp"
#include "update/service.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#ifndef CERTGATE_SOURCE_DIR
#define CERTGATE_SOURCE_DIR "."
#endif

namespace certgate::bench {

namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

bool write_file(const fs::path& p, const std::string& text, fs::perms perms) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    std::error_code ec;
    fs::permissions(p, perms, ec);
    return out.good() && !ec;
}

// The data dir's signing key; a new one (and its public half) when there is none yet.
std::optional<ossl::private_key> signing_key(const seed_options& o) {
    fs::path dir = fs::path(o.data_dir) / "keys";
    fs::path priv = dir / "signing.pem";
    if (fs::exists(priv)) {
        auto k = ossl::load_private_key_file(priv);
        if (!k) {
            std::fprintf(stderr, "seed: cannot load %s\n", priv.c_str());
            return std::nullopt;
        }
        return std::move(*k);
    }
    auto k = o.key_type == "ed25519" ? ossl::generate_ed25519() : ossl::generate_rsa(2048);
    auto pub = k ? ossl::public_of(*k) : result<ossl::public_key>(k.error());
    auto priv_pem = k ? ossl::to_pem(*k) : result<std::string>(k.error());
    auto pub_pem = pub ? ossl::to_pem(*pub) : result<std::string>(pub.error());
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!priv_pem || !pub_pem || ec ||
        !write_file(priv, *priv_pem, fs::perms::owner_read | fs::perms::owner_write) ||
        !write_file(dir / "signing.pub.pem", *pub_pem,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                        fs::perms::others_read)) {
        std::fprintf(stderr, "seed: cannot create a signing key in %s\n", dir.c_str());
        return std::nullopt;
    }
    std::printf("seed: new %s signing key %s\n", o.key_type.c_str(), priv.c_str());
    return std::move(*k);
}

// Signing engines for the signer callback, which runs on several threads at once.
class engine_pool {
public:
    engine_pool(const ld::document_loader& loader, ld::context_cache& cache)
        : loader_(loader), cache_(cache) {}
    std::unique_ptr<proof::engine> take() {
        std::lock_guard lk(mu_);
        if (!free_.empty()) {
            auto e = std::move(free_.back());
            free_.pop_back();
            return e;
        }
        proof::engine_options eo;
        eo.contexts_cache = &cache_;
        return std::make_unique<proof::engine>(loader_, eo);
    }
    void give(std::unique_ptr<proof::engine> e) {
        std::lock_guard lk(mu_);
        free_.push_back(std::move(e));
    }

private:
    const ld::document_loader& loader_;
    ld::context_cache& cache_;
    std::mutex mu_;
    std::vector<std::unique_ptr<proof::engine>> free_;
};

// A request item varied by n, so every certificate's content differs.
json::value request_item(std::uint64_t seed, std::uint64_t n) {
    static constexpr const char* names[] = {"Bhaya Mitra", "Asha Rao",  "Ravi Kumar", "Meera Iyer",
                                            "Sunil Das",   "Lata Shah", "Imran Ali",  "Priya Nair"};
    json::value addr{json::object{}};
    addr.set("addressLine1", std::to_string(1 + n % 900) + ", 2nd Street");
    addr.set("district", "Bengaluru");
    addr.set("pincode", std::to_string(560000 + n % 100));
    addr.set("state", "Karnataka");
    json::value recipient{json::object{}};
    recipient.set("contact", json::array{"tel:98" + std::to_string(80000000 + n % 10000000)});
    recipient.set("dob", "19" + std::to_string(50 + n % 50) + "-0" + std::to_string(1 + n % 9) +
                             "-1" + std::to_string(n % 10));
    recipient.set("gender", n % 2 ? "Female" : "Male");
    recipient.set("identity", "did:in.gov.uidai.aadhaar:" + std::to_string(2000000000 + n));
    recipient.set("name", std::string(names[n % 8]) + " " + std::to_string(n));
    recipient.set("nationality", "Indian");
    recipient.set("address", addr);
    json::value facility{json::object{}};
    json::value faddr = addr;
    faddr.set("addressLine1", "123, Koramangala");
    facility.set("address", faddr);
    facility.set("name", "Facility " + std::to_string(n % 97));
    json::value vac{json::object{}};
    vac.set("batch", "MB" + std::to_string(3000 + n % 1000) + "BX");
    vac.set("date", "2021-06-02T09:21:18.646Z");
    vac.set("dose", 1);
    vac.set("effectiveStart", "2021-06-02");
    vac.set("effectiveUntil", "2025-12-02");
    vac.set("manufacturer", "COVPharma");
    vac.set("name", "CoVax");
    vac.set("totalDoses", 2);
    json::value item{json::object{}};
    item.set("preEnrollmentCode", "seed-" + std::to_string(seed) + "-" + std::to_string(n));
    item.set("programId", "bench");
    item.set("facility", std::move(facility));
    item.set("recipient", std::move(recipient));
    item.set("vaccination", std::move(vac));
    json::value vaccinator{json::object{}};
    vaccinator.set("name", "Sooraj Singh");
    item.set("vaccinator", std::move(vaccinator));
    item.set("comorbidities", json::array{});
    return item;
}

// Which items are revoked: an even spread of round(count * fraction).
bool is_revoked(std::uint64_t n, double fraction) {
    auto before = static_cast<std::uint64_t>(static_cast<double>(n) * fraction);
    auto after = static_cast<std::uint64_t>(static_cast<double>(n + 1) * fraction);
    return after > before;
}

}  // namespace

int run_seed(const seed_options& o) {
    auto t0 = std::chrono::steady_clock::now();
    std::string ctx_dir =
        o.contexts_dir.empty() ? std::string(CERTGATE_SOURCE_DIR "/contexts") : o.contexts_dir;
    std::string detail;
    auto contexts = ld::context_registry::load_directory(ctx_dir, &detail);
    if (!contexts) {
        std::fprintf(stderr, "seed: cannot load contexts from %s: %s\n", ctx_dir.c_str(),
                     detail.c_str());
        return 2;
    }
    auto key = signing_key(o);
    if (!key) {
        return 2;
    }
    ld::context_cache cache;
    engine_pool engines(*contexts, cache);
    update::signer_fn signer = [&](json::value credential) -> result<json::value> {
        auto e = engines.take();
        auto signed_cred =
            e->sign(std::move(credential), *key, o.method, "2021-06-02T09:30:00.000Z");
        engines.give(std::move(e));
        return signed_cred;
    };

    std::vector<corpus_entry> corpus(o.count);
    std::atomic<std::uint64_t> next_batch{0};
    std::atomic<bool> failed{false};
    constexpr std::uint64_t batch = 100;  // DIVOC's largest request
    const std::uint64_t batches = (o.count + batch - 1) / batch;

    std::optional<store::database> db;
    std::unique_ptr<crl::revocation_set> revocations;
    std::unique_ptr<update::service> svc;
    if (!o.corpus_only) {
        auto opened = store::database::open(o.db_path);
        if (!opened) {
            std::fprintf(stderr, "seed: cannot open the store at %s: %s\n", o.db_path.c_str(),
                         opened.error().message().c_str());
            return 2;
        }
        db.emplace(std::move(*opened));
        revocations = std::make_unique<crl::revocation_set>();
        svc = std::make_unique<update::service>(*db, *revocations, signer);
    }

    auto worker = [&] {
        std::mt19937_64 rng(o.seed);
        for (;;) {
            std::uint64_t b = next_batch.fetch_add(1);
            if (b >= batches || failed.load()) {
                return;
            }
            std::uint64_t first = b * batch;
            std::uint64_t last = std::min(o.count, first + batch);
            json::array items;
            for (std::uint64_t n = first; n < last; ++n) {
                items.push_back(request_item(o.seed, n));
            }
            if (svc) {
                auto body = json::to_string(json::value(std::move(items)));
                auto issued = svc->certify(body, update::api_version::v1);
                if (!issued) {
                    std::fprintf(stderr, "seed: certify failed: %s\n",
                                 issued.error().message.c_str());
                    failed = true;
                    return;
                }
                for (std::uint64_t n = first; n < last; ++n) {
                    const auto& c = issued->certificates[n - first];
                    auto view = svc->get(c.certificate_id);
                    if (!view) {
                        std::fprintf(stderr, "seed: cannot read back %s\n",
                                     c.certificate_id.c_str());
                        failed = true;
                        return;
                    }
                    corpus[n] = {false, c.pre_enrollment_code, c.dose, c.certificate_id,
                                 json::to_string(view->certificate)};
                }
            } else {
                auto e = engines.take();
                for (std::uint64_t n = first; n < last; ++n) {
                    const std::string text =
                        json::to_string(json::value(json::array{items[n - first]}));
                    auto req =
                        update::parse_requests(std::string_view(text), update::api_version::v1);
                    if (!req || req->empty()) {
                        failed = true;
                        break;
                    }
                    std::string id = std::to_string(100000000000ULL + rng() % 899999999999ULL);
                    auto cred = update::build_credential(
                        req->front(), update::api_version::v1, id,
                        1622625600000 + static_cast<std::int64_t>(n), update::credential_options{});
                    auto s = e->sign(std::move(cred), *key, o.method, "2021-06-02T09:30:00.000Z");
                    if (!s) {
                        failed = true;
                        break;
                    }
                    corpus[n] = {false, req->front().pre_enrollment_code, 1, id,
                                 json::to_string(*s)};
                }
                engines.give(std::move(e));
            }
        }
    };
    {
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < o.threads; ++t) {
            threads.emplace_back(worker);
        }
        for (auto& t : threads) {
            t.join();
        }
    }
    if (failed) {
        std::fprintf(stderr, "seed: failed\n");
        return 1;
    }
    double sign_s = seconds_since(t0);

    // Revocations through the service (DIVOC's DELETE of dose 1), so the revocation records and
    // the revocation log are certgate's own. Concurrent calls share fsyncs (group commit).
    std::uint64_t revoked = 0;
    if (o.revoked > 0) {
        std::vector<std::uint64_t> picks;
        for (std::uint64_t n = 0; n < o.count; ++n) {
            if (is_revoked(n, o.revoked)) {
                picks.push_back(n);
                corpus[n].revoked = true;
            }
        }
        revoked = picks.size();
        if (svc) {
            std::atomic<std::size_t> next{0};
            auto revoker = [&] {
                for (std::size_t k; (k = next.fetch_add(1)) < picks.size() && !failed;) {
                    update::dose_selection sel;
                    sel.doses = {1};
                    auto r = svc->revoke(corpus[picks[k]].pre_enrollment_code, sel);
                    if (!r) {
                        std::fprintf(stderr, "seed: revoke failed: %s\n",
                                     r.error().message.c_str());
                        failed = true;
                    }
                }
            };
            std::vector<std::thread> threads;
            for (unsigned t = 0; t < std::max(4u, o.threads * 2); ++t) {
                threads.emplace_back(revoker);
            }
            for (auto& t : threads) {
                t.join();
            }
        }
    }
    if (failed) {
        std::fprintf(stderr, "seed: failed\n");
        return 1;
    }
    std::ofstream out(o.corpus, std::ios::binary | std::ios::trunc);
    for (const auto& e : corpus) {
        out << format_corpus_line(e) << '\n';
    }
    out.close();
    if (!out) {
        std::fprintf(stderr, "seed: cannot write %s\n", o.corpus.c_str());
        return 1;
    }
    std::printf(
        "seed: %llu certificates (%s, %s), %llu revoked, in %.1f s (signing+store %.1f s)\n"
        "seed: corpus %s%s%s\n",
        static_cast<unsigned long long>(o.count),
        key->type() == ossl::key_type::ed25519 ? "Ed25519" : "RSA", o.method.c_str(),
        static_cast<unsigned long long>(revoked), seconds_since(t0), sign_s, o.corpus.c_str(),
        svc ? ", store " : " (corpus only, no store)", svc ? o.db_path.c_str() : "");
    return 0;
}

}  // namespace certgate::bench
