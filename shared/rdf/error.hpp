// File: shared/rdf/error.hpp
// Errors from reading N-Quads and from canonicalizing an RDF dataset.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::rdf {

enum class errc {
    malformed = 1,  // not N-Quads (syntax, bad escape, bad UTF-8), or a dataset that is not RDF
    too_complex,    // canonicalization needs more work than canon_options allows (poison graph)
    hash_failure,   // the hash function failed inside OpenSSL (not an input problem)
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::rdf

template <>
struct boost::system::is_error_code_enum<certgate::rdf::errc> : std::true_type {};
