#include "shared/ld/to_rdf.hpp"

#include "shared/json/write.hpp"
#include "shared/ld/iri.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace certgate::ld {

namespace {

constexpr std::string_view rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view xsd_ns = "http://www.w3.org/2001/XMLSchema#";
const std::string rdf_type = std::string(rdf_ns) + "type";
const std::string rdf_first = std::string(rdf_ns) + "first";
const std::string rdf_rest = std::string(rdf_ns) + "rest";
const std::string rdf_nil = std::string(rdf_ns) + "nil";
const std::string rdf_json = std::string(rdf_ns) + "JSON";
const std::string xsd_boolean = std::string(xsd_ns) + "boolean";
const std::string xsd_integer = std::string(xsd_ns) + "integer";
const std::string xsd_double = std::string(xsd_ns) + "double";

bool equivalent(const json::value& a, const json::value& b);

bool equivalent_objects(const json::object& a, const json::object& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (const auto& [k, v] : a) {
        const json::value* other = nullptr;
        for (const auto& m : b) {
            if (m.first == k) {
                other = &m.second;
                break;
            }
        }
        if (other == nullptr || !equivalent(v, *other)) {
            return false;
        }
    }
    return true;
}

bool equivalent(const json::value& a, const json::value& b) {
    if (a.is_object() && b.is_object()) {
        return equivalent_objects(a.as_object(), b.as_object());
    }
    if (a.is_array() && b.is_array()) {
        const auto& x = a.as_array();
        const auto& y = b.as_array();
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!equivalent(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }
    return a == b;
}

// A hash consistent with equivalent(): object members in any order.
std::size_t hash_json(const json::value& v) {
    switch (v.type()) {
        case json::kind::null_value:
            return 0x51;
        case json::kind::bool_value:
            return v.as_bool() ? 0x52 : 0x53;
        case json::kind::number_value:
            return std::hash<double>{}(v.as_number());
        case json::kind::string_value:
            return std::hash<std::string>{}(v.as_string());
        case json::kind::array_value: {
            std::size_t h = 0x54;
            for (const auto& x : v.as_array()) {
                h = h * 1000003u ^ hash_json(x);
            }
            return h;
        }
        case json::kind::object_value: {
            std::size_t h = 0x55;
            for (const auto& [k, x] : v.as_object()) {
                h += std::hash<std::string>{}(k)*31u ^ hash_json(x);
            }
            return h;
        }
    }
    return 0;
}

bool is_well_formed_language(std::string_view s) noexcept {
    // [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*
    std::size_t i = 0;
    std::size_t n = 0;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
        ++i;
        ++n;
    }
    if (n < 1 || n > 8) {
        return false;
    }
    while (i < s.size()) {
        if (s[i] != '-') {
            return false;
        }
        ++i;
        n = 0;
        while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                                (s[i] >= '0' && s[i] <= '9'))) {
            ++i;
            ++n;
        }
        if (n < 1 || n > 8) {
            return false;
        }
    }
    return true;
}

std::string canonical_double(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15E", d);
    std::string s(buf);
    auto e = s.find('E');
    std::string mantissa = s.substr(0, e);
    int exponent = std::atoi(s.c_str() + e + 1);
    if (auto dot = mantissa.find('.'); dot != std::string::npos) {
        while (mantissa.size() > dot + 2 && mantissa.back() == '0') {
            mantissa.pop_back();
        }
    }
    return mantissa + "E" + std::to_string(exponent);
}

class issuer {
public:
    const std::string& get(const std::string& old) {
        auto it = map_.find(old);
        if (it != map_.end()) {
            return it->second;
        }
        return map_.emplace(old, fresh()).first->second;
    }
    std::string fresh() { return "_:b" + std::to_string(counter_++); }

private:
    std::unordered_map<std::string, std::string> map_;
    std::size_t counter_ = 0;
};

struct graph_nodes {
    std::unordered_map<std::string, json::value> nodes;
    std::vector<std::string> order;

    json::value& get(const std::string& id) {
        auto it = nodes.find(id);
        if (it != nodes.end()) {
            return it->second;
        }
        json::object o;
        o.emplace_back("@id", id);
        order.push_back(id);
        return nodes.emplace(id, json::value(std::move(o))).first->second;
    }
};

