#include "shared/proof/engine_pool.hpp"

namespace certgate::proof {

engine_pool::engine_pool(const ld::document_loader& loader, engine_options opts)
    : loader_(loader), opts_(opts) {
    if (opts_.contexts_cache == nullptr) {
        opts_.contexts_cache = &cache_;
    }
}

engine_pool::lease engine_pool::acquire() {
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            auto e = std::move(idle_.back());
            idle_.pop_back();
            return lease(*this, std::move(e));
        }
    }
    return lease(*this, std::make_unique<engine>(loader_, opts_));
}

engine_pool::lease::~lease() {
    if (!e_) {
        return;
    }
    std::lock_guard lock(pool_->mu_);
    // More idle engines than threads that ever ran at once is never needed; cap the memory.
    if (pool_->idle_.size() < 64) {
        pool_->idle_.push_back(std::move(e_));
    }
}

}  // namespace certgate::proof
