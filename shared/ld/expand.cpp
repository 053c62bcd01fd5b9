#include "shared/ld/expand.hpp"

#include "shared/ld/iri.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace certgate::ld {

namespace {

const std::string k_graph = "@graph";
const std::string k_reverse = "@reverse";

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool is_scalar(const json::value& v) noexcept {
    return v.is_string() || v.is_number() || v.is_bool();
}

bool has(const json::value& v, std::string_view key) noexcept { return v.find(key) != nullptr; }

bool is_value_object(const json::value& v) noexcept { return v.is_object() && has(v, "@value"); }
bool is_list_object(const json::value& v) noexcept { return v.is_object() && has(v, "@list"); }
bool is_graph_object(const json::value& v) noexcept {
    if (!v.is_object() || !has(v, "@graph")) {
        return false;
    }
    for (const auto& [k, x] : v.as_object()) {
        if (k != "@graph" && k != "@id" && k != "@index" && k != "@context") {
            return false;
        }
    }
    return true;
}

// A lookup table for the members of an object being built, so that objects with many keys
// expand in linear time (json::value::find is a linear scan). Members are only appended or
// replaced in place, so indices stay valid. Used once the object has `threshold` members.
struct member_index {
    static constexpr std::size_t threshold = 16;
    std::unordered_map<std::string, std::size_t, string_hash, std::equal_to<>> slots;
    bool active = false;
};

json::value* find_member(json::value& obj, std::string_view key, member_index* idx) {
    auto& members = obj.as_object();
    if (idx == nullptr || (!idx->active && members.size() < member_index::threshold)) {
        return obj.find(key);
    }
    if (!idx->active) {
        for (std::size_t i = 0; i < members.size(); ++i) {
            idx->slots.emplace(members[i].first, i);
        }
        idx->active = true;
    }
    auto it = idx->slots.find(key);
    return it == idx->slots.end() ? nullptr : &members[it->second].second;
}

// Adds `v` to the array under `key` of object `obj` (add value with as array = true); array
// values are added item by item. `idx`, when given, indexes obj's members.
void add_value(json::value& obj, std::string_view key, json::value v, member_index* idx = nullptr) {
    json::value* slot = find_member(obj, key, idx);
    if (slot == nullptr) {
        auto& members = obj.as_object();
        if (idx != nullptr && idx->active) {
            idx->slots.emplace(std::string(key), members.size());
        }
        members.emplace_back(std::string(key), json::array{});
        slot = &members.back().second;
    } else if (!slot->is_array()) {
        json::value old = std::move(*slot);
        *slot = json::array{};
        slot->as_array().push_back(std::move(old));
    }
    if (v.is_array()) {
        for (auto& item : v.as_array()) {
            slot->as_array().push_back(std::move(item));
        }
    } else {
        slot->as_array().push_back(std::move(v));
    }
}

json::value as_array(json::value v) {
    if (v.is_array()) {
        return v;
    }
    json::array a;
    a.push_back(std::move(v));
    return a;
}

// The keyword `key` expands to (vocab-relative IRI expansion), or empty when it expands to no
// keyword. Cheaper than expand_iri(): no allocation.
std::string_view keyword_of(const active_context& ctx, std::string_view key) {
    if (is_keyword(key)) {
        return key;
    }
    if (has_keyword_form(key)) {
        return {};
    }
    if (const term_definition* def = ctx.find(key); def != nullptr && def->iri) {
        if (is_keyword(*def->iri)) {
            return *def->iri;
        }
    }
    return {};
}

class expander {
public:
    expander(const expand_options& opts, expansion_trace* trace) : opts_(opts), trace_(trace) {
        env_.loader = opts.loader;
        env_.cache = opts.cache;
        env_.max_remote_contexts = opts.max_remote_contexts;
        env_.error_detail = opts.error_detail;
        env_.work = &work_;
    }

