// File: shared/rdf/nquads.hpp
// N-Quads reader (the full RDF 1.1 grammar: escapes, language tags, datatypes, comments) and a
// writer that produces canonical N-Quads as RDFC-1.0 defines them. The writer neither sorts nor
// removes duplicates; canonicalize() (canonicalize.hpp) does that.
#pragma once

#include "shared/rdf/dataset.hpp"
#include "shared/rdf/error.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace certgate::rdf {

// How literals are escaped when written.
enum class literal_escaping : std::uint8_t {
    // RDFC-1.0's canonical N-Quads: \b \t \n \f \r \" \\ as ECHAR, other U+0000..U+001F and
    // U+007F as \u00XX (upper-case hex), everything else as is.
    rdfc10,
    // jsonld.js / rdf-canonize before RDFC-1.0 (what DIVOC signed with): only \" \\ \n \r are
    // escaped; tabs and other control characters are written raw. Differs from rdfc10 only
    // for literals holding control characters other than LF and CR.
    legacy,
};

// Parses N-Quads text into quads, in document order (duplicates kept). Escapes are decoded;
// literals always get a datatype (xsd:string, rdf:langString, or the one given). Rejects
// anything outside the grammar, invalid UTF-8, and escapes that decode to surrogates or to
// characters an IRI may not hold, with errc::malformed; when `error_line` is given it receives
// the 1-based line of the error. Never throws for bad input. Thread-safe (no shared state).
[[nodiscard]] result<dataset> parse_nquads(std::string_view text,
                                           std::size_t* error_line = nullptr);

// Appends one term in RDFC-1.0 canonical N-Quads form: <iri>, _:label, or "lexical" with @lang or
// ^^<datatype> (omitted for xsd:string). Nothing is appended for the default graph.
void write_term(std::string& out, const term& t);

// Appends one quad in canonical N-Quads form, ending in " .\n". The graph term is omitted for
// the default graph.
void write_quad(std::string& out, const quad& q,
                literal_escaping escaping = literal_escaping::rdfc10);

// All quads in the given order, each as write_quad() writes it.
[[nodiscard]] std::string to_nquads(const dataset& ds,
                                    literal_escaping escaping = literal_escaping::rdfc10);

namespace detail {

// Appends a literal's lexical form, escaped as `escaping` says.
void write_escaped_literal(std::string& out, std::string_view lexical,
                           literal_escaping escaping = literal_escaping::rdfc10);

// write_quad(), but a blank-node subject, object or graph is written as "_:" followed by
// `s`, `o` or `g` instead of its own label. Used by canonicalization.
void write_quad_relabeled(std::string& out, const quad& q, std::string_view s, std::string_view o,
                          std::string_view g, literal_escaping escaping = literal_escaping::rdfc10);

}  // namespace detail
}  // namespace certgate::rdf
