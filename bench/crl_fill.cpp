// crl_fill: writes N revocations into a certgate store through crl's own revocation_writer (the
// `revocations` records, the `revocation_log` events and the sequence counter, exactly as the
// write API stages them), in unsynced batches, for the start-up scale run (bench/crl-scale.sh).
//   crl_fill --db DIR/db --count N [--base https://certgate.example]
#include "crl/revocation.hpp"
#include "crl/revocation_store.hpp"
#include "shared/store/database.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace certgate;

int main(int argc, char** argv) {
    std::string db_path, base = "https://certgate.example";
    std::uint64_t count = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--db" && i + 1 < argc) {
            db_path = argv[++i];
        } else if (a == "--count" && i + 1 < argc) {
            count = std::strtoull(argv[++i], nullptr, 10);
        } else if (a == "--base" && i + 1 < argc) {
            base = argv[++i];
        } else {
            std::fprintf(stderr, "usage: crl_fill --db DIR --count N [--base URL]\n");
            return 2;
        }
    }
    if (db_path.empty() || count == 0 || count > 100'000'000) {
        std::fprintf(stderr, "crl_fill: --db and --count 1..100000000 are required\n");
        return 2;
    }
    store::options opts;
    opts.sync_writes = false;  // a bulk fill; one synced write at the end
    auto db = store::database::open(db_path, opts);
    if (!db) {
        std::fprintf(stderr, "crl_fill: cannot open %s: %s\n", db_path.c_str(),
                     db.error().message().c_str());
        return 2;
    }
    auto t0 = std::chrono::steady_clock::now();
    std::uint64_t seq = 0;
    constexpr std::uint64_t batch_size = 50'000;
    for (std::uint64_t first = 0; first < count; first += batch_size) {
        store::write_batch batch;
        crl::revocation_writer w(batch, seq);
        for (std::uint64_t n = first; n < std::min(count, first + batch_size); ++n) {
            crl::revocation r;
            r.certificate_id = std::to_string(100000000000ULL + n);
            r.identity = base + "/vaccine/" + r.certificate_id;
            r.revoked_at_ms = 1700000000000 + static_cast<std::int64_t>(n);
            r.why = n % 10 == 0 ? crl::reason::revoked : crl::reason::updated;
            if (r.why == crl::reason::updated) {
                r.replaced_by = std::to_string(900000000000ULL + n);
            }
            w.put(std::move(r), 1700000000000 + static_cast<std::int64_t>(n));
        }
        seq = w.last_seq();
        if (auto ec = db->write(batch, first + batch_size >= count)) {
            std::fprintf(stderr, "crl_fill: write failed: %s\n", ec.message().c_str());
            return 1;
        }
    }
    std::printf("crl_fill: %llu revocations in %.1f s\n", static_cast<unsigned long long>(count),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return 0;
}