    result<json::value> run(const json::value& doc);

private:
    // `prop_def` is prop's definition in `active` (nullptr when there is none).
    result<json::value> expand(context_ptr active, const std::string* prop,
                               const term_definition* prop_def, const json::value& element,
                               bool from_map, std::size_t depth);
    // Result members are indexed through `index` (shared by nested @nest calls).
    struct result_index {
        member_index props;
        member_index reverse;
    };
    result<void> expand_entries(const context_ptr& active, const context_ptr& type_scoped,
                                const std::string* prop, const json::object& element,
                                const std::optional<std::string>& input_type, json::value& result,
                                result_index& slots, std::size_t depth);
    json::value expand_value(const active_context& ctx, const term_definition* def,
                             const json::value& value);
    result<context_ptr> apply_scoped(const context_ptr& active, const term_definition& def,
                                     bool override_protected, bool propagate) {
        return process_context(env_, active, *def.local_context, def.base_url, override_protected,
                               propagate, def.local_context);
    }

    // Whether `key` of `obj` is the ignored top-level member (expand_options::ignore_root_member).
    bool ignored(const json::object& obj, std::string_view key) const noexcept {
        return &obj == root_ && key == opts_.ignore_root_member;
    }

    void record(std::string_view iri) {
        if (trace_ != nullptr) {
            trace_->entries.push_back({path_, std::string(iri)});
        }
    }
    std::size_t push_key(std::string_view key) {
        std::size_t len = path_.size();
        if (trace_ != nullptr) {
            if (!path_.empty()) {
                path_.push_back('.');
            }
            path_.append(key);
        }
        return len;
    }
    std::size_t push_index(std::size_t i) {
        std::size_t len = path_.size();
        if (trace_ != nullptr) {
            path_.push_back('[');
            path_.append(std::to_string(i));
            path_.push_back(']');
        }
        return len;
    }
    void pop(std::size_t len) {
        if (trace_ != nullptr) {
            path_.resize(len);
        }
    }

    const expand_options& opts_;
    expansion_trace* trace_;
    context_env env_;
    std::size_t work_ = 0;  // context processing work, shared by the whole document
    std::string path_;
    const json::object* root_ = nullptr;  // the top-level object when a member is ignored
};

result<json::value> expander::run(const json::value& doc) {
    context_ptr active = opts_.cache != nullptr ? opts_.cache->initial(opts_.base)
                                                : make_initial_context(opts_.base);
    if (opts_.expand_context != nullptr) {
        const json::value* local = opts_.expand_context;
        if (const json::value* inner = local->find("@context")) {
            local = inner;
        }
        auto r = process_context(env_, active, *local, opts_.base);
        if (!r) {
            return r.error();
        }
        active = std::move(*r);
    }
    if (!opts_.ignore_root_member.empty() && doc.is_object()) {
        root_ = &doc.as_object();
    }
    auto r = expand(active, nullptr, nullptr, doc, false, 0);
    if (!r) {
        return r.error();
    }
    json::value out = std::move(*r);
    if (out.is_object() && out.as_object().size() == 1 && has(out, "@graph")) {
        json::value inner = std::move(out.as_object()[0].second);
        out = std::move(inner);
    }
    if (out.is_null()) {
        return json::value(json::array{});
    }
    return as_array(std::move(out));
}

json::value expander::expand_value(const active_context& ctx, const term_definition* def,
                                   const json::value& value) {
    if (def != nullptr && value.is_string() &&
        (def->type_mapping == "@id" || def->type_mapping == "@vocab")) {
        auto id = expand_iri(ctx, value.as_string(), true, def->type_mapping == "@vocab");
        if (!id) {
            return nullptr;
        }
        json::object o;
        o.emplace_back("@id", std::move(*id));
        return o;
    }
    json::object o;
    o.emplace_back("@value", value);
    if (def != nullptr && !def->type_mapping.empty() && def->type_mapping != "@id" &&
        def->type_mapping != "@vocab" && def->type_mapping != "@none") {
        o.emplace_back("@type", def->type_mapping);
    } else if (value.is_string()) {
        const std::optional<std::string>& language =
            def != nullptr && def->has_language ? def->language : ctx.default_language;
        const std::string& direction =
            def != nullptr && def->has_direction ? def->direction : ctx.default_direction;
        if (language) {
            o.emplace_back("@language", *language);
        }
        if (!direction.empty()) {
            o.emplace_back("@direction", direction);
        }
    }
    return o;
}

result<json::value> expander::expand(context_ptr active, const std::string* prop,
                                     const term_definition* prop_def, const json::value& element,
                                     bool from_map, std::size_t depth) {
    if (depth > opts_.max_depth) {
        return errc::too_deep;
    }
    if (element.is_null()) {
        return json::value();
    }
    const term_definition* scoped =
        prop_def != nullptr && prop_def->local_context ? prop_def : nullptr;
    // `scoped` points into a context the caller keeps alive, even if `active` changes below.

    if (is_scalar(element)) {
        if (prop == nullptr || *prop == "@graph") {
            return json::value();
        }
        if (scoped != nullptr) {
            auto r = apply_scoped(active, *scoped, true, true);
            if (!r) {
                return r.error();
            }
            active = std::move(*r);
            return expand_value(*active, active->find(*prop), element);
        }
        return expand_value(*active, prop_def, element);
    }

    if (element.is_array()) {
        json::array out;
        bool list_container = prop_def != nullptr && prop_def->has_container(container_list);
        const auto& items = element.as_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::size_t len = push_index(i);
            auto r = expand(active, prop, prop_def, items[i], from_map, depth + 1);
            pop(len);
            if (!r) {
                return r.error();
            }
            json::value v = std::move(*r);
            if (list_container && v.is_array()) {
                json::object l;
                l.emplace_back("@list", std::move(v));
                v = std::move(l);
            }
            if (v.is_array()) {
                for (auto& x : v.as_array()) {
                    out.push_back(std::move(x));
                }
            } else if (!v.is_null()) {
                out.push_back(std::move(v));
            }
        }
        return json::value(std::move(out));
    }

