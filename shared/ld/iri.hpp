// File: shared/ld/iri.hpp
// IRI helpers for JSON-LD: keyword tests, absolute-IRI tests and RFC 3986 reference resolution
// (section 5.2, without normalization), as the JSON-LD 1.1 algorithms use them.
#pragma once

#include <string>
#include <string_view>

namespace certgate::ld {

// True for a JSON-LD keyword (@id, @type, @context, ...; framing keywords included).
bool is_keyword(std::string_view s) noexcept;
// True for "@" followed by one or more ASCII letters (reserved for future keywords).
bool has_keyword_form(std::string_view s) noexcept;
// True when `s` starts with an RFC 3986 scheme followed by ':' (an absolute IRI, or "_:").
bool is_absolute_iri(std::string_view s) noexcept;
bool is_blank_node(std::string_view s) noexcept;
// An absolute IRI without characters that RDF forbids in IRIs (spaces, <>"{}|\^`, controls).
bool is_well_formed_iri(std::string_view s) noexcept;
// Resolves `ref` against `base` (RFC 3986 section 5.2). An empty base returns `ref` unchanged.
std::string resolve_iri(std::string_view base, std::string_view ref);

}  // namespace certgate::ld
