#include "app/runtime.hpp"

#include "shared/crypto/key_load.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

namespace certgate::app {

std::filesystem::path executable_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : exe.parent_path();
}

std::filesystem::path contexts_dir_or_default(const std::string& dir) {
    return dir.empty() ? executable_dir() / "contexts" : std::filesystem::path(dir);
}

std::optional<ld::context_registry> load_contexts(const std::string& dir, std::string& message) {
    auto path = contexts_dir_or_default(dir);
    auto reg = ld::context_registry::load_directory(path);
    if (!reg) {
        message =
            "cannot load JSON-LD contexts from " + path.string() + ": " + reg.error().message();
        return std::nullopt;
    }
    return std::move(*reg);
}

bool add_trust(proof::key_ring& ring, const std::vector<trust_entry>& entries,
               const std::filesystem::path& base, std::string& message) {
    for (const auto& e : entries) {
        std::filesystem::path p(e.key);
        if (p.is_relative() && !base.empty()) {
            p = base / p;
        }
        auto key = ossl::load_public_key_file(p);
        if (!key) {
            message = "cannot load trusted key " + p.string() + " for " + e.method + ": " +
                      key.error().message();
            return false;
        }
        ring.add(e.method, std::move(*key));
    }
    return true;
}

bool add_config_trust(proof::key_ring& ring, const config& cfg, std::string& message) {
    auto path = cfg.in_data(cfg.signing_key);
    auto key = ossl::load_private_key_file(path);
    auto pub = key ? ossl::public_of(*key) : result<ossl::public_key>(key.error());
    if (!pub) {
        message = "cannot load signing key " + path.string() + ": " + pub.error().message();
        return false;
    }
    ring.add(cfg.verification_method, std::move(*pub));
    return add_trust(ring, cfg.trust, cfg.data_dir, message);
}

std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t max) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec || size > max) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string{std::istreambuf_iterator<char>(in), {}};
}

}  // namespace certgate::app