// Side indexes that keep the node map linear for nodes with many properties or values
// (json::value lookups are linear scans). Nodes live in unordered_map values, whose addresses
// are stable, so they key the indexes.
struct node_index {
    static constexpr std::size_t threshold = 16;
    struct values_index {
        std::unordered_multimap<std::size_t, std::size_t> by_hash;
        std::size_t count = 0;  // values[0, count) are indexed
    };
    std::unordered_map<std::string, std::size_t, string_hash, std::equal_to<>> props;
    std::unordered_map<std::string, values_index, string_hash, std::equal_to<>> values;
    bool props_active = false;
};

class rdf_builder {
public:
    explicit rdf_builder(bool generalized) : generalized_(generalized) {}

    result<void> generate(json::value& element, const std::string& graph_name,
                          const std::string* subject, const json::value* reverse_subject,
                          const std::string* prop, json::value* list, std::size_t depth);
    rdf::dataset serialize();

    // The tree path: the same dataset as generate() + serialize() for an expanded document
    // that is a tree (see tree_node), or nullopt, having left `expanded` untouched, for any
    // other document. Use a fresh builder for the full path afterwards.
    std::optional<rdf::dataset> convert_tree(json::value& expanded);

private:
    // Most credentials expand to a tree: node objects nested in properties, no lists, graphs,
    // reverse properties, indexes, blank-node identifiers or blank-node types, and no node
    // identifier shared by two node objects unless all of them are bare references. The Node
    // Map of such a tree holds each node object once, in pre-order, with its members in
    // document order, so its quads can come straight from the tree, skipping the map's copies.
    struct tree_node {
        json::value* object;
        std::string id;    // @id, or the blank node label generate() would issue
        std::size_t size;  // node objects in its subtree, itself included
        bool explicit_id;  // id came from @id
        bool content;      // has @type or a property (not a bare reference)
    };
    bool collect_tree(json::value& node, std::size_t depth);
    // Marks values of one property that the Node Map would drop as duplicates ("add value if
    // not equivalent"): equal value objects, or references to the same explicit @id.
    std::uint32_t duplicates(const json::array& items, std::size_t first_child) const;
    std::vector<tree_node> tree_;

    // The array under `prop` in `node`, created empty when missing.
    json::value& prop_array(json::value& node, std::string_view prop) {
        auto& members = node.as_object();
        if (members.size() < node_index::threshold) {
            if (json::value* a = node.find(prop)) {
                return *a;
            }
            members.emplace_back(std::string(prop), json::array{});
            return members.back().second;
        }
        node_index& ni = index_[&node];
        if (!ni.props_active) {
            for (std::size_t i = 0; i < members.size(); ++i) {
                ni.props.emplace(members[i].first, i);
            }
            ni.props_active = true;
        }
        if (auto it = ni.props.find(prop); it != ni.props.end()) {
            return members[it->second].second;
        }
        ni.props.emplace(std::string(prop), members.size());
        members.emplace_back(std::string(prop), json::array{});
        return members.back().second;
    }
    // Appends `v` to node[prop] unless an equivalent value is there (node map "add if not
    // equivalent").
    void add_unique(json::value& node, std::string_view prop, json::value v) {
        auto& vals = prop_array(node, prop).as_array();
        if (vals.size() < node_index::threshold) {
            for (const auto& existing : vals) {
                if (equivalent(existing, v)) {
                    return;
                }
            }
            vals.push_back(std::move(v));
            return;
        }
        node_index& ni = index_[&node];
        auto it = ni.values.find(prop);
        if (it == ni.values.end()) {
            it = ni.values.emplace(std::string(prop), node_index::values_index{}).first;
        }
        auto& vi = it->second;
        for (; vi.count < vals.size(); ++vi.count) {
            vi.by_hash.emplace(hash_json(vals[vi.count]), vi.count);
        }
        std::size_t h = hash_json(v);
        auto [first, last] = vi.by_hash.equal_range(h);
        for (auto i = first; i != last; ++i) {
            if (equivalent(vals[i->second], v)) {
                return;
            }
        }
        vals.push_back(std::move(v));
        vi.by_hash.emplace(h, vals.size() - 1);
        vi.count = vals.size();
    }

