// File: app/data_dir.hpp
// The data directory of the embedded default: on first start it gets a signing key
// (keys/signing.pem, mode 0600, RSA-2048 unless keyType is ed25519) with its public half, a local
// token key (keys/auth.pem, EC P-256, for `certgate token`) with its public half, and certgate.json
// holding the default verificationMethod. Existing files are never overwritten.
#pragma once

#include "app/config.hpp"

#include <string>
#include <vector>

namespace certgate::app {

// Makes what is missing. `created` receives the paths it wrote. On failure returns false and sets
// `message`.
[[nodiscard]] bool prepare_data_dir(const config& c, std::vector<std::string>& created,
                                    std::string& message);

// Writes `text` to `path` with `mode`, atomically (temp file + rename), failing if `path` exists.
[[nodiscard]] bool write_new_file(const std::string& path, const std::string& text, unsigned mode,
                                  std::string& message);

}  // namespace certgate::app
