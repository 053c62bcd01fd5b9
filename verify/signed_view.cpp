#include "verify/signed_view.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

namespace certgate::verify {

namespace {

constexpr std::string_view rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view vc_type = "https://www.w3.org/2018/credentials#VerifiableCredential";

const rdf::term* as_node(const rdf::term& t) {
    return t.type == rdf::term_type::iri || t.type == rdf::term_type::blank ? &t : nullptr;
}

// A subject's identity (blank nodes and IRIs are distinct even with equal text), as views into
// the dataset, so lookups build no strings.
struct node_key {
    bool blank;
    std::string_view value;
    explicit node_key(const rdf::term& t)
        : blank(t.type == rdf::term_type::blank), value(t.value) {}
    friend bool operator==(const node_key&, const node_key&) = default;
};
struct node_key_hash {
    std::size_t operator()(const node_key& k) const noexcept {
        return std::hash<std::string_view>{}(k.value) ^ static_cast<std::size_t>(k.blank);
    }
};

// Whether an RDF object carries the JSON leaf `v` (same lexical value; numbers compared as
// numbers, since toRdf writes 2 as "2"^^xsd:integer and 2.5 as "2.5E0"^^xsd:double).
bool matches(const rdf::term& o, const json::value& v) {
    if (v.is_string()) {
        return (o.type == rdf::term_type::literal || o.type == rdf::term_type::iri) &&
               o.value == v.as_string();
    }
    if (o.type != rdf::term_type::literal) {
        return false;
    }
    if (v.is_bool()) {
        return o.value == (v.as_bool() ? "true" : "false");
    }
    if (v.is_number()) {
        char* end = nullptr;
        double d = std::strtod(o.value.c_str(), &end);
        return end != o.value.c_str() && *end == '\0' && d == v.as_number();
    }
    return false;
}

class analyser {
public:
    analyser(const rdf::dataset& ds, const std::unordered_map<std::string, std::string>& iris)
        : iris_(iris) {
        for (const auto& q : ds) {
            by_subject_[node_key(q.subject)].push_back(&q);
        }
    }

    std::vector<const rdf::term*> roots(const rdf::dataset& ds) const {
        std::vector<const rdf::term*> out;
        for (const auto& q : ds) {
            if (q.predicate.value == rdf_type && q.object.value == vc_type) {
                out.push_back(&q.subject);
            }
        }
        return out;
    }

    json::value walk_object(const json::value& obj, const std::string& path,
                            const std::vector<const rdf::term*>& nodes) {
        json::value view{json::object{}};
        // (IRI, path) of every key with an IRI, in key order; sorted stably by IRI below.
        std::vector<std::pair<std::string_view, std::string>> keys_by_iri;
        for (const auto& [key, value] : obj.as_object()) {
            if (key == "@context") {
                continue;
            }
            std::string child = path.empty() ? key : path + "." + key;
            auto it = iris_.find(child);
            std::string_view iri = it == iris_.end() ? std::string_view() : it->second;
            if (iri.empty()) {
                mark_tree(value, child);
                continue;
            }
            if (iri == "@id") {
                if (value.is_string() && has_node(nodes, value.as_string())) {
                    view.set(key, value);
                } else {
                    mark_unsigned(child);
                }
                continue;
            }
            if (iri == "@type") {
                if (has_predicate(nodes, rdf_type)) {
                    view.set(key, value);
                } else {
                    mark_unsigned(child);
                }
                continue;
            }
            if (iri[0] == '@') {
                continue;  // other keywords (@language, @index...) carry no value of their own
            }
            std::vector<const rdf::term*> objects = objects_of(nodes, iri);
            json::value sub = walk_value(value, child, objects);
            keys_by_iri.emplace_back(iri, std::move(child));
            if (!sub.is_null()) {
                view.set(key, std::move(sub));
            }
        }
        // Same order as grouping by IRI in a sorted map: by IRI, then key order.
        std::stable_sort(keys_by_iri.begin(), keys_by_iri.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < keys_by_iri.size();) {
            std::size_t end = i + 1;
            while (end < keys_by_iri.size() && keys_by_iri[end].first == keys_by_iri[i].first) {
                ++end;
            }
            for (std::size_t k = i; end - i > 1 && k < end; ++k) {
                if (!is_unsigned(keys_by_iri[k].second)) {
                    ambiguous.push_back(keys_by_iri[k].second);
                }
            }
            i = end;
        }
        return view.as_object().empty() && !obj.as_object().empty() ? json::value() : view;
    }

