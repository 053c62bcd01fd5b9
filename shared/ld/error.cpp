#include "shared/ld/error.hpp"

#include <string>

namespace certgate::ld {

std::string_view error_code_string(errc e) noexcept {
    switch (e) {
        case errc::colliding_keywords:
            return "colliding keywords";
        case errc::conflicting_indexes:
            return "conflicting indexes";
        case errc::context_overflow:
            return "context overflow";
        case errc::cyclic_iri_mapping:
            return "cyclic IRI mapping";
        case errc::invalid_id_value:
            return "invalid @id value";
        case errc::invalid_import_value:
            return "invalid @import value";
        case errc::invalid_included_value:
            return "invalid @included value";
        case errc::invalid_index_value:
            return "invalid @index value";
        case errc::invalid_nest_value:
            return "invalid @nest value";
        case errc::invalid_prefix_value:
            return "invalid @prefix value";
        case errc::invalid_propagate_value:
            return "invalid @propagate value";
        case errc::invalid_protected_value:
            return "invalid @protected value";
        case errc::invalid_reverse_value:
            return "invalid @reverse value";
        case errc::invalid_version_value:
            return "invalid @version value";
        case errc::invalid_base_direction:
            return "invalid base direction";
        case errc::invalid_base_iri:
            return "invalid base IRI";
        case errc::invalid_container_mapping:
            return "invalid container mapping";
        case errc::invalid_context_entry:
            return "invalid context entry";
        case errc::invalid_context_nullification:
            return "invalid context nullification";
        case errc::invalid_default_language:
            return "invalid default language";
        case errc::invalid_iri_mapping:
            return "invalid IRI mapping";
        case errc::invalid_json_literal:
            return "invalid JSON literal";
        case errc::invalid_keyword_alias:
            return "invalid keyword alias";
        case errc::invalid_language_map_value:
            return "invalid language map value";
        case errc::invalid_language_mapping:
            return "invalid language mapping";
        case errc::invalid_language_tagged_string:
            return "invalid language-tagged string";
        case errc::invalid_language_tagged_value:
            return "invalid language-tagged value";
        case errc::invalid_local_context:
            return "invalid local context";
        case errc::invalid_remote_context:
            return "invalid remote context";
        case errc::invalid_reverse_property:
            return "invalid reverse property";
        case errc::invalid_reverse_property_map:
            return "invalid reverse property map";
        case errc::invalid_reverse_property_value:
            return "invalid reverse property value";
        case errc::invalid_scoped_context:
            return "invalid scoped context";
        case errc::invalid_script_element:
            return "invalid script element";
        case errc::invalid_set_or_list_object:
            return "invalid set or list object";
        case errc::invalid_term_definition:
            return "invalid term definition";
        case errc::invalid_type_mapping:
            return "invalid type mapping";
        case errc::invalid_type_value:
            return "invalid type value";
        case errc::invalid_typed_value:
            return "invalid typed value";
        case errc::invalid_value_object:
            return "invalid value object";
        case errc::invalid_value_object_value:
            return "invalid value object value";
        case errc::invalid_vocab_mapping:
            return "invalid vocab mapping";
        case errc::iri_confused_with_prefix:
            return "IRI confused with prefix";
        case errc::keyword_redefinition:
            return "keyword redefinition";
        case errc::loading_document_failed:
            return "loading document failed";
        case errc::loading_remote_context_failed:
            return "loading remote context failed";
        case errc::multiple_context_link_headers:
            return "multiple context link headers";
        case errc::processing_mode_conflict:
            return "processing mode conflict";
        case errc::protected_term_redefinition:
            return "protected term redefinition";
        case errc::recursive_context_inclusion:
            return "recursive context inclusion";
        case errc::list_of_lists:
            return "list of lists";
        case errc::too_deep:
            return "too deep";
    }
    return "unknown error";
}

namespace {

class ld_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.ld"; }
    std::string message(int ev) const override {
        return std::string(error_code_string(static_cast<errc>(ev)));
    }
};

}  // namespace

const boost::system::error_category& category() noexcept {
    static const ld_category cat;
    return cat;
}

}  // namespace certgate::ld
