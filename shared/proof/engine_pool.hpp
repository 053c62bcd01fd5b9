// File: shared/proof/engine_pool.hpp
// Engines keep scratch buffers and are not thread-safe; a pool lends one per call so many threads
// can sign and verify at once without making an engine (and its buffers) each time. Thread-safe.
#pragma once

#include "shared/ld/context.hpp"
#include "shared/proof/linked_data_proof.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace certgate::proof {

class engine_pool {
public:
    // `loader` must outlive the pool. Engines share one context cache owned by the pool unless
    // opts.contexts_cache is set.
    engine_pool(const ld::document_loader& loader, engine_options opts = {});

    // An engine on loan: returned to the pool when it goes out of scope.
    class lease {
    public:
        lease(engine_pool& pool, std::unique_ptr<engine> e) : pool_(&pool), e_(std::move(e)) {}
        lease(lease&&) noexcept = default;
        lease& operator=(lease&&) noexcept = delete;
        ~lease();
        engine& operator*() const noexcept { return *e_; }
        engine* operator->() const noexcept { return e_.get(); }

    private:
        engine_pool* pool_;
        std::unique_ptr<engine> e_;
    };

    lease acquire();

private:
    const ld::document_loader& loader_;
    ld::context_cache cache_;
    engine_options opts_;
    std::mutex mu_;
    std::vector<std::unique_ptr<engine>> idle_;
};

}  // namespace certgate::proof
