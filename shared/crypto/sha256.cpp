#include "shared/crypto/sha256.hpp"

#include "shared/crypto/handles.hpp"

#include <cstdlib>

namespace certgate::ossl {

namespace {

// Fetched once (thread-safe static init, immutable afterwards): an implicit fetch per call costs a
// lock and a lookup in the provider store, and sha256 is on the verify hot path.
EVP_MD* fetched(const char* name) noexcept {
    if (EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr)) {
        return md;
    }
    std::abort();  // SHA-2 missing from the default provider: a broken installation, not input
}

template <std::size_t N>
std::array<std::uint8_t, N> digest(const EVP_MD* md, std::string_view data) noexcept {
    std::array<std::uint8_t, N> out{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != N) {
        std::abort();  // only fails on allocation failure
    }
    return out;
}

}  // namespace

sha256_digest sha256(std::string_view data) noexcept {
    static const unique_ptr<EVP_MD> md(fetched("SHA256"));
    return digest<32>(md.get(), data);
}

sha384_digest sha384(std::string_view data) noexcept {
    static const unique_ptr<EVP_MD> md(fetched("SHA384"));
    return digest<48>(md.get(), data);
}

}  // namespace certgate::ossl