    const json::object& obj = element.as_object();
    // Step 7: a type-scoped context does not apply to new node objects.
    if (active->previous && !from_map) {
        bool revert = true;
        std::size_t members = 0;
        const json::member* only = nullptr;
        for (const auto& m : obj) {
            if (ignored(obj, m.first)) {
                continue;
            }
            ++members;
            only = &m;
            if (keyword_of(*active, m.first) == "@value") {
                revert = false;
                break;
            }
        }
        if (revert && members == 1 && keyword_of(*active, only->first) == "@id") {
            revert = false;
        }
        if (revert) {
            active = active->previous;
        }
    }
    if (scoped != nullptr) {
        auto r = apply_scoped(active, *scoped, true, true);
        if (!r) {
            return r.error();
        }
        active = std::move(*r);
    }
    if (const json::value* c = element.find("@context");
        c != nullptr && !ignored(obj, "@context")) {
        auto r = process_context(env_, active, *c, opts_.base);
        if (!r) {
            return r.error();
        }
        active = std::move(*r);
    }
    context_ptr type_scoped = active;

    // Steps 11-12: type-scoped contexts, in lexicographic order of keys and of types.
    std::vector<const json::member*> type_keys;
    for (const auto& m : obj) {
        if (keyword_of(*active, m.first) == "@type" && !ignored(obj, m.first)) {
            type_keys.push_back(&m);
        }
    }
    std::optional<std::string> input_type;
    if (!type_keys.empty()) {
        std::sort(type_keys.begin(), type_keys.end(),
                  [](const json::member* a, const json::member* b) { return a->first < b->first; });
        for (const json::member* m : type_keys) {
            std::vector<const std::string*> types;
            if (m->second.is_string()) {
                types.push_back(&m->second.as_string());
            } else if (m->second.is_array()) {
                for (const auto& t : m->second.as_array()) {
                    if (t.is_string()) {
                        types.push_back(&t.as_string());
                    }
                }
            }
            std::sort(types.begin(), types.end(),
                      [](const std::string* a, const std::string* b) { return *a < *b; });
            for (const std::string* t : types) {
                const term_definition* def = type_scoped->find(*t);
                if (def != nullptr && def->local_context) {
                    auto r = apply_scoped(active, *def, false, false);
                    if (!r) {
                        return r.error();
                    }
                    active = std::move(*r);
                }
            }
        }
        const json::value& first = type_keys.front()->second;
        const json::value* last = &first;
        if (first.is_array()) {
            last = first.as_array().empty() ? nullptr : &first.as_array().back();
        }
        if (last != nullptr && last->is_string()) {
            input_type = expand_iri(*active, last->as_string(), true, true);
        }
    }

