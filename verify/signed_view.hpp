// File: verify/signed_view.hpp
// What the signature really covers. Given the credential's JSON, the RDF that the signature was
// checked over, and the IRI each JSON key expanded to (from the JSON-LD expansion trace), it keeps
// only the values that are in the signed RDF and reachable from the credential node, and names
// the rest. Nothing here knows DIVOC's field names: all of it follows from the active contexts.
#pragma once

#include "shared/json/value.hpp"
#include "shared/rdf/dataset.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace certgate::verify {

struct field_report {
    // The document restricted to signed values (same shape as the JSON; unsigned keys left out).
    json::value signed_view;
    // Paths ("credentialSubject.foo", "evidence[0].batch") of values the signature does not cover:
    // keys that expansion dropped, and values whose node the RDF does not link to the credential
    // (e.g. everything under a relative credentialSubject.id).
    std::vector<std::string> unsigned_fields;
    // Paths of signed values that share their IRI with a sibling key, so the signature covers
    // them only as a set: swapping their values keeps it valid.
    std::vector<std::string> ambiguous;
};

// `key_iris` maps each JSON key path to the IRI it expanded to ("" when dropped; "@id" and
// "@type" for keyword aliases). Paths missing from the map count as dropped.
field_report analyse_fields(const json::value& document, const rdf::dataset& signed_rdf,
                            const std::unordered_map<std::string, std::string>& key_iris);

}  // namespace certgate::verify
