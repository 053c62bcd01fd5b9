// File: shared/rdf/dataset.hpp
// The RDF data model shared by the JSON-LD toRdf algorithm (shared/ld), the N-Quads reader and
// writer, and URDNA2015 canonicalization (this folder). Plain values: no interning, no globals.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace certgate::rdf {

enum class term_type : std::uint8_t {
    default_graph,  // only in quad::graph: the quad is in the default graph
    iri,            // value is the IRI, without angle brackets
    blank,          // value is the blank node label, without the "_:" prefix
    literal,        // value is the lexical form; datatype and language below
};

struct term {
    term_type type = term_type::default_graph;
    std::string value;
    // Literals only: the datatype IRI. Always set for literals: xsd:string for a plain literal,
    // rdf:langString when `language` is set.
    std::string datatype;
    // Literals only: the language tag, or empty.
    std::string language;

    friend bool operator==(const term&, const term&) = default;
};

struct quad {
    term subject;
    term predicate;
    term object;
    term graph;  // type default_graph for the default graph

    friend bool operator==(const quad&, const quad&) = default;
};

using dataset = std::vector<quad>;

inline constexpr const char* xsd_string = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr const char* rdf_lang_string =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

}  // namespace certgate::rdf
