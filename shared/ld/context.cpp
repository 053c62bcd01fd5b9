#include "shared/ld/context.hpp"

#include "shared/ld/error.hpp"
#include "shared/ld/iri.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>

namespace certgate::ld {

namespace {

using defined_map = std::unordered_map<std::string, bool, string_hash, std::equal_to<>>;

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool is_gen_delim(char c) noexcept {
    return c == ':' || c == '/' || c == '?' || c == '#' || c == '[' || c == ']' || c == '@';
}

bool same_definition(const term_definition& a, const term_definition& b) {
    if (a.iri != b.iri || a.reverse != b.reverse || a.prefix != b.prefix ||
        a.type_mapping != b.type_mapping || a.has_language != b.has_language ||
        a.language != b.language || a.has_direction != b.has_direction ||
        a.direction != b.direction || a.containers != b.containers || a.index != b.index ||
        a.nest != b.nest) {
        return false;
    }
    if (static_cast<bool>(a.local_context) != static_cast<bool>(b.local_context)) {
        return false;
    }
    return !a.local_context || *a.local_context == *b.local_context;
}

enum cache_flags : std::uint8_t {
    flag_override = 1,
    flag_propagate = 2,
    flag_validate = 4,
    flag_remote_empty = 8,
};

// State for one Create Term Definition pass over a local context.
struct term_scope {
    const json::object* local;
    defined_map* defined;
    std::string_view base_url;
    bool is_protected;
    bool override_protected;
    const std::vector<std::string>* remote;
    bool validate_scoped;

    // For large local contexts: member name -> value (views into *local).
    const std::unordered_map<std::string_view, const json::value*>* index = nullptr;

    const json::value* find(std::string_view key) const noexcept {
        if (index != nullptr) {
            auto it = index->find(key);
            return it == index->end() ? nullptr : it->second;
        }
        for (const auto& m : *local) {
            if (m.first == key) {
                return &m.second;
            }
        }
        return nullptr;
    }
};

class processor {
public:
    explicit processor(const context_env& env) : env_(env) {}

    result<context_ptr> process(const context_ptr& active, const json::value& local,
                                std::string_view base_url, const std::vector<std::string>& remote,
                                bool override_protected, bool propagate, bool validate_scoped,
                                const std::shared_ptr<const json::value>& owner);

private:
    result<void> define_context(active_context& ctx, const json::object& def,
                                std::string_view base_url, const std::vector<std::string>& remote,
                                bool override_protected, bool validate_scoped);
    result<void> create_term(active_context& ctx, term_scope& sc, std::string_view term);
    result<std::optional<std::string>> expand_iri_mut(active_context& ctx, std::string_view value,
                                                      bool document_relative, bool vocab,
                                                      term_scope* sc);
    result<remote_document> load(const std::string& url);
    // Charges the copy of a context with `terms` terms against the work budget.
    bool charge(std::size_t terms) {
        std::size_t& w = env_.work != nullptr ? *env_.work : local_work_;
        w += terms + 1;
        return w <= env_.max_work;
    }

