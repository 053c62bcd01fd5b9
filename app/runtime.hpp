// File: app/runtime.hpp
// Start-up helpers that the subcommands share: where the contexts are, loading the context
// registry and trusted keys, reading files. Failures are messages for a person (exit code 2).
#pragma once

#include "app/config.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/proof/key_ring.hpp"
#include "shared/util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

// The directory of the running binary (for the contexts shipped beside it).
std::filesystem::path executable_dir();

// `dir` if given, else <binary dir>/contexts.
std::filesystem::path contexts_dir_or_default(const std::string& dir);

// Loads the context registry; on failure returns nullopt and sets `message`.
std::optional<ld::context_registry> load_contexts(const std::string& dir, std::string& message);

// Adds each METHOD=KEYFILE to `ring` (paths relative to `base` when given). On failure returns
// false and sets `message` naming the file and the problem.
bool add_trust(proof::key_ring& ring, const std::vector<trust_entry>& entries,
               const std::filesystem::path& base, std::string& message);

// The trust of a data directory: its own signing key (cfg.signing_key, public half) under
// cfg.verification_method, plus cfg.trust (relative key paths under cfg.data_dir). On failure
// returns false and sets `message`.
bool add_config_trust(proof::key_ring& ring, const config& cfg, std::string& message);

// The whole file, or nullopt when it cannot be read or is larger than `max` bytes.
std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t max = 16 << 20);

}  // namespace certgate::app
