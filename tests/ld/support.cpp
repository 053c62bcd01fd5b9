#include "tests/ld/support.hpp"

#include "shared/json/parse.hpp"
#include "shared/ld/error.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace certgate::ld::test {

std::optional<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::optional<json::value> read_json(const std::filesystem::path& p) {
    auto text = read_file(p);
    if (!text) {
        return std::nullopt;
    }
    auto v = json::parse(*text, {.max_depth = 256, .max_size = 1 << 24});
    if (!v) {
        return std::nullopt;
    }
    return std::move(*v);
}

result<remote_document> w3c_loader::load(std::string_view url) const {
    if (!url.starts_with(prefix_)) {
        return errc::loading_remote_context_failed;
    }
    auto doc = read_json(dir_ / std::string(url.substr(prefix_.size())));
    if (!doc) {
        return errc::loading_remote_context_failed;
    }
    return remote_document{std::string(url), std::make_shared<const json::value>(std::move(*doc))};
}

bool json_equivalent(const json::value& a, const json::value& b) {
    if (a.is_object() && b.is_object()) {
        const auto& x = a.as_object();
        const auto& y = b.as_object();
        if (x.size() != y.size()) {
            return false;
        }
        for (const auto& [k, v] : x) {
            const json::value* other = b.find(k);
            if (other == nullptr || !json_equivalent(v, *other)) {
                return false;
            }
        }
        return true;
    }
    if (a.is_array() && b.is_array()) {
        const auto& x = a.as_array();
        const auto& y = b.as_array();
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!json_equivalent(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }
    return a == b;
}

namespace {

void escape(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out.push_back(c);
        }
    }
}

void write_term(std::string& out, const rdf::term& t) {
    switch (t.type) {
        case rdf::term_type::default_graph:
            break;
        case rdf::term_type::iri:
            out.append("<").append(t.value).append(">");
            break;
        case rdf::term_type::blank:
            out.append("_:").append(t.value);
            break;
        case rdf::term_type::literal:
            out.push_back('"');
            escape(out, t.value);
            out.push_back('"');
            if (!t.language.empty()) {
                out.append("@").append(t.language);
            } else if (t.datatype != rdf::xsd_string) {
                out.append("^^<").append(t.datatype).append(">");
            }
            break;
    }
}

// Splits one N-Quads line into its terms; blank labels start with "_:".
std::vector<std::string> tokens(const std::string& line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < line.size()) {
        char c = line[i];
        if (c == ' ' || c == '\t') {
            ++i;
        } else if (c == '.') {
            break;
        } else if (c == '<') {
            auto e = line.find('>', i);
            out.push_back(line.substr(i, e - i + 1));
            i = e + 1;
        } else if (c == '_') {
            auto e = line.find_first_of(" \t", i);
            out.push_back(line.substr(i, e - i));
            i = e;
        } else if (c == '"') {
            std::size_t j = i + 1;
            while (j < line.size() && line[j] != '"') {
                j += line[j] == '\\' ? 2 : 1;
            }
            ++j;
            if (j < line.size() && line[j] == '@') {
                j = line.find_first_of(" \t", j);
            } else if (j + 1 < line.size() && line[j] == '^') {
                j = line.find('>', j) + 1;
            }
            out.push_back(line.substr(i, j - i));
            i = j;
        } else {
            ++i;
        }
    }
    while (out.size() < 4) {
        out.emplace_back();
    }
    return out;
}

bool is_blank(const std::string& t) { return t.starts_with("_:"); }

}  // namespace

std::vector<std::string> to_lines(const rdf::dataset& ds) {
    std::set<std::string> lines;
    for (const auto& q : ds) {
        std::string l;
        write_term(l, q.subject);
        l.push_back(' ');
        write_term(l, q.predicate);
        l.push_back(' ');
        write_term(l, q.object);
        if (q.graph.type != rdf::term_type::default_graph) {
            l.push_back(' ');
            write_term(l, q.graph);
        }
        l.append(" .");
        lines.insert(std::move(l));
    }
    return {lines.begin(), lines.end()};
}

