// File: shared/ld/to_rdf.hpp
// JSON-LD 1.1 toRdf: expansion, Node Map Generation and Deserialize JSON-LD to RDF (API 7.2,
// 8.1-8.3). Numbers follow the spec and jsonld.js: integral values below 1e21 become
// xsd:integer (so 1.0 and 1e2 are integers), others xsd:double in canonical form (1.1E0).
#pragma once

#include "shared/json/value.hpp"
#include "shared/ld/expand.hpp"
#include "shared/rdf/dataset.hpp"
#include "shared/util/result.hpp"

namespace certgate::ld {

struct to_rdf_options : expand_options {
    // Keep triples whose predicate is a blank node. Default: false.
    bool produce_generalized_rdf = false;
    // Convert a tree-shaped expanded document (no lists, graphs, reverse properties, blank-node
    // identifiers or shared nodes: most credentials) without building the Node Map. The dataset
    // is identical either way; false forces the full algorithm (tests compare the two).
    // Default: true.
    bool tree_path = true;
};

// Expands `doc` and converts it to an RDF dataset. Blank nodes are labelled b0, b1, ... in
// order of appearance. Quads with relative IRIs or malformed language tags are dropped, as the
// spec says. Errors as expand(). Thread-safe as long as the loader and cache are.
[[nodiscard]] result<rdf::dataset> to_rdf(const json::value& doc, const to_rdf_options& opts,
                                          expansion_trace* trace = nullptr);

// Converts an already expanded document (expand()'s output) to RDF.
[[nodiscard]] result<rdf::dataset> expanded_to_rdf(json::value expanded,
                                                   bool produce_generalized_rdf = false,
                                                   bool tree_path = true);

}  // namespace certgate::ld