    json::value result = json::object{};
    result_index index;
    if (auto r = expand_entries(active, type_scoped, prop, obj, input_type, result, index, depth);
        !r) {
        return r.error();
    }

    // Steps 15-20.
    if (const json::value* v = result.find("@value")) {
        bool has_type = false;
        bool has_lang_or_dir = false;
        for (const auto& [k, x] : result.as_object()) {
            if (k == "@type") {
                has_type = true;
            } else if (k == "@language" || k == "@direction") {
                has_lang_or_dir = true;
            } else if (k != "@value" && k != "@index") {
                return errc::invalid_value_object;
            }
        }
        if (has_type && has_lang_or_dir) {
            return errc::invalid_value_object;
        }
        const json::value* type = result.find("@type");
        if (type != nullptr && type->is_string() && type->as_string() == "@json") {
            // JSON literal: any value.
        } else if (v->is_null() || (v->is_array() && v->as_array().empty())) {
            return json::value();
        } else if (!v->is_string() && has(result, "@language")) {
            return errc::invalid_language_tagged_value;
        } else if (type != nullptr &&
                   (!type->is_string() || !is_absolute_iri(type->as_string()) ||
                    is_blank_node(type->as_string()) ||
                    type->as_string().find_first_of(" \t\n\r") != std::string::npos)) {
            return errc::invalid_typed_value;
        }
    } else if (json::value* t = result.find("@type"); t != nullptr && !t->is_array()) {
        *t = as_array(std::move(*t));
    } else if (has(result, "@set") || has(result, "@list")) {
        const auto& o = result.as_object();
        if (o.size() > 2 || (o.size() == 2 && !has(result, "@index"))) {
            return errc::invalid_set_or_list_object;
        }
        if (json::value* s = result.find("@set")) {
            json::value inner = std::move(*s);
            result = std::move(inner);
        }
    }
    if (result.is_object() && result.as_object().size() == 1 && has(result, "@language")) {
        return json::value();
    }
    if ((prop == nullptr || *prop == "@graph") && result.is_object()) {
        const auto& o = result.as_object();
        if (o.empty() || has(result, "@value") || has(result, "@list")) {
            return json::value();
        }
        if (o.size() == 1 && has(result, "@id")) {
            return json::value();
        }
    }
    return result;
}