    const context_env& env_;
    std::size_t local_work_ = 0;
};

result<remote_document> processor::load(const std::string& url) {
    if (env_.loader == nullptr) {
        if (env_.error_detail != nullptr) {
            *env_.error_detail = "no document loader for context " + url;
        }
        return errc::loading_remote_context_failed;
    }
    auto r = env_.loader->load(url);
    if (!r) {
        if (env_.error_detail != nullptr) {
            *env_.error_detail = "unknown context " + url;
        }
        return errc::loading_remote_context_failed;
    }
    return r;
}

result<context_ptr> processor::process(const context_ptr& active, const json::value& local,
                                       std::string_view base_url,
                                       const std::vector<std::string>& remote,
                                       bool override_protected, bool propagate,
                                       bool validate_scoped,
                                       const std::shared_ptr<const json::value>& owner) {
    // Step 2: @propagate of a single context definition.
    if (local.is_object()) {
        if (const json::value* p = local.find("@propagate")) {
            if (!p->is_bool()) {
                return errc::invalid_propagate_value;
            }
            propagate = p->as_bool();
        }
    }
    auto flags = static_cast<std::uint8_t>(
        (override_protected ? flag_override : 0) | (propagate ? flag_propagate : 0) |
        (validate_scoped ? flag_validate : 0) | (remote.empty() ? flag_remote_empty : 0));
    context_cache::key whole_key{active.get(), owner.get(), std::string(base_url), flags};
    bool cacheable = env_.cache != nullptr && owner && active->cached;
    if (cacheable) {
        if (auto hit = env_.cache->find(whole_key)) {
            return hit;
        }
    }

    context_ptr cur = active;
    // Step 3: remember where a non-propagated context reverts to.
    if (!propagate && !cur->previous) {
        if (!charge(cur->terms.size())) {
            return errc::context_overflow;
        }
        auto copy = std::make_shared<active_context>(*cur);
        copy->previous = active;
        copy->cached = false;
        cur = std::move(copy);
    }

    const json::value* items = &local;
    std::size_t count = 1;
    if (local.is_array()) {
        items = local.as_array().data();
        count = local.as_array().size();
    }
    for (std::size_t i = 0; i < count; ++i) {
        const json::value& item = items[i];
        if (item.is_null()) {
            if (!override_protected) {
                for (const auto& [name, def] : cur->terms) {
                    if (def.is_protected) {
                        return errc::invalid_context_nullification;
                    }
                }
            }
            auto fresh = std::make_shared<active_context>();
            fresh->base_iri = cur->original_base_url;
            fresh->original_base_url = cur->original_base_url;
            if (!propagate) {
                fresh->previous = cur;
            }
            cur = std::move(fresh);
            continue;
        }
        if (item.is_string()) {
            std::string url = resolve_iri(base_url, item.as_string());
            if (!validate_scoped && std::find(remote.begin(), remote.end(), url) != remote.end()) {
                continue;
            }
            if (remote.size() >= env_.max_remote_contexts) {
                return errc::context_overflow;
            }
            context_cache::key key{cur.get(), nullptr, url, flags};
            bool cache_item = env_.cache != nullptr && cur->cached;
            if (cache_item) {
                if (auto hit = env_.cache->find(key)) {
                    cur = std::move(hit);
                    continue;
                }
            }
            auto doc = load(url);
            if (!doc) {
                return doc.error();
            }
            const json::value* loaded = doc->document ? doc->document->find("@context") : nullptr;
            if (loaded == nullptr) {
                return errc::invalid_remote_context;
            }
            std::vector<std::string> nested = remote;
            nested.push_back(url);
            auto r =
                process(cur, *loaded, doc->document_url, nested, false, true, validate_scoped, {});
            if (!r) {
                return r.error();
            }
            if (cache_item) {
                auto out = std::make_shared<active_context>(**r);
                out->cached = true;
                context_ptr shared_out = std::move(out);
                env_.cache->insert(std::move(key), cur, {}, shared_out);
                cur = std::move(shared_out);
            } else {
                cur = std::move(*r);
            }
            continue;
        }
        if (!item.is_object()) {
            return errc::invalid_local_context;
        }
        if (!charge(cur->terms.size())) {
            return errc::context_overflow;
        }
        auto ctx = std::make_shared<active_context>(*cur);
        ctx->cached = false;
        if (auto r = define_context(*ctx, item.as_object(), base_url, remote, override_protected,
                                    validate_scoped);
            !r) {
            return r.error();
        }
        cur = std::move(ctx);
    }

    if (cacheable) {
        auto out = std::make_shared<active_context>(*cur);
        out->cached = true;
        context_ptr shared_out = std::move(out);
        env_.cache->insert(std::move(whole_key), active, owner, shared_out);
        return shared_out;
    }
    return cur;
}

result<void> processor::define_context(active_context& ctx, const json::object& input,
                                       std::string_view base_url,
                                       const std::vector<std::string>& remote,
                                       bool override_protected, bool validate_scoped) {
    const json::object* def = &input;
    auto find = [&](std::string_view key) -> const json::value* {
        for (const auto& m : *def) {
            if (m.first == key) {
                return &m.second;
            }
        }
        return nullptr;
    };
    if (const json::value* v = find("@version")) {
        if (!v->is_number() || v->as_number() != 1.1) {
            return errc::invalid_version_value;
        }
    }
    json::value merged;
    if (const json::value* v = find("@import")) {
        if (!v->is_string()) {
            return errc::invalid_import_value;
        }
        std::string url = resolve_iri(base_url, v->as_string());
        auto doc = load(url);
        if (!doc) {
            return doc.error();
        }
        const json::value* imported = doc->document ? doc->document->find("@context") : nullptr;
        if (imported == nullptr || !imported->is_object()) {
            return errc::invalid_remote_context;
        }
        if (imported->find("@import") != nullptr) {
            return errc::invalid_context_entry;
        }
        merged = *imported;
        for (const auto& m : input) {
            merged.set(m.first, m.second);
        }
        def = &merged.as_object();
    }
    if (const json::value* v = find("@base"); v != nullptr && remote.empty()) {
        if (v->is_null()) {
            ctx.base_iri.reset();
        } else if (!v->is_string()) {
            return errc::invalid_base_iri;
        } else if (is_absolute_iri(v->as_string())) {
            ctx.base_iri = v->as_string();
        } else if (ctx.base_iri) {
            ctx.base_iri = resolve_iri(*ctx.base_iri, v->as_string());
        } else {
            return errc::invalid_base_iri;
        }
    }
    if (const json::value* v = find("@vocab")) {
        if (v->is_null()) {
            ctx.vocab.reset();
        } else if (!v->is_string()) {
            return errc::invalid_vocab_mapping;
        } else {
            auto e = expand_iri_mut(ctx, v->as_string(), true, true, nullptr);
            if (!e) {
                return e.error();
            }
            if (!*e || (!is_absolute_iri(**e) && !(*e)->empty() && is_keyword(**e))) {
                return errc::invalid_vocab_mapping;
            }
            ctx.vocab = std::move(**e);
        }
    }
    if (const json::value* v = find("@language")) {
        if (v->is_null()) {
            ctx.default_language.reset();
        } else if (v->is_string()) {
            ctx.default_language = lowercase(v->as_string());
        } else {
            return errc::invalid_default_language;
        }
    }
    if (const json::value* v = find("@direction")) {
        if (v->is_null()) {
            ctx.default_direction.clear();
        } else if (v->is_string() && (v->as_string() == "ltr" || v->as_string() == "rtl")) {
            ctx.default_direction = v->as_string();
        } else {
            return errc::invalid_base_direction;
        }
    }
    if (const json::value* v = find("@propagate"); v != nullptr && !v->is_bool()) {
        return errc::invalid_propagate_value;
    }
    bool is_protected = false;
    if (const json::value* v = find("@protected")) {
        if (!v->is_bool()) {
            return errc::invalid_protected_value;
        }
        is_protected = v->as_bool();
    }
    defined_map defined;
    term_scope sc{def,     &defined,       base_url, is_protected, override_protected,
                  &remote, validate_scoped};
    // Large contexts get an index so that term lookups stay constant-time.
    std::unordered_map<std::string_view, const json::value*> index;
    if (def->size() > 32) {
        for (const auto& m : *def) {
            index.emplace(m.first, &m.second);
        }
        sc.index = &index;
    }
    for (const auto& [key, value] : *def) {
        if (key == "@base" || key == "@direction" || key == "@import" || key == "@language" ||
            key == "@propagate" || key == "@protected" || key == "@version" || key == "@vocab") {
            continue;
        }
        if (auto r = create_term(ctx, sc, key); !r) {
            return r;
        }
    }
    return {};
}

result<std::optional<std::string>> processor::expand_iri_mut(active_context& ctx,
                                                             std::string_view value,
                                                             bool document_relative, bool vocab,
                                                             term_scope* sc) {
    if (is_keyword(value)) {
        return std::optional<std::string>(std::string(value));
    }
    if (has_keyword_form(value)) {
        return std::optional<std::string>();
    }
    if (sc != nullptr && sc->find(value) != nullptr) {
        auto it = sc->defined->find(value);
        if (it == sc->defined->end() || !it->second) {
            if (auto r = create_term(ctx, *sc, value); !r) {
                return r.error();
            }
        }
    }
    if (const term_definition* def = ctx.find(value)) {
        if (def->iri && is_keyword(*def->iri)) {
            return def->iri;
        }
        if (vocab) {
            return def->iri;
        }
    }
    auto colon = value.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        std::string_view prefix = value.substr(0, colon);
        std::string_view suffix = value.substr(colon + 1);
        if (prefix == "_" || suffix.starts_with("//")) {
            return std::optional<std::string>(std::string(value));
        }
        if (sc != nullptr && sc->find(prefix) != nullptr) {
            auto it = sc->defined->find(prefix);
            if (it == sc->defined->end() || !it->second) {
                if (auto r = create_term(ctx, *sc, prefix); !r) {
                    return r.error();
                }
            }
        }
        if (const term_definition* def = ctx.find(prefix); def && def->iri && def->prefix) {
            std::string out = *def->iri;
            out.append(suffix);
            return std::optional<std::string>(std::move(out));
        }
        if (is_absolute_iri(value)) {
            return std::optional<std::string>(std::string(value));
        }
    }
    if (vocab && ctx.vocab) {
        std::string out = *ctx.vocab;
        out.append(value);
        return std::optional<std::string>(std::move(out));
    }
    if (document_relative && ctx.base_iri) {
        return std::optional<std::string>(resolve_iri(*ctx.base_iri, value));
    }
    return std::optional<std::string>(std::string(value));
}

result<void> processor::create_term(active_context& ctx, term_scope& sc, std::string_view term) {
    // Step 1: already defined, or being defined (a cycle).
    if (auto it = sc.defined->find(term); it != sc.defined->end()) {
        if (it->second) {
            return {};
        }
        return errc::cyclic_iri_mapping;
    }
    if (term.empty()) {
        return errc::invalid_term_definition;
    }
    (*sc.defined)[std::string(term)] = false;
    auto mark_defined = [&] { (*sc.defined)[std::string(term)] = true; };
    const json::value& raw = *sc.find(term);

    if (term == "@type") {
        bool ok = raw.is_object() && !raw.as_object().empty();
        if (ok) {
            for (const auto& [k, v] : raw.as_object()) {
                if (k == "@container") {
                    ok = ok && v.is_string() && v.as_string() == "@set";
                } else if (k != "@protected") {
                    ok = false;
                }
            }
        }
        if (!ok) {
            return errc::keyword_redefinition;
        }
    } else if (is_keyword(term)) {
        return errc::keyword_redefinition;
    } else if (has_keyword_form(term)) {
        mark_defined();
        return {};
    }

    // Step 6: take the previous definition out of the context.
    std::optional<term_definition> previous;
    if (auto node = ctx.terms.extract(std::string(term))) {
        previous = std::move(node.mapped());
    }

    bool simple_term = false;
    const json::object* obj = nullptr;
    const json::value* id_value = nullptr;
    json::value null_value;
    if (raw.is_null()) {
        id_value = &null_value;
    } else if (raw.is_string()) {
        id_value = &raw;
        simple_term = true;
    } else if (raw.is_object()) {
        obj = &raw.as_object();
        id_value = raw.find("@id");
    } else {
        return errc::invalid_term_definition;
    }
    auto entry = [&](std::string_view key) -> const json::value* {
        return obj != nullptr ? raw.find(key) : nullptr;
    };

    term_definition def;
    if (const json::value* v = entry("@protected")) {
        if (!v->is_bool()) {
            return errc::invalid_protected_value;
        }
        def.is_protected = v->as_bool();
    } else {
        def.is_protected = sc.is_protected;
    }
    const json::value* type_value = entry("@type");
    if (type_value != nullptr) {
        if (!type_value->is_string()) {
            return errc::invalid_type_mapping;
        }
        auto t = expand_iri_mut(ctx, type_value->as_string(), false, true, &sc);
        if (!t) {
            return t.error();
        }
        if (!*t) {
            return errc::invalid_type_mapping;
        }
        const std::string& ts = **t;
        if (ts != "@id" && ts != "@vocab" && ts != "@json" && ts != "@none" &&
            (!is_absolute_iri(ts) || is_blank_node(ts))) {
            return errc::invalid_type_mapping;
        }
        def.type_mapping = ts;
    }

    bool colon_inside = false;
    if (auto c = term.find(':', 1); c != std::string_view::npos && c + 1 < term.size()) {
        colon_inside = true;
    }
    bool has_slash = term.find('/') != std::string_view::npos;

    if (const json::value* rev = entry("@reverse")) {
        if (entry("@id") != nullptr || entry("@nest") != nullptr) {
            return errc::invalid_reverse_property;
        }
        if (!rev->is_string()) {
            return errc::invalid_iri_mapping;
        }
        if (has_keyword_form(rev->as_string())) {
            mark_defined();
            if (previous) {
                ctx.terms.emplace(std::string(term), std::move(*previous));
            }
            return {};
        }
        auto e = expand_iri_mut(ctx, rev->as_string(), false, true, &sc);
        if (!e) {
            return e.error();
        }
        if (!*e || !is_absolute_iri(**e)) {
            return errc::invalid_iri_mapping;
        }
        def.iri = std::move(**e);
        if (const json::value* c = entry("@container")) {
            if (c->is_null()) {
            } else if (c->is_string() && c->as_string() == "@set") {
                def.containers = container_set;
            } else if (c->is_string() && c->as_string() == "@index") {
                def.containers = container_index;
            } else {
                return errc::invalid_reverse_property;
            }
        }
        def.reverse = true;
    } else if (id_value != nullptr && !(id_value->is_string() && id_value->as_string() == term)) {
        if (id_value->is_null()) {
            def.iri.reset();
        } else {
            if (!id_value->is_string()) {
                return errc::invalid_iri_mapping;
            }
            const std::string& id = id_value->as_string();
            if (!is_keyword(id) && has_keyword_form(id)) {
                mark_defined();
                if (previous) {
                    ctx.terms.emplace(std::string(term), std::move(*previous));
                }
                return {};
            }
            auto e = expand_iri_mut(ctx, id, false, true, &sc);
            if (!e) {
                return e.error();
            }
            if (!*e || (!is_keyword(**e) && !is_absolute_iri(**e))) {
                return errc::invalid_iri_mapping;
            }
            if (**e == "@context") {
                return errc::invalid_keyword_alias;
            }
            def.iri = std::move(**e);
            if (colon_inside || has_slash) {
                (*sc.defined)[std::string(term)] = true;
                auto again = expand_iri_mut(ctx, term, false, true, &sc);
                if (!again) {
                    return again.error();
                }
                if (*again != def.iri) {
                    return errc::invalid_iri_mapping;
                }
                (*sc.defined)[std::string(term)] = false;
            }
            if (term.find(':') == std::string_view::npos && !has_slash && simple_term &&
                ((!def.iri->empty() && is_gen_delim(def.iri->back())) || is_blank_node(*def.iri))) {
                def.prefix = true;
            }
        }
    } else if (auto c = term.find(':', 1); c != std::string_view::npos) {
        std::string_view prefix = term.substr(0, c);
        std::string_view suffix = term.substr(c + 1);
        if (sc.find(prefix) != nullptr) {
            if (auto r = create_term(ctx, sc, prefix); !r) {
                return r;
            }
        }
        if (const term_definition* p = ctx.find(prefix); p != nullptr && p->iri) {
            def.iri = *p->iri;
            def.iri->append(suffix);
        } else {
            def.iri = std::string(term);
        }
    } else if (has_slash) {
        auto e = expand_iri_mut(ctx, term, false, true, nullptr);
        if (!e) {
            return e.error();
        }
        if (!*e || !is_absolute_iri(**e)) {
            return errc::invalid_iri_mapping;
        }
        def.iri = std::move(**e);
    } else if (term == "@type") {
        def.iri = "@type";
    } else if (ctx.vocab) {
        def.iri = *ctx.vocab;
        def.iri->append(term);
    } else {
        return errc::invalid_iri_mapping;
    }

    if (!def.reverse) {
        if (const json::value* c = entry("@container")) {
            auto bit = [](const json::value& v) -> std::uint8_t {
                if (!v.is_string()) {
                    return 0;
                }
                const std::string& s = v.as_string();
                if (s == "@graph")
                    return container_graph;
                if (s == "@id")
                    return container_id;
                if (s == "@index")
                    return container_index;
                if (s == "@language")
                    return container_language;
                if (s == "@list")
                    return container_list;
                if (s == "@set")
                    return container_set;
                if (s == "@type")
                    return container_type;
                return 0;
            };
            std::uint8_t bits = 0;
            if (c->is_null()) {
            } else if (c->is_array()) {
                if (c->as_array().empty()) {
                    return errc::invalid_container_mapping;
                }
                for (const auto& v : c->as_array()) {
                    std::uint8_t b = bit(v);
                    if (b == 0) {
                        return errc::invalid_container_mapping;
                    }
                    bits |= b;
                }
            } else {
                bits = bit(*c);
                if (bits == 0) {
                    return errc::invalid_container_mapping;
                }
            }
            std::uint8_t others = bits & static_cast<std::uint8_t>(~container_set);
            int n = __builtin_popcount(others);
            bool ok = true;
            if ((bits & container_list) != 0) {
                ok = bits == container_list;
            } else if (n == 2) {
                ok = others == (container_graph | container_id) ||
                     others == (container_graph | container_index);
            } else if (n > 2) {
                ok = false;
            }
            if (!ok) {
                return errc::invalid_container_mapping;
            }
            def.containers = bits;
            if ((bits & container_type) != 0) {
                if (def.type_mapping.empty()) {
                    def.type_mapping = "@id";
                } else if (def.type_mapping != "@id" && def.type_mapping != "@vocab") {
                    return errc::invalid_type_mapping;
                }
            }
        }
    }
    if (const json::value* v = entry("@index")) {
        if (!def.has_container(container_index) || !v->is_string()) {
            return errc::invalid_term_definition;
        }
        auto e = expand_iri_mut(ctx, v->as_string(), false, true, &sc);
        if (!e) {
            return e.error();
        }
        if (!*e || !is_absolute_iri(**e) || is_keyword(**e)) {
            return errc::invalid_term_definition;
        }
        def.index = v->as_string();
    }
    if (const json::value* v = entry("@context")) {
        if (!charge(ctx.terms.size())) {
            return errc::context_overflow;
        }
        auto snapshot = std::make_shared<active_context>(ctx);
        snapshot->cached = false;
        context_ptr shared_snapshot = std::move(snapshot);
        auto r = process(shared_snapshot, *v, sc.base_url, *sc.remote, true, true, false, {});
        if (!r) {
            // Running out of work budget is a limit, not an invalid context.
            if (!charge(0)) {
                return errc::context_overflow;
            }
            return errc::invalid_scoped_context;
        }
        def.local_context = std::make_shared<const json::value>(*v);
        def.base_url = std::string(sc.base_url);
    }
    if (const json::value* v = entry("@language"); v != nullptr && type_value == nullptr) {
        if (v->is_null()) {
            def.language.reset();
        } else if (v->is_string()) {
            def.language = lowercase(v->as_string());
        } else {
            return errc::invalid_language_mapping;
        }
        def.has_language = true;
    }
    if (const json::value* v = entry("@direction"); v != nullptr && type_value == nullptr) {
        if (v->is_null()) {
            def.direction.clear();
        } else if (v->is_string() && (v->as_string() == "ltr" || v->as_string() == "rtl")) {
            def.direction = v->as_string();
        } else {
            return errc::invalid_base_direction;
        }
        def.has_direction = true;
    }
    if (const json::value* v = entry("@nest")) {
        if (!v->is_string() || (is_keyword(v->as_string()) && v->as_string() != "@nest")) {
            return errc::invalid_nest_value;
        }
        def.nest = v->as_string();
    }
    if (const json::value* v = entry("@prefix")) {
        if (term.find(':') != std::string_view::npos || has_slash) {
            return errc::invalid_term_definition;
        }
        if (!v->is_bool()) {
            return errc::invalid_prefix_value;
        }
        def.prefix = v->as_bool();
        if (def.prefix && def.iri && is_keyword(*def.iri)) {
            return errc::invalid_term_definition;
        }
    }
    if (obj != nullptr) {
        for (const auto& [k, v] : *obj) {
            if (k != "@id" && k != "@reverse" && k != "@container" && k != "@context" &&
                k != "@direction" && k != "@index" && k != "@language" && k != "@nest" &&
                k != "@prefix" && k != "@protected" && k != "@type") {
                return errc::invalid_term_definition;
            }
        }
    }
    if (!sc.override_protected && previous && previous->is_protected) {
        if (!same_definition(def, *previous)) {
            return errc::protected_term_redefinition;
        }
        def = std::move(*previous);
    }
    ctx.terms.insert_or_assign(std::string(term), std::move(def));
    mark_defined();
    return {};
}

}  // namespace