    graph_nodes& graph(const std::string& name) {
        auto it = graphs_.find(name);
        if (it != graphs_.end()) {
            return it->second;
        }
        graph_order_.push_back(name);
        return graphs_[name];
    }
    std::optional<rdf::term> resource(const std::string& id) const {
        if (is_blank_node(id)) {
            return rdf::term{rdf::term_type::blank, id.substr(2), {}, {}};
        }
        if (is_well_formed_iri(id)) {
            return rdf::term{rdf::term_type::iri, id, {}, {}};
        }
        return std::nullopt;
    }
    // As resource(), taking the string (the node map is consumed by serialize()).
    std::optional<rdf::term> take_resource(std::string&& id) const {
        if (is_blank_node(id)) {
            id.erase(0, 2);
            return rdf::term{rdf::term_type::blank, std::move(id), {}, {}};
        }
        if (is_well_formed_iri(id)) {
            return rdf::term{rdf::term_type::iri, std::move(id), {}, {}};
        }
        return std::nullopt;
    }
    // Object to RDF Conversion (8.2); consumes `item`'s strings.
    std::optional<rdf::term> object_to_rdf(json::value& item,
                                           std::vector<std::array<rdf::term, 3>>& triples);

    bool generalized_;
    issuer issuer_;
    std::unordered_map<const json::value*, node_index> index_;
    std::unordered_map<std::string, graph_nodes> graphs_;
    std::vector<std::string> graph_order_;
};

result<void> rdf_builder::generate(json::value& element, const std::string& graph_name,
                                   const std::string* subject, const json::value* reverse_subject,
                                   const std::string* prop, json::value* list, std::size_t depth) {
    if (depth > 1000) {
        return errc::too_deep;
    }
    if (element.is_array()) {
        for (auto& item : element.as_array()) {
            if (auto r =
                    generate(item, graph_name, subject, reverse_subject, prop, list, depth + 1);
                !r) {
                return r;
            }
        }
        return {};
    }
    if (!element.is_object()) {
        return {};
    }
    if (json::value* types = element.find("@type"); types != nullptr && types->is_array()) {
        for (auto& t : types->as_array()) {
            if (t.is_string() && is_blank_node(t.as_string())) {
                t = issuer_.get(t.as_string());
            }
        }
    }
    if (element.find("@value") != nullptr) {
        if (list == nullptr && (subject == nullptr || prop == nullptr)) {
            return {};
        }
        if (list == nullptr) {
            add_unique(graph(graph_name).get(*subject), *prop, std::move(element));
        } else {
            list->find("@list")->as_array().push_back(std::move(element));
        }
        return {};
    }
    if (json::value* l = element.find("@list")) {
        json::value result = json::object{};
        result.set("@list", json::array{});
        if (auto r = generate(*l, graph_name, subject, reverse_subject, prop, &result, depth + 1);
            !r) {
            return r;
        }
        if (list == nullptr && (subject == nullptr || prop == nullptr)) {
            return {};
        }
        if (list == nullptr) {
            prop_array(graph(graph_name).get(*subject), *prop)
                .as_array()
                .push_back(std::move(result));
        } else {
            list->find("@list")->as_array().push_back(std::move(result));
        }
        return {};
    }

    // A node object.
    std::string id;
    const json::value* v = element.find("@id");
    if (v != nullptr && v->is_string()) {
        id = is_blank_node(v->as_string()) ? issuer_.get(v->as_string()) : v->as_string();
    } else if (v != nullptr) {
        // "@id": null (a keyword-like @id): an empty id, which is no IRI, so no triples.
    } else {
        id = issuer_.fresh();
    }
    graph_nodes& gn = graph(graph_name);
    // Mapped values of an unordered_map keep their address, so `node` stays valid below.
    json::value& node = gn.get(id);
    if (reverse_subject != nullptr) {
        add_unique(node, *prop, *reverse_subject);
    } else if (prop != nullptr && (subject != nullptr || list != nullptr)) {
        json::object ref;
        ref.emplace_back("@id", id);
        if (list == nullptr) {
            add_unique(gn.get(*subject), *prop, json::value(std::move(ref)));
        } else {
            list->find("@list")->as_array().push_back(json::value(std::move(ref)));
        }
    }
    if (json::value* types = element.find("@type")) {
        json::value arr = types->is_array() ? std::move(*types) : json::value(json::array{});
        for (auto& t : arr.as_array()) {
            add_unique(node, "@type", std::move(t));
        }
    }
    if (json::value* index = element.find("@index")) {
        if (json::value* existing = node.find("@index")) {
            if (!(*existing == *index)) {
                return errc::conflicting_indexes;
            }
        } else {
            node.set("@index", *index);
        }
    }
    if (json::value* rev = element.find("@reverse"); rev != nullptr && rev->is_object()) {
        json::object ref;
        ref.emplace_back("@id", id);
        json::value referenced(std::move(ref));
        for (auto& [p, values] : rev->as_object()) {
            if (auto r = generate(values, graph_name, nullptr, &referenced, &p, nullptr, depth + 1);
                !r) {
                return r;
            }
        }
    }
    if (json::value* g = element.find("@graph")) {
        if (auto r = generate(*g, id, nullptr, nullptr, nullptr, nullptr, depth + 1); !r) {
            return r;
        }
    }
    if (json::value* inc = element.find("@included")) {
        if (auto r = generate(*inc, graph_name, nullptr, nullptr, nullptr, nullptr, depth + 1);
            !r) {
            return r;
        }
    }
    for (auto& [key, value] : element.as_object()) {
        if (key == "@id" || key == "@type" || key == "@index" || key == "@reverse" ||
            key == "@graph" || key == "@included") {
            continue;
        }
        std::string p = is_blank_node(key) ? issuer_.get(key) : key;
        prop_array(node, p);
        if (auto r = generate(value, graph_name, &id, nullptr, &p, nullptr, depth + 1); !r) {
            return r;
        }
    }
    return {};
}

