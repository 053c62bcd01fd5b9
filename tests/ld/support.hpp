// Test helpers for certgate::ld: a loader serving the W3C suite from disk, file reading, and
// dataset comparison (N-Quads text, blank-node isomorphism).
#pragma once

#include "shared/json/value.hpp"
#include "shared/ld/document_loader.hpp"
#include "shared/rdf/dataset.hpp"

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
bool json_equivalent(const json::value& a, const json::value& b);

// One quad as four N-Quads tokens (graph empty for the default graph).
using quad_tokens = std::array<std::string, 4>;

// Serializes a dataset to N-Quads lines (jsonld.js escaping), one per quad, sorted, unique.
std::vector<std::string> to_lines(const rdf::dataset& ds);
// Splits N-Quads text into sorted unique lines (comments and blank lines dropped).
std::vector<std::string> nquads_lines(const std::string& text);
// True when the two sets of N-Quads lines are equal up to blank node relabelling.
bool isomorphic(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace certgate::ld::test
