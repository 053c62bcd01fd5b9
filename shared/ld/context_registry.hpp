// File: shared/ld/context_registry.hpp
// The production document_loader: JSON-LD contexts from local files, never the network. Loads
// index.json (context URL -> file name) from a directory once at start, plus contexts added
// from config or tests. Immutable after setup, so loads are thread-safe and lock-free.
#pragma once

#include "shared/json/value.hpp"
#include "shared/ld/document_loader.hpp"
#include "shared/util/result.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace certgate::ld {

class context_registry final : public document_loader {
public:
    context_registry() = default;

    // Reads `dir`/index.json and every file it names. Fails with errc::loading_document_failed
    // when a file is missing or not JSON (`error_detail`, when given, names the file).
    [[nodiscard]] static result<context_registry> load_directory(
        const std::filesystem::path& dir, std::string* error_detail = nullptr);

    // Adds or replaces the document served for `url` (an object with an @context entry). Not
    // thread-safe: call during setup only.
    void add(std::string url, json::value document);

    bool contains(std::string_view url) const noexcept;
    std::size_t size() const noexcept { return docs_.size(); }

    // Serves a registered URL; any other URL fails with errc::loading_remote_context_failed.
    [[nodiscard]] result<remote_document> load(std::string_view url) const override;

private:
    std::unordered_map<std::string, std::shared_ptr<const json::value>> docs_;
};

}  // namespace certgate::ld