std::optional<rdf::term> rdf_builder::object_to_rdf(
    json::value& item, std::vector<std::array<rdf::term, 3>>& triples) {
    if (!item.is_object()) {
        return std::nullopt;
    }
    json::value* value = item.find("@value");
    if (value == nullptr) {
        if (json::value* l = item.find("@list")) {
            if (!l->is_array() || l->as_array().empty()) {
                return rdf::term{rdf::term_type::iri, rdf_nil, {}, {}};
            }
            auto& items = l->as_array();
            std::vector<std::string> bnodes;
            bnodes.reserve(items.size());
            for (std::size_t i = 0; i < items.size(); ++i) {
                bnodes.push_back(issuer_.fresh().substr(2));
            }
            for (std::size_t i = 0; i < items.size(); ++i) {
                rdf::term subj{rdf::term_type::blank, bnodes[i], {}, {}};
                std::vector<std::array<rdf::term, 3>> embedded;
                auto obj = object_to_rdf(items[i], embedded);
                if (obj) {
                    triples.push_back(
                        {subj, rdf::term{rdf::term_type::iri, rdf_first, {}, {}}, std::move(*obj)});
                }
                rdf::term rest = i + 1 < items.size()
                                     ? rdf::term{rdf::term_type::blank, bnodes[i + 1], {}, {}}
                                     : rdf::term{rdf::term_type::iri, rdf_nil, {}, {}};
                triples.push_back(
                    {subj, rdf::term{rdf::term_type::iri, rdf_rest, {}, {}}, std::move(rest)});
                for (auto& t : embedded) {
                    triples.push_back(std::move(t));
                }
            }
            return rdf::term{rdf::term_type::blank, bnodes[0], {}, {}};
        }
        json::value* id = item.find("@id");
        if (id == nullptr || !id->is_string()) {
            return std::nullopt;
        }
        return take_resource(std::move(id->as_string()));
    }
    std::string datatype;
    if (json::value* t = item.find("@type")) {
        if (!t->is_string()) {
            return std::nullopt;
        }
        datatype = std::move(t->as_string());
        if (datatype != "@json" && !is_well_formed_iri(datatype)) {
            return std::nullopt;
        }
    }
    std::string language;
    if (const json::value* l = item.find("@language")) {
        if (!l->is_string() || !is_well_formed_language(l->as_string())) {
            return std::nullopt;
        }
        language = l->as_string();
    }
    std::string lexical;
    if (datatype == "@json") {
        json::write(lexical, *value);
        datatype = rdf_json;
    } else if (value->is_bool()) {
        lexical = value->as_bool() ? "true" : "false";
        if (datatype.empty()) {
            datatype = xsd_boolean;
        }
    } else if (value->is_number()) {
        double d = value->as_number();
        if (!value->is_integral() || std::fabs(d) >= 1e21 || datatype == xsd_double) {
            lexical = canonical_double(d);
            if (datatype.empty()) {
                datatype = xsd_double;
            }
        } else {
            json::write_number(lexical, d);
            if (datatype.empty()) {
                datatype = xsd_integer;
            }
        }
    } else if (value->is_string()) {
        lexical = std::move(value->as_string());
        if (datatype.empty()) {
            datatype = language.empty() ? rdf::xsd_string : rdf::rdf_lang_string;
        }
    } else {
        return std::nullopt;
    }
    return rdf::term{rdf::term_type::literal, std::move(lexical), std::move(datatype),
                     std::move(language)};
}

