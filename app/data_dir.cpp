#include "app/data_dir.hpp"

#include "shared/crypto/key_write.hpp"
#include "shared/crypto/keys.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace certgate::app {

namespace fs = std::filesystem;

bool write_new_file(const std::string& path, const std::string& text, unsigned mode,
                    std::string& message) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        message = "cannot create " + tmp + ": " + std::strerror(errno);
        return false;
    }
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    // link() fails if `path` exists, so a concurrent first start never replaces a key.
    if (!ok || ::link(tmp.c_str(), path.c_str()) != 0) {
        message = "cannot write " + path + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    ::unlink(tmp.c_str());
    return true;
}

namespace {

bool write_key_pair(const ossl::private_key& key, const std::string& priv_path,
                    const std::string& pub_path, std::vector<std::string>& created,
                    std::string& message) {
    auto priv_pem = ossl::to_pem(key);
    auto pub = ossl::public_of(key);
    auto pub_pem = pub ? ossl::to_pem(*pub) : result<std::string>(pub.error());
    if (!priv_pem || !pub_pem) {
        message = "cannot encode a new key for " + priv_path;
        return false;
    }
    if (!write_new_file(priv_path, *priv_pem, 0600, message) ||
        !write_new_file(pub_path, *pub_pem, 0644, message)) {
        return false;
    }
    created.push_back(priv_path);
    created.push_back(pub_path);
    return true;
}

}  // namespace

bool prepare_data_dir(const config& c, std::vector<std::string>& created, std::string& message) {
    std::error_code ec;
    fs::create_directories(fs::path(c.data_dir) / "keys", ec);
    if (ec) {
        message = "cannot create data directory " + c.data_dir + ": " + ec.message();
        return false;
    }
    std::string signing = c.in_data(c.signing_key).string();
    if (!fs::exists(signing)) {
        auto key = c.key_type == "ed25519" ? ossl::generate_ed25519() : ossl::generate_rsa(2048);
        std::string pub = signing.size() > 4 && signing.ends_with(".pem")
                              ? signing.substr(0, signing.size() - 4) + ".pub.pem"
                              : signing + ".pub.pem";
        if (!key || !write_key_pair(*key, signing, pub, created, message)) {
            if (message.empty()) {
                message = "cannot generate the signing key";
            }
            return false;
        }
    }
    std::string auth = c.in_data("keys/auth.pem").string();
    if (!fs::exists(auth)) {
        auto key = ossl::generate_ec_p256();
        if (!key || !write_key_pair(*key, auth, c.in_data("keys/auth.pub.pem").string(), created,
                                    message)) {
            if (message.empty()) {
                message = "cannot generate the token key";
            }
            return false;
        }
    }
    std::string cfg = c.in_data("certgate.json").string();
    if (!fs::exists(cfg)) {
        if (!write_new_file(cfg, first_start_config(c), 0644, message)) {
            return false;
        }
        created.push_back(cfg);
    }
    return true;
}

}  // namespace certgate::app
