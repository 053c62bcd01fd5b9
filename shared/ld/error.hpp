// File: shared/ld/error.hpp
// Errors from JSON-LD context processing, expansion and toRdf. The enumerators map 1:1 to the
// error codes of the JSON-LD 1.1 API (https://www.w3.org/TR/json-ld11-api/#jsonldprocessor);
// error_code_string() gives the spec's code string. A few certgate limits come last.
#pragma once

#include <boost/system/error_code.hpp>

#include <string_view>
#include <type_traits>

namespace certgate::ld {

enum class errc {
    colliding_keywords = 1,          // two keys of one object expand to the same keyword
    conflicting_indexes,             // one node carries two different @index values
    context_overflow,                // too many (or cyclic) remote/scoped context loads
    cyclic_iri_mapping,              // a term definition depends on itself
    invalid_id_value,                // @id is not a string
    invalid_import_value,            // @import is not a string
    invalid_included_value,          // @included holds something other than node objects
    invalid_index_value,             // @index is not a string
    invalid_nest_value,              // @nest is not a map, or is a keyword other than @nest
    invalid_prefix_value,            // @prefix is not a boolean
    invalid_propagate_value,         // @propagate is not a boolean
    invalid_protected_value,         // @protected is not a boolean
    invalid_reverse_value,           // @reverse is not a map
    invalid_version_value,           // @version is not 1.1
    invalid_base_direction,          // @direction is not "ltr", "rtl" or null
    invalid_base_iri,                // @base is not an IRI
    invalid_container_mapping,       // @container holds an unsupported combination
    invalid_context_entry,           // an entry not allowed in this context
    invalid_context_nullification,   // null context while protected terms exist
    invalid_default_language,        // @language in a context is not a string or null
    invalid_iri_mapping,             // a term maps to something that is not an IRI
    invalid_json_literal,            // a JSON literal is not valid JSON
    invalid_keyword_alias,           // a term aliases @context
    invalid_language_map_value,      // a language map holds a non-string
    invalid_language_mapping,        // @language in a term definition is not a string or null
    invalid_language_tagged_string,  // @language in a value object is not a string
    invalid_language_tagged_value,   // @language with a non-string @value
    invalid_local_context,           // a context is not a map, string, array or null
    invalid_remote_context,          // a loaded context document has no @context map
    invalid_reverse_property,        // a reverse property term is defined wrongly
    invalid_reverse_property_map,    // @reverse inside @reverse
    invalid_reverse_property_value,  // a reverse property holds a value or list object
    invalid_scoped_context,          // a scoped context fails to process
    invalid_script_element,          // (HTML only; unused)
    invalid_set_or_list_object,      // @set/@list with other entries than @index
    invalid_term_definition,         // a term definition is malformed
    invalid_type_mapping,            // @type in a term definition is not an IRI or keyword
    invalid_type_value,              // @type in a node is not a string or array of strings
    invalid_typed_value,             // @type of a value object is not an IRI
    invalid_value_object,            // a value object has entries it must not have
    invalid_value_object_value,      // @value is not a scalar
    invalid_vocab_mapping,           // @vocab is not an IRI, blank node or null
    iri_confused_with_prefix,        // (compaction only; unused)
    keyword_redefinition,            // a context redefines a keyword
    loading_document_failed,         // the document loader failed for a document
    loading_remote_context_failed,   // the loader does not know a context URL
    multiple_context_link_headers,   // (HTTP only; unused)
    processing_mode_conflict,        // @version 1.1 in json-ld-1.0 mode
    protected_term_redefinition,     // a protected term is redefined
    recursive_context_inclusion,     // (JSON-LD 1.0) a remote context includes itself
    list_of_lists,                   // (JSON-LD 1.0) a list inside a list
    // certgate limits (not JSON-LD error codes)
    too_deep,  // nesting beyond the configured maximum depth
};

// The JSON-LD error code string, e.g. "protected term redefinition".
std::string_view error_code_string(errc e) noexcept;

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::ld

template <>
struct boost::system::is_error_code_enum<certgate::ld::errc> : std::true_type {};