rdf::dataset rdf_builder::serialize() {
    rdf::dataset out;
    out.reserve(64);
    const rdf::term type_pred{rdf::term_type::iri, rdf_type, {}, {}};
    for (const std::string& graph_name : graph_order_) {
        rdf::term g;
        if (graph_name != "@default") {
            auto t = resource(graph_name);
            if (!t) {
                continue;
            }
            g = std::move(*t);
        }
        graph_nodes& gn = graphs_[graph_name];
        for (const std::string& subject : gn.order) {
            auto s = resource(subject);
            if (!s) {
                continue;
            }
            json::value& node = gn.nodes[subject];
            for (auto& [property, values] : node.as_object()) {
                if (property == "@type") {
                    for (auto& t : values.as_array()) {
                        if (!t.is_string()) {
                            continue;
                        }
                        if (auto o = take_resource(std::move(t.as_string()))) {
                            out.push_back({*s, type_pred, std::move(*o), g});
                        }
                    }
                    continue;
                }
                if (is_keyword(property)) {
                    continue;
                }
                if (is_blank_node(property) && !generalized_) {
                    continue;
                }
                auto p = resource(property);
                if (!p || !values.is_array()) {
                    continue;
                }
                for (auto& item : values.as_array()) {
                    std::vector<std::array<rdf::term, 3>> list_triples;
                    auto o = object_to_rdf(item, list_triples);
                    if (o) {
                        out.push_back({*s, *p, std::move(*o), g});
                    }
                    for (auto& t : list_triples) {
                        out.push_back({std::move(t[0]), std::move(t[1]), std::move(t[2]), g});
                    }
                }
            }
        }
    }
    return out;
}

bool rdf_builder::collect_tree(json::value& node, std::size_t depth) {
    // generate() fails past depth 1000 (a node's values sit two levels below it): leave such
    // documents to it.
    if (depth + 2 > 1000 || !node.is_object()) {
        return false;
    }
    std::size_t index = tree_.size();
    tree_.push_back({&node, {}, 1, false, false});
    if (const json::value* id = node.find("@id")) {
        if (!id->is_string() || is_blank_node(id->as_string())) {
            return false;
        }
        tree_[index].id = id->as_string();
        tree_[index].explicit_id = true;
    } else {
        tree_[index].id = issuer_.fresh();
    }
    for (auto& [key, values] : node.as_object()) {
        if (key == "@id") {
            continue;
        }
        if (key == "@type") {
            if (!values.is_array()) {
                return false;
            }
            for (const auto& t : values.as_array()) {
                if (!t.is_string() || is_blank_node(t.as_string())) {
                    return false;
                }
            }
            tree_[index].content = tree_[index].content || !values.as_array().empty();
            continue;
        }
        // Duplicate checks below are quadratic: long value arrays take the indexed full path.
        if (key.empty() || key[0] == '@' || is_blank_node(key) || !values.is_array() ||
            values.as_array().size() > 32) {
            return false;
        }
        tree_[index].content = true;
        for (auto& item : values.as_array()) {
            if (!item.is_object()) {
                return false;
            }
            if (item.find("@value") != nullptr) {
                continue;
            }
            if (item.find("@list") != nullptr || !collect_tree(item, depth + 2)) {
                return false;
            }
        }
    }
    tree_[index].size = tree_.size() - index;
    return true;
}