    std::vector<std::string> unsigned_fields;
    std::vector<std::string> ambiguous;

private:
    // Returns the signed part of `value`, or null when nothing of it is signed.
    json::value walk_value(const json::value& value, const std::string& path,
                           const std::vector<const rdf::term*>& objects) {
        if (value.is_array()) {
            json::array out;
            bool any = false;
            const auto& arr = value.as_array();
            for (std::size_t i = 0; i < arr.size(); ++i) {
                json::value sub = walk_value(arr[i], path + "[" + std::to_string(i) + "]", objects);
                any = any || !sub.is_null();
                out.push_back(std::move(sub));
            }
            return any ? json::value(std::move(out)) : json::value();
        }
        if (value.is_object()) {
            std::vector<const rdf::term*> nodes;
            const json::value* id = value.find("id");
            for (const rdf::term* o : objects) {
                if (as_node(*o) == nullptr) {
                    continue;
                }
                if (id != nullptr && id->is_string() &&
                    (o->type != rdf::term_type::iri || o->value != id->as_string())) {
                    continue;
                }
                nodes.push_back(o);
            }
            if (nodes.empty()) {
                mark_tree(value, path);
                return json::value();
            }
            return walk_object(value, path, nodes);
        }
        if (value.is_null()) {
            return json::value();  // JSON-LD drops nulls; there is nothing to sign
        }
        for (const rdf::term* o : objects) {
            if (matches(*o, value)) {
                return value;
            }
        }
        mark_unsigned(path);
        return json::value();
    }

    std::vector<const rdf::term*> objects_of(const std::vector<const rdf::term*>& nodes,
                                             std::string_view predicate) const {
        std::vector<const rdf::term*> out;
        for (const rdf::term* n : nodes) {
            auto it = by_subject_.find(node_key(*n));
            if (it == by_subject_.end()) {
                continue;
            }
            for (const rdf::quad* q : it->second) {
                if (q->predicate.value == predicate) {
                    out.push_back(&q->object);
                }
            }
        }
        return out;
    }

    bool has_predicate(const std::vector<const rdf::term*>& nodes, std::string_view p) const {
        return !objects_of(nodes, p).empty();
    }

    static bool has_node(const std::vector<const rdf::term*>& nodes, std::string_view iri) {
        for (const rdf::term* n : nodes) {
            if (n->type == rdf::term_type::iri && n->value == iri) {
                return true;
            }
        }
        return false;
    }

    // Lists every leaf under `value` (or `path` itself for a leaf) as unsigned.
    void mark_tree(const json::value& value, const std::string& path) {
        if (value.is_object() && !value.as_object().empty()) {
            for (const auto& [k, v] : value.as_object()) {
                mark_tree(v, path + "." + k);
            }
        } else if (value.is_array() && !value.as_array().empty()) {
            const auto& arr = value.as_array();
            for (std::size_t i = 0; i < arr.size(); ++i) {
                mark_tree(arr[i], path + "[" + std::to_string(i) + "]");
            }
        } else {
            mark_unsigned(path);
        }
    }

    void mark_unsigned(const std::string& path) {
        unsigned_fields.push_back(path);
        unsigned_set_.insert(path);
    }
    bool is_unsigned(const std::string& path) const { return unsigned_set_.count(path) != 0; }

    const std::unordered_map<std::string, std::string>& iris_;
    std::unordered_map<node_key, std::vector<const rdf::quad*>, node_key_hash> by_subject_;
    std::set<std::string> unsigned_set_;
};

}  // namespace

field_report analyse_fields(const json::value& document, const rdf::dataset& signed_rdf,
                            const std::unordered_map<std::string, std::string>& key_iris) {
    field_report out;
    if (!document.is_object()) {
        return out;
    }
    analyser a(signed_rdf, key_iris);
    auto roots = a.roots(signed_rdf);
    json::value view = a.walk_object(document, "", roots);
    out.signed_view = view.is_null() ? json::value(json::object{}) : std::move(view);
    out.unsigned_fields = std::move(a.unsigned_fields);
    out.ambiguous = std::move(a.ambiguous);
    return out;
}

}  // namespace certgate::verify