context_ptr make_initial_context(std::string_view base) {
    auto ctx = std::make_shared<active_context>();
    if (!base.empty()) {
        ctx->base_iri = std::string(base);
        ctx->original_base_url = std::string(base);
    }
    return ctx;
}

result<context_ptr> process_context(const context_env& env, const context_ptr& active,
                                    const json::value& local, std::string_view base_url,
                                    bool override_protected, bool propagate,
                                    const std::shared_ptr<const json::value>& owner) {
    processor p(env);
    static const std::vector<std::string> no_remote;
    return p.process(active, local, base_url, no_remote, override_protected, propagate, true,
                     owner);
}

std::optional<std::string> expand_iri(const active_context& ctx, std::string_view value,
                                      bool document_relative, bool vocab) {
    if (is_keyword(value)) {
        return std::string(value);
    }
    if (has_keyword_form(value)) {
        return std::nullopt;
    }
    if (const term_definition* def = ctx.find(value)) {
        if (def->iri && is_keyword(*def->iri)) {
            return def->iri;
        }
        if (vocab) {
            return def->iri;
        }
    }
    auto colon = value.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        std::string_view prefix = value.substr(0, colon);
        std::string_view suffix = value.substr(colon + 1);
        if (prefix == "_" || suffix.starts_with("//")) {
            return std::string(value);
        }
        if (const term_definition* def = ctx.find(prefix); def && def->iri && def->prefix) {
            std::string out = *def->iri;
            out.append(suffix);
            return out;
        }
        if (is_absolute_iri(value)) {
            return std::string(value);
        }
    }
    if (vocab && ctx.vocab) {
        std::string out = *ctx.vocab;
        out.append(value);
        return out;
    }
    if (document_relative && ctx.base_iri) {
        return resolve_iri(*ctx.base_iri, value);
    }
    return std::string(value);
}