std::uint32_t rdf_builder::duplicates(const json::array& items, std::size_t first_child) const {
    std::uint32_t dup = 0;
    std::size_t child = first_child;
    std::array<const tree_node*, 32> nodes{};  // per item: its tree node, or null for a value
    for (std::size_t j = 0; j < items.size(); ++j) {
        if (items[j].find("@value") == nullptr) {
            nodes[j] = &tree_[child];
            child += tree_[child].size;
        }
        for (std::size_t k = 0; k < j; ++k) {
            bool same = nodes[j] == nullptr
                            ? nodes[k] == nullptr && equivalent(items[k], items[j])
                            : nodes[k] != nullptr && nodes[j]->explicit_id &&
                                  nodes[k]->explicit_id && nodes[j]->id == nodes[k]->id;
            if (same) {
                dup |= std::uint32_t{1} << j;
                break;
            }
        }
    }
    return dup;
}

std::optional<rdf::dataset> rdf_builder::convert_tree(json::value& expanded) {
    if (!expanded.is_array()) {
        return std::nullopt;
    }
    for (auto& item : expanded.as_array()) {
        if (!item.is_object() || item.find("@value") != nullptr || item.find("@list") != nullptr ||
            !collect_tree(item, 1)) {
            return std::nullopt;
        }
    }
    // Two node objects with one @id are one node in the Node Map; only bare references to it
    // can be treated apart (they add no quads of their own).
    std::vector<std::pair<std::string_view, bool>> ids;
    for (const tree_node& n : tree_) {
        if (n.explicit_id) {
            ids.emplace_back(n.id, n.content);
        }
    }
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 1; i < ids.size(); ++i) {
        if (ids[i].first == ids[i - 1].first && (ids[i].second || ids[i - 1].second)) {
            return std::nullopt;
        }
    }

    rdf::dataset out;
    out.reserve(64);
    const rdf::term type_pred{rdf::term_type::iri, rdf_type, {}, {}};
    std::vector<std::array<rdf::term, 3>> no_list_triples;  // lists never reach this path
    for (std::size_t i = 0; i < tree_.size(); ++i) {
        const std::optional<rdf::term> s = resource(tree_[i].id);
        // generate() adds the types before any property, wherever @type sits in the object.
        if (const json::value* types = tree_[i].object->find("@type"); types != nullptr && s) {
            const auto& items = types->as_array();
            for (std::size_t j = 0; j < items.size(); ++j) {
                bool seen = false;
                for (std::size_t k = 0; k < j && !seen; ++k) {
                    seen = items[k].as_string() == items[j].as_string();
                }
                if (!seen) {
                    if (auto o = take_resource(std::string(items[j].as_string()))) {
                        out.push_back({*s, type_pred, std::move(*o), {}});
                    }
                }
            }
        }
        std::size_t child = i + 1;
        for (auto& [key, values] : tree_[i].object->as_object()) {
            if (key == "@id" || key == "@type") {
                continue;
            }
            auto& items = values.as_array();
            std::uint32_t dup = duplicates(items, child);
            std::optional<rdf::term> p;
            if (s) {
                p = resource(key);
            }
            for (std::size_t j = 0; j < items.size(); ++j) {
                bool keep = (dup & (std::uint32_t{1} << j)) == 0 && p;
                if (items[j].find("@value") != nullptr) {
                    if (keep) {
                        if (auto o = object_to_rdf(items[j], no_list_triples)) {
                            out.push_back({*s, *p, std::move(*o), {}});
                        }
                    }
                    continue;
                }
                const tree_node& c = tree_[child];
                child += c.size;
                if (keep) {
                    if (auto o = take_resource(std::string(c.id))) {
                        out.push_back({*s, *p, std::move(*o), {}});
                    }
                }
            }
        }
    }
    return out;
}

}  // namespace

result<rdf::dataset> expanded_to_rdf(json::value expanded, bool produce_generalized_rdf,
                                     bool tree_path) {
    if (tree_path) {
        rdf_builder tree(produce_generalized_rdf);
        if (auto ds = tree.convert_tree(expanded)) {
            return std::move(*ds);
        }
    }
    rdf_builder b(produce_generalized_rdf);
    static const std::string default_graph = "@default";
    if (auto r = b.generate(expanded, default_graph, nullptr, nullptr, nullptr, nullptr, 0); !r) {
        return r.error();
    }
    return b.serialize();
}

result<rdf::dataset> to_rdf(const json::value& doc, const to_rdf_options& opts,
                            expansion_trace* trace) {
    auto expanded = expand(doc, opts, trace);
    if (!expanded) {
        return expanded.error();
    }
    return expanded_to_rdf(std::move(*expanded), opts.produce_generalized_rdf, opts.tree_path);
}

}  // namespace certgate::ld