std::vector<std::string> nquads_lines(const std::string& text) {
    std::set<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        // Normalize to the form to_lines() writes.
        auto t = tokens(line);
        std::string l = t[0] + " " + t[1] + " " + t[2];
        if (!t[3].empty()) {
            l += " " + t[3];
        }
        l += " .";
        lines.insert(std::move(l));
    }
    return {lines.begin(), lines.end()};
}

bool isomorphic(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    using quad = std::vector<std::string>;
    std::vector<quad> qa, qb;
    std::set<std::string> ground_a, ground_b;
    std::set<std::string> blanks_a, blanks_b;
    for (const auto& l : a) {
        auto t = tokens(l);
        bool any = false;
        for (const auto& x : t) {
            if (is_blank(x)) {
                blanks_a.insert(x);
                any = true;
            }
        }
        any ? qa.push_back(t) : (void)ground_a.insert(l);
    }
    for (const auto& l : b) {
        auto t = tokens(l);
        bool any = false;
        for (const auto& x : t) {
            if (is_blank(x)) {
                blanks_b.insert(x);
                any = true;
            }
        }
        any ? qb.push_back(t) : (void)ground_b.insert(l);
    }
    if (ground_a != ground_b || qa.size() != qb.size() || blanks_a.size() != blanks_b.size()) {
        return false;
    }
    // Colour refinement, then backtracking over remaining ties.
    auto refine = [](const std::vector<quad>& qs, std::map<std::string, std::string> colour) {
        for (int round = 0; round < 8; ++round) {
            std::map<std::string, std::multiset<std::string>> sig;
            for (const auto& q : qs) {
                for (int pos = 0; pos < 4; ++pos) {
                    if (!is_blank(q[pos])) {
                        continue;
                    }
                    std::string s = std::to_string(pos);
                    for (int k = 0; k < 4; ++k) {
                        s += "|";
                        s += is_blank(q[k]) ? (k == pos ? "*" : colour[q[k]]) : q[k];
                    }
                    sig[q[pos]].insert(s);
                }
            }
            std::map<std::string, std::string> next;
            for (auto& [node, s] : sig) {
                std::string c = colour[node] + "{";
                for (const auto& x : s) {
                    c += x + ";";
                }
                next[node] = std::to_string(std::hash<std::string>{}(c + "}"));
            }
            colour = std::move(next);
        }
        return colour;
    };
    std::function<bool(std::map<std::string, std::string>, std::map<std::string, std::string>)>
        solve = [&](std::map<std::string, std::string> ca, std::map<std::string, std::string> cb) {
            ca = refine(qa, ca);
            cb = refine(qb, cb);
            std::map<std::string, std::vector<std::string>> class_a, class_b;
            for (auto& [n, c] : ca) {
                class_a[c].push_back(n);
            }
            for (auto& [n, c] : cb) {
                class_b[c].push_back(n);
            }
            if (class_a.size() != class_b.size()) {
                return false;
            }
            for (auto& [c, ns] : class_a) {
                if (class_b[c].size() != ns.size()) {
                    return false;
                }
            }
            for (auto& [c, ns] : class_a) {
                if (ns.size() > 1) {
                    const std::string& pick = ns[0];
                    for (const auto& cand : class_b[c]) {
                        auto ca2 = ca;
                        auto cb2 = cb;
                        ca2[pick] = "fixed" + c;
                        cb2[cand] = "fixed" + c;
                        if (solve(ca2, cb2)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
            std::map<std::string, std::string> mapping;
            for (auto& [n, c] : ca) {
                mapping[n] = class_b[c][0];
            }
            std::set<quad> sb(qb.begin(), qb.end());
            for (auto q : qa) {
                for (auto& x : q) {
                    if (is_blank(x)) {
                        x = mapping[x];
                    }
                }
                if (!sb.count(q)) {
                    return false;
                }
            }
            return true;
        };
    std::map<std::string, std::string> ca, cb;
    for (const auto& n : blanks_a) {
        ca[n] = "";
    }
    for (const auto& n : blanks_b) {
        cb[n] = "";
    }
    return solve(ca, cb);
}

}  // namespace certgate::ld::test