// ---- context_cache ----

namespace {

struct key_hash {
    std::size_t operator()(const context_cache::key& k) const noexcept {
        std::size_t h = std::hash<const void*>{}(k.active);
        h ^= std::hash<const void*>{}(k.local) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h ^= std::hash<std::string>{}(k.url) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        return h ^ k.flags;
    }
};

}  // namespace

struct context_cache::impl {
    struct entry {
        context_ptr active;
        std::shared_ptr<const void> local_owner;
        context_ptr out;
    };
    std::size_t max_entries;
    mutable std::shared_mutex mu;
    std::unordered_map<key, entry, key_hash> entries;
    std::unordered_map<std::string, context_ptr> initials;
};

context_cache::context_cache(std::size_t max_entries) : impl_(std::make_unique<impl>()) {
    impl_->max_entries = max_entries;
}

context_cache::~context_cache() = default;

context_ptr context_cache::initial(std::string_view base) {
    {
        std::shared_lock lock(impl_->mu);
        if (auto it = impl_->initials.find(std::string(base)); it != impl_->initials.end()) {
            return it->second;
        }
    }
    auto fresh = std::make_shared<active_context>(*make_initial_context(base));
    fresh->cached = true;
    std::unique_lock lock(impl_->mu);
    if (impl_->initials.size() >= impl_->max_entries) {
        fresh->cached = false;
        return fresh;
    }
    auto [it, inserted] = impl_->initials.emplace(std::string(base), std::move(fresh));
    return it->second;
}

context_ptr context_cache::find(const key& k) const {
    std::shared_lock lock(impl_->mu);
    auto it = impl_->entries.find(k);
    return it == impl_->entries.end() ? nullptr : it->second.out;
}

void context_cache::insert(key k, context_ptr active, std::shared_ptr<const void> local_owner,
                           context_ptr out) {
    std::unique_lock lock(impl_->mu);
    if (impl_->entries.size() >= impl_->max_entries) {
        return;
    }
    impl_->entries.try_emplace(
        std::move(k), impl::entry{std::move(active), std::move(local_owner), std::move(out)});
}

}  // namespace certgate::ld
