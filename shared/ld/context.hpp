// File: shared/ld/context.hpp
// JSON-LD 1.1 active contexts: term definitions, the Context Processing and Create Term
// Definition algorithms, and IRI Expansion. Active contexts are immutable once built and shared
// as std::shared_ptr<const active_context>; processing a local context makes a new one
// (copy-on-write), so one processed context can serve many threads.
#pragma once

#include "shared/json/value.hpp"
#include "shared/ld/document_loader.hpp"
#include "shared/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace certgate::ld {

class context_cache;

// Container mapping bits (a term's @container, as a set).
enum container : std::uint8_t {
    container_graph = 1,
    container_id = 2,
    container_index = 4,
    container_language = 8,
    container_list = 16,
    container_set = 32,
    container_type = 64,
};

struct term_definition {
    // The IRI mapping: an IRI, blank node identifier or keyword; nullopt for "@id": null.
    std::optional<std::string> iri;
    bool reverse = false;
    bool prefix = false;
    bool is_protected = false;
    // @type mapping: an IRI or @id/@vocab/@json/@none; empty when there is none.
    std::string type_mapping;
    // @language mapping: has_language tells it is present; nullopt language means null.
    bool has_language = false;
    std::optional<std::string> language;
    // @direction mapping: has_direction tells it is present; empty direction means null.
    bool has_direction = false;
    std::string direction;
    std::uint8_t containers = 0;  // container bits
    std::string index;            // @index mapping, or empty
    std::string nest;             // @nest value, or empty
    // Scoped context (@context in the definition) and the base URL to process it with.
    std::shared_ptr<const json::value> local_context;
    std::string base_url;

    bool has_container(std::uint8_t c) const noexcept { return (containers & c) != 0; }
};

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

using term_map = std::unordered_map<std::string, term_definition, string_hash, std::equal_to<>>;

struct active_context {
    std::optional<std::string> base_iri;  // nullopt: no base (relative IRIs stay relative)
    std::optional<std::string> original_base_url;
    std::optional<std::string> vocab;
    std::optional<std::string> default_language;
    std::string default_direction;  // "ltr", "rtl" or empty
    // Set when a non-propagated (type-scoped) context was applied: the context to revert to.
    std::shared_ptr<const active_context> previous;
    term_map terms;
    // True when this context is owned by a context_cache entry (so results derived from it may
    // be cached too).
    bool cached = false;

    const term_definition* find(std::string_view term) const noexcept {
        auto it = terms.find(term);
        return it == terms.end() ? nullptr : &it->second;
    }
};

using context_ptr = std::shared_ptr<const active_context>;

// Per-call settings of context processing.
struct context_env {
    // Loads remote contexts; nullptr means every remote context fails to load.
    const document_loader* loader = nullptr;
    // Optional cache of processed contexts (thread-safe, shared); nullptr: no caching.
    context_cache* cache = nullptr;
    // Maximum number of nested remote/scoped context loads in one chain. Default: 32.
    std::size_t max_remote_contexts = 32;
    // When set, receives a human-readable detail for the error (e.g. the unknown URL).
    std::string* error_detail = nullptr;
    // Work budget: every copy of an active context (each context applied, each scoped context
    // validated) costs its number of terms plus one. Exceeding it fails with
    // errc::context_overflow, so hostile inline contexts cannot cost quadratic time. `work`,
    // when set, accumulates across calls (expand() shares one counter per document).
    // (Processing the credential and security contexts from scratch costs a few thousand.)
    // Default: 500,000.
    std::size_t max_work = 500'000;
    std::size_t* work = nullptr;
};

// A new, empty active context with the given base IRI (empty: no base).
context_ptr make_initial_context(std::string_view base);

// The Context Processing algorithm (JSON-LD 1.1 API 4.1.2). `owner`, when it owns `local`,
// lets the result be cached under `local`'s address.
[[nodiscard]] result<context_ptr> process_context(
    const context_env& env, const context_ptr& active, const json::value& local,
    std::string_view base_url, bool override_protected = false, bool propagate = true,
    const std::shared_ptr<const json::value>& owner = {});

// IRI Expansion (5.2.2) against a finished active context. Returns nullopt for null.
std::optional<std::string> expand_iri(const active_context& ctx, std::string_view value,
                                      bool document_relative, bool vocab);

// A thread-safe cache of processed contexts keyed by (input context, local context, flags).
// Entries keep their keys alive, so addresses are never reused while cached.
class context_cache {
public:
    // Bounds memory: each entry holds a full active context (tens of KB for the credential
    // contexts); a DIVOC workload needs a few dozen. When full, new results are not cached
    // (processing still works, just slower). Default: 512 entries.
    explicit context_cache(std::size_t max_entries = 512);
    ~context_cache();
    context_cache(const context_cache&) = delete;
    context_cache& operator=(const context_cache&) = delete;

    // An initial context for `base`, shared between calls.
    context_ptr initial(std::string_view base);

    struct key {
        const active_context* active;
        const void* local;  // address of the local context value, or nullptr for `url`
        std::string url;
        std::uint8_t flags;
        friend bool operator==(const key&, const key&) = default;
    };
    context_ptr find(const key& k) const;
    void insert(key k, context_ptr active, std::shared_ptr<const void> local_owner,
                context_ptr out);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace certgate::ld
