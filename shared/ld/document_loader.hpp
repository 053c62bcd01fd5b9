// File: shared/ld/document_loader.hpp
// The interface through which JSON-LD processing obtains remote documents (contexts). certgate
// never uses the network: the production loader is context_registry (local files); tests supply
// their own. A loader must be safe to call from many threads at once.
#pragma once

#include "shared/json/value.hpp"
#include "shared/util/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace certgate::ld {

struct remote_document {
    // The final URL of the document (after redirects, if a loader models them); base for
    // relative IRIs inside it.
    std::string document_url;
    // The parsed document; immutable and shared, so loaders can hand out cached documents.
    std::shared_ptr<const json::value> document;
};

class document_loader {
public:
    virtual ~document_loader() = default;
    // Loads `url` (an absolute IRI). Fails with errc::loading_remote_context_failed (or
    // loading_document_failed) when it cannot. Thread-safe.
    [[nodiscard]] virtual result<remote_document> load(std::string_view url) const = 0;
};

}  // namespace certgate::ld
