#include "shared/proof/key_ring.hpp"

#include <algorithm>

namespace certgate::proof {

void key_ring::add(std::string_view method, ossl::public_key key) {
    auto it = keys_.find(method);
    if (it == keys_.end()) {
        it = keys_.emplace(std::string(method), std::vector<ossl::public_key>{}).first;
    }
    if (std::find(it->second.begin(), it->second.end(), key) == it->second.end()) {
        it->second.push_back(std::move(key));
    }
}

const std::vector<ossl::public_key>& key_ring::keys_for(std::string_view method) const {
    static const std::vector<ossl::public_key> none;
    auto it = keys_.find(method);
    return it == keys_.end() ? none : it->second;
}

}  // namespace certgate::proof
