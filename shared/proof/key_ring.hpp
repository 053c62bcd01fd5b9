// File: shared/proof/key_ring.hpp
// Trusted public keys by verificationMethod. A method may hold several keys (RSA and Ed25519,
// old and new); a proof verifies if any key of its method whose type fits the algorithm does.
// Build once, then share read-only across threads.
#pragma once

#include "shared/crypto/keys.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::proof {

class key_ring {
public:
    // Adds `key` under `method` (e.g. "did:india"). Adding the same key twice keeps one copy.
    void add(std::string_view method, ossl::public_key key);
    // The keys of `method`, or an empty list.
    const std::vector<ossl::public_key>& keys_for(std::string_view method) const;
    const std::map<std::string, std::vector<ossl::public_key>, std::less<>>& all() const noexcept {
        return keys_;
    }
    bool empty() const noexcept { return keys_.empty(); }

private:
    std::map<std::string, std::vector<ossl::public_key>, std::less<>> keys_;
};

}  // namespace certgate::proof
