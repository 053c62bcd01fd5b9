// File: shared/ld/expand.hpp
// The JSON-LD 1.1 Expansion algorithm (API section 5.1) over json::value, with an optional trace
// of where every input key went (the verifier uses it to list fields a signature does not cover).
// Remote contexts come from a document_loader only; nothing touches the network.
#pragma once

#include "shared/json/value.hpp"
#include "shared/ld/context.hpp"
#include "shared/ld/document_loader.hpp"
#include "shared/ld/error.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::ld {

struct expand_options {
    // Resolves remote context URLs. Default: nullptr (every remote context fails to load with
    // errc::loading_remote_context_failed).
    const document_loader* loader = nullptr;
    // Shared cache of processed contexts (thread-safe); makes repeated expansions with the same
    // remote and scoped contexts cheap. Default: nullptr (no caching).
    context_cache* cache = nullptr;
    // The document's base IRI for relative IRIs and relative context URLs. Default: none.
    std::string base;
    // A context applied before the document's own (the API's expandContext option). Default: none.
    const json::value* expand_context = nullptr;
    // Maximum nesting of arrays and objects the expansion descends. Default: 64.
    std::size_t max_depth = 64;
    // Maximum chain of nested remote context loads (context overflow beyond). Default: 32.
    std::size_t max_remote_contexts = 32;
    // When set, receives a human-readable detail on failure (e.g. the unknown context URL).
    std::string* error_detail = nullptr;
    // When not empty, every member of this name in the top-level object is treated as absent, so
    // a credential expands without its proof and without being copied. Default: empty.
    std::string_view ignore_root_member;
};

// One key of one input object: its JSON path in the input ("credentialSubject.address.city",
// "evidence[0].dose"; a top-level key is just its name) and what it expanded to: an IRI, a
// keyword ("@id", "@type", "@context", ...), or empty when expansion dropped the key. Keys of
// index, id, type and language maps record "@index", "@id", "@type" or "@language". Keys inside
// @context values are not recorded. Note that a key with an IRI can still end up unsigned
// when toRdf drops its triples (e.g. its node has a relative @id); check the RDF for that.
struct trace_entry {
    std::string path;
    std::string iri;
};

struct expansion_trace {
    std::vector<trace_entry> entries;
};

// Expands `doc`. Returns the expanded form (always an array). Errors are errc values (JSON-LD
// error codes, or errc::too_deep past max_depth). Thread-safe as long as the loader and cache
// are. When `trace` is set it receives one entry per key of every object expansion visited.
[[nodiscard]] result<json::value> expand(const json::value& doc, const expand_options& opts,
                                         expansion_trace* trace = nullptr);

}  // namespace certgate::ld