result<void> expander::expand_entries(const context_ptr& active, const context_ptr& type_scoped,
                                      const std::string* prop, const json::object& element,
                                      const std::optional<std::string>& input_type,
                                      json::value& result, result_index& slots, std::size_t depth) {
    std::vector<const json::member*> nests;
    auto prop_def = [&] { return prop != nullptr ? active->find(*prop) : nullptr; };
    for (const auto& member : element) {
        const std::string& key = member.first;
        const json::value& value = member.second;
        if (ignored(element, key)) {
            continue;
        }
        std::size_t len = push_key(key);
        struct popper {
            expander* self;
            std::size_t len;
            ~popper() { self->pop(len); }
        } pop_guard{this, len};
        if (key == "@context") {
            record("@context");
            continue;
        }
        // Expanded property: a term's IRI mapping is used in place (no copy).
        const term_definition* kdef = nullptr;
        std::optional<std::string> ep_storage;
        const std::string* ep_ptr = nullptr;
        if (is_keyword(key)) {
            ep_ptr = &key;
        } else if (!has_keyword_form(key)) {
            kdef = active->find(key);
            if (kdef != nullptr) {
                ep_ptr = kdef->iri ? &*kdef->iri : nullptr;
            } else {
                ep_storage = expand_iri(*active, key, false, true);
                ep_ptr = ep_storage ? &*ep_storage : nullptr;
            }
        }
        if (ep_ptr == nullptr || (ep_ptr->find(':') == std::string::npos && !is_keyword(*ep_ptr))) {
            record("");
            continue;
        }
        const std::string& ep = *ep_ptr;
        record(ep);
        if (is_keyword(ep)) {
            if (prop != nullptr && *prop == "@reverse") {
                return errc::invalid_reverse_property_map;
            }
            if (has(result, ep) && ep != "@included" && ep != "@type") {
                return errc::colliding_keywords;
            }
            json::value ev;
            if (ep == "@id") {
                if (!value.is_string()) {
                    return errc::invalid_id_value;
                }
                auto id = expand_iri(*active, value.as_string(), true, false);
                // A keyword-like @id expands to null; it stays as "@id": null (no triples).
                result.set("@id", id ? json::value(std::move(*id)) : json::value());
                continue;
            } else if (ep == "@type") {
                auto expand_type = [&](const std::string& s) -> json::value {
                    auto t = expand_iri(*type_scoped, s, true, true);
                    return t ? json::value(std::move(*t)) : json::value();
                };
                if (value.is_string()) {
                    ev = expand_type(value.as_string());
                } else if (value.is_array()) {
                    json::array a;
                    for (const auto& t : value.as_array()) {
                        if (!t.is_string()) {
                            return errc::invalid_type_value;
                        }
                        json::value x = expand_type(t.as_string());
                        if (!x.is_null()) {
                            a.push_back(std::move(x));
                        }
                    }
                    ev = std::move(a);
                } else {
                    return errc::invalid_type_value;
                }
                if (json::value* existing = result.find("@type")) {
                    json::value merged = as_array(std::move(*existing));
                    if (ev.is_array()) {
                        for (auto& x : ev.as_array()) {
                            merged.as_array().push_back(std::move(x));
                        }
                    } else if (!ev.is_null()) {
                        merged.as_array().push_back(std::move(ev));
                    }
                    ev = std::move(merged);
                }
            } else if (ep == "@graph") {
                auto r = expand(active, &k_graph, nullptr, value, false, depth + 1);
                if (!r) {
                    return r.error();
                }
                ev = r->is_null() ? json::value(json::array{}) : as_array(std::move(*r));
            } else if (ep == "@included") {
                auto r = expand(active, prop, prop_def(), value, false, depth + 1);
                if (!r) {
                    return r.error();
                }
                if (r->is_null()) {
                    return errc::invalid_included_value;
                }
                ev = as_array(std::move(*r));
                for (const auto& x : ev.as_array()) {
                    if (!x.is_object() || has(x, "@value") || has(x, "@list") || has(x, "@set")) {
                        return errc::invalid_included_value;
                    }
                }
                if (json::value* existing = result.find("@included")) {
                    json::value merged = std::move(*existing);
                    for (auto& x : ev.as_array()) {
                        merged.as_array().push_back(std::move(x));
                    }
                    ev = std::move(merged);
                }
            } else if (ep == "@value") {
                if (input_type && *input_type == "@json") {
                    ev = value;
                } else if (!value.is_null() && !is_scalar(value)) {
                    return errc::invalid_value_object_value;
                } else {
                    ev = value;
                }
                if (ev.is_null()) {
                    result.set("@value", nullptr);
                    continue;
                }
            } else if (ep == "@language") {
                if (!value.is_string()) {
                    return errc::invalid_language_tagged_string;
                }
                ev = lowercase(value.as_string());
            } else if (ep == "@direction") {
                if (!value.is_string() ||
                    (value.as_string() != "ltr" && value.as_string() != "rtl")) {
                    return errc::invalid_base_direction;
                }
                ev = value;
            } else if (ep == "@index") {
                if (!value.is_string()) {
                    return errc::invalid_index_value;
                }
                ev = value;
            } else if (ep == "@list") {
                if (prop == nullptr || *prop == "@graph") {
                    continue;
                }
                auto r = expand(active, prop, prop_def(), value, false, depth + 1);
                if (!r) {
                    return r.error();
                }
                ev = r->is_null() ? json::value(json::array{}) : as_array(std::move(*r));
            } else if (ep == "@set") {
                auto r = expand(active, prop, prop_def(), value, false, depth + 1);
                if (!r) {
                    return r.error();
                }
                ev = std::move(*r);
            } else if (ep == "@reverse") {
                if (!value.is_object()) {
                    return errc::invalid_reverse_value;
                }
                auto r = expand(active, &k_reverse, nullptr, value, false, depth + 1);
                if (!r) {
                    return r.error();
                }
                json::value& rev = *r;
                if (rev.is_object()) {
                    if (json::value* twice = rev.find("@reverse")) {
                        for (auto& [p, items] : twice->as_object()) {
                            add_value(result, p, std::move(items), &slots.props);
                        }
                    }
                    for (auto& [p, items] : rev.as_object()) {
                        if (p == "@reverse") {
                            continue;
                        }
                        json::value* map = result.find("@reverse");
                        if (map == nullptr) {
                            map = &result.set("@reverse", json::object{});
                        }
                        json::value arr = as_array(std::move(items));
                        for (auto& item : arr.as_array()) {
                            if (is_value_object(item) || is_list_object(item)) {
                                return errc::invalid_reverse_property_value;
                            }
                            add_value(*map, p, std::move(item), &slots.reverse);
                        }
                    }
                }
                continue;
            } else if (ep == "@nest") {
                nests.push_back(&member);
                continue;
            }
            if (!ev.is_null()) {
                result.set(ep, std::move(ev));
            }
            continue;
        }

        std::uint8_t containers = kdef != nullptr ? kdef->containers : 0;
        json::value ev;
        if (kdef != nullptr && kdef->type_mapping == "@json") {
            json::object o;
            o.emplace_back("@value", value);
            o.emplace_back("@type", "@json");
            ev = std::move(o);
        } else if ((containers & container_language) != 0 && value.is_object()) {
            json::array out;
            const std::string& direction =
                kdef->has_direction ? kdef->direction : active->default_direction;
            for (const auto& [lang, lv] : value.as_object()) {
                std::size_t l2 = push_key(lang);
                record("@language");
                pop(l2);
                auto add_item = [&](const json::value& item) -> certgate::result<void> {
                    if (item.is_null()) {
                        return {};
                    }
                    if (!item.is_string()) {
                        return errc::invalid_language_map_value;
                    }
                    json::object v;
                    v.emplace_back("@value", item);
                    auto le = expand_iri(*active, lang, false, true);
                    if (lang != "@none" && !(le && *le == "@none")) {
                        v.emplace_back("@language", lowercase(lang));
                    }
                    if (!direction.empty()) {
                        v.emplace_back("@direction", direction);
                    }
                    out.emplace_back(std::move(v));
                    return {};
                };
                if (lv.is_array()) {
                    for (const auto& item : lv.as_array()) {
                        if (auto r = add_item(item); !r) {
                            return r;
                        }
                    }
                } else if (auto r = add_item(lv); !r) {
                    return r;
                }
            }
            ev = std::move(out);
        } else if ((containers & (container_index | container_type | container_id)) != 0 &&
                   value.is_object()) {
            json::array out;
            const std::string index_key = kdef->index.empty() ? "@index" : kdef->index;
            for (const auto& [index, iv] : value.as_object()) {
                std::size_t l2 = push_key(index);
                // A map key is data, not a property: record what it becomes.
                record((containers & container_id) != 0     ? "@id"
                       : (containers & container_type) != 0 ? "@type"
                                                            : "@index");
                context_ptr map_ctx = active;
                if ((containers & (container_id | container_type)) != 0 && active->previous) {
                    map_ctx = active->previous;
                }
                if ((containers & container_type) != 0) {
                    const term_definition* idef = map_ctx->find(index);
                    if (idef != nullptr && idef->local_context) {
                        auto r = apply_scoped(map_ctx, *idef, false, true);
                        if (!r) {
                            return r.error();
                        }
                        map_ctx = std::move(*r);
                    }
                }
                auto expanded_index = expand_iri(*active, index, false, true);
                bool is_none = expanded_index && *expanded_index == "@none";
                json::value iv_array = iv.is_array() ? iv : as_array(iv);
                auto r = expand(map_ctx, &key, map_ctx->find(key), iv_array, true, depth + 1);
                pop(l2);
                if (!r) {
                    return r.error();
                }
                if (r->is_null()) {
                    continue;
                }
                json::value items = as_array(std::move(*r));
                for (auto& item : items.as_array()) {
                    if ((containers & container_graph) != 0 && !is_graph_object(item)) {
                        json::object g;
                        g.emplace_back("@graph", as_array(std::move(item)));
                        item = std::move(g);
                    }
                    if ((containers & container_index) != 0 && index_key != "@index" && !is_none) {
                        json::value re =
                            expand_value(*active, active->find(index_key), json::value(index));
                        auto eik = expand_iri(*active, index_key, false, true);
                        if (!eik) {
                            continue;
                        }
                        json::array values;
                        values.push_back(std::move(re));
                        if (json::value* existing = item.find(*eik)) {
                            json::value ex = as_array(std::move(*existing));
                            for (auto& x : ex.as_array()) {
                                values.push_back(std::move(x));
                            }
                        }
                        if (!item.is_object()) {
                            return errc::invalid_value_object;
                        }
                        item.set(*eik, std::move(values));
                        if (is_value_object(item)) {
                            return errc::invalid_value_object;
                        }
                    } else if ((containers & container_index) != 0 && !has(item, "@index") &&
                               !is_none) {
                        item.set("@index", index);
                    } else if ((containers & container_id) != 0 && !has(item, "@id") && !is_none) {
                        auto id = expand_iri(*active, index, true, false);
                        if (id) {
                            item.set("@id", std::move(*id));
                        }
                    } else if ((containers & container_type) != 0 && !is_none && expanded_index) {
                        json::array types;
                        types.emplace_back(*expanded_index);
                        if (json::value* existing = item.find("@type")) {
                            json::value ex = as_array(std::move(*existing));
                            for (auto& x : ex.as_array()) {
                                types.push_back(std::move(x));
                            }
                        }
                        item.set("@type", std::move(types));
                    }
                    out.push_back(std::move(item));
                }
            }
            ev = std::move(out);
        } else {
            auto r = expand(active, &key, kdef, value, false, depth + 1);
            if (!r) {
                return r.error();
            }
            ev = std::move(*r);
        }
        if (ev.is_null()) {
            continue;
        }
        if ((containers & container_list) != 0 && !is_list_object(ev)) {
            json::object l;
            l.emplace_back("@list", as_array(std::move(ev)));
            ev = std::move(l);
        }
        if ((containers & container_graph) != 0 &&
            (containers & (container_id | container_index)) == 0) {
            json::value arr = as_array(std::move(ev));
            for (auto& x : arr.as_array()) {
                json::object g;
                g.emplace_back("@graph", as_array(std::move(x)));
                x = std::move(g);
            }
            ev = std::move(arr);
        }
        if (kdef != nullptr && kdef->reverse) {
            json::value* map = result.find("@reverse");
            if (map == nullptr) {
                map = &result.set("@reverse", json::object{});
            }
            json::value arr = as_array(std::move(ev));
            for (auto& item : arr.as_array()) {
                if (is_value_object(item) || is_list_object(item)) {
                    return errc::invalid_reverse_property_value;
                }
                add_value(*map, ep, std::move(item), &slots.reverse);
            }
        } else {
            add_value(result, ep, std::move(ev), &slots.props);
        }
    }

    // Step 14: nested properties.
    for (const json::member* nest : nests) {
        // A nesting term's own scoped context applies to the nested properties.
        context_ptr nest_ctx = active;
        if (const term_definition* nd = active->find(nest->first);
            nd != nullptr && nd->local_context) {
            auto r = apply_scoped(active, *nd, true, true);
            if (!r) {
                return r.error();
            }
            nest_ctx = std::move(*r);
        }
        std::size_t len = push_key(nest->first);
        json::value values = as_array(nest->second);
        auto& arr = values.as_array();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const json::value& nv = arr[i];
            if (!nv.is_object()) {
                pop(len);
                return errc::invalid_nest_value;
            }
            for (const auto& [k, x] : nv.as_object()) {
                if (keyword_of(*nest_ctx, k) == "@value") {
                    pop(len);
                    return errc::invalid_nest_value;
                }
            }
            std::size_t l2 =
                arr.size() > 1 || nest->second.is_array() ? push_index(i) : path_.size();
            auto r = expand_entries(nest_ctx, type_scoped, prop, nv.as_object(), input_type, result,
                                    slots, depth + 1);
            pop(l2);
            if (!r) {
                pop(len);
                return r;
            }
        }
        pop(len);
    }
    return {};
}

}  // namespace

result<json::value> expand(const json::value& doc, const expand_options& opts,
                           expansion_trace* trace) {
    expander e(opts, trace);
    return e.run(doc);
}

}  // namespace certgate::ld
