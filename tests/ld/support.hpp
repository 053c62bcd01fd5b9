// Test helpers for certgate::ld: a loader serving the W3C suite from disk, file reading, and
// JSON comparison.
#pragma once

#include "shared/json/value.hpp"
#include "shared/ld/document_loader.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certgate::ld::test {

std::optional<std::string> read_file(const std::filesystem::path& p);
std::optional<json::value> read_json(const std::filesystem::path& p);

// Serves https://w3c.github.io/json-ld-api/tests/... from `dir` (the local tests/ folder).
class w3c_loader final : public document_loader {
public:
    w3c_loader(std::string url_prefix, std::filesystem::path dir)
        : prefix_(std::move(url_prefix)), dir_(std::move(dir)) {}
    [[nodiscard]] result<remote_document> load(std::string_view url) const override;

private:
    std::string prefix_;
    std::filesystem::path dir_;
};

// JSON equality with object members compared in any order (arrays in order).
// With `any_order`, arrays are compared as multisets too.
bool json_equivalent(const json::value& a, const json::value& b, bool any_order = false);

}  // namespace certgate::ld::test
