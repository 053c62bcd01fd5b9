// Unit tests of certgate::ld: IRI resolution, error codes, bad input, the expansion trace.
#include "shared/json/parse.hpp"
#include "shared/ld/context_registry.hpp"
#include "shared/ld/error.hpp"
#include "shared/ld/iri.hpp"
#include "shared/ld/to_rdf.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <map>
#include <string>

using namespace certgate;

namespace {

json::value parse(std::string_view text) {
    auto v = json::parse(text, {.max_depth = 512});
    REQUIRE(v.has_value());
    return std::move(*v);
}

ld::context_registry registry() {
    auto reg = ld::context_registry::load_directory(CERTGATE_CONTEXTS_DIR);
    REQUIRE(reg.has_value());
    return std::move(*reg);
}

}  // namespace

TEST_CASE("ld resolves relative IRIs as RFC 3986 section 5.4 does", "[ld][iri]") {
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<const char*, const char*> cases[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {"./../g", "http://a/b/g"},
        {"g;x=1/../y", "http://a/b/c/y"},
    };
    for (const auto& [ref, want] : cases) {
        CAPTURE(ref);
        CHECK(ld::resolve_iri(base, ref) == want);
    }
}

TEST_CASE("ld error codes carry the JSON-LD code strings", "[ld]") {
    CHECK(ld::error_code_string(ld::errc::protected_term_redefinition) ==
          "protected term redefinition");
    CHECK(ld::error_code_string(ld::errc::invalid_language_tagged_string) ==
          "invalid language-tagged string");
    error_code ec = ld::errc::loading_remote_context_failed;
    CHECK(ec.message() == "loading remote context failed");
}

TEST_CASE("ld reports an unknown context URL with the URL", "[ld][bad-input]") {
    auto reg = registry();
    std::string detail;
    ld::to_rdf_options opts;
    opts.loader = &reg;
    opts.error_detail = &detail;
    auto doc = parse(R"({"@context": ["https://example.org/evil/v1"], "name": "x"})");
    auto r = ld::to_rdf(doc, opts);
    REQUIRE(!r);
    CHECK(r.error() == ld::errc::loading_remote_context_failed);
    CHECK(detail.find("https://example.org/evil/v1") != std::string::npos);
    // Without a loader at all, the same error.
    ld::to_rdf_options none;
    CHECK(ld::to_rdf(doc, none).error() == ld::errc::loading_remote_context_failed);
}

TEST_CASE("ld rejects invalid context shapes with their error codes", "[ld][bad-input]") {
    ld::to_rdf_options opts;
    auto code = [&](std::string_view text) {
        auto r = ld::to_rdf(parse(text), opts);
        REQUIRE(!r);
        return std::string(ld::error_code_string(static_cast<ld::errc>(r.error().value())));
    };
    CHECK(code(R"({"@context": 5})") == "invalid local context");
    CHECK(code(R"({"@context": {"@vocab": 5}})") == "invalid vocab mapping");
    CHECK(code(R"({"@context": {"x": 5}})") == "invalid term definition");
    CHECK(code(R"({"@context": {"@id": "http://x/"}})") == "keyword redefinition");
    CHECK(code(R"({"@context": {"a": "b:c", "b": "a:d"}, "a": 1})") != "");
    CHECK(code(R"({"@context": {"@language": 5}})") == "invalid default language");
    CHECK(code(R"({"@context": {"@version": 2.0}})") == "invalid @version value");
    CHECK(code(R"({"@context": {"@protected": true, "x": "http://x/"}, "@id": "http://s",
                   "http://p": {"@context": {"x": "http://y/"}, "x": 1}})") ==
          "protected term redefinition");
    CHECK(code(R"({"@id": 5})") == "invalid @id value");
}

TEST_CASE("ld bounds nesting depth", "[ld][bad-input]") {
    std::string deep = R"({"@context": {"@vocab": "http://x/"}, "a": )";
    for (int i = 0; i < 200; ++i) {
        deep += R"({"a": )";
    }
    deep += "1";
    for (int i = 0; i < 201; ++i) {
        deep += "}";
    }
    ld::to_rdf_options opts;
    opts.max_depth = 64;
    auto r = ld::to_rdf(parse(deep), opts);
    REQUIRE(!r);
    CHECK(r.error() == ld::errc::too_deep);
    opts.max_depth = 1000;
    CHECK(ld::to_rdf(parse(deep), opts).has_value());
}

TEST_CASE("ld expansion trace records every key's path and IRI", "[ld][trace]") {
    auto reg = registry();
    ld::to_rdf_options opts;
    opts.loader = &reg;
    auto doc = parse(R"({
        "@context": ["https://www.w3.org/2018/credentials/v1",
                     "https://cowin.gov.in/credentials/vaccination/v2"],
        "type": ["VerifiableCredential", "ProofOfVaccinationCredential"],
        "credentialSubject": {"type": "Person", "name": "A", "foo": "unsigned",
                              "address": {"city": "X"}},
        "evidence": [{"type": ["Vaccination"], "dose": 1, "bar": 2}]
    })");
    ld::expansion_trace trace;
    auto r = ld::to_rdf(doc, opts, &trace);
    REQUIRE(r.has_value());
    auto iri_of = [&](std::string_view path) -> std::string {
        for (const auto& e : trace.entries) {
            if (e.path == path) {
                return e.iri;
            }
        }
        return "<missing>";
    };
    CHECK(iri_of("@context") == "@context");
    CHECK(iri_of("type") == "@type");
    CHECK(iri_of("credentialSubject") == "https://www.w3.org/2018/credentials#credentialSubject");
    CHECK(iri_of("credentialSubject.name") == "https://schema.org/name");
    CHECK(iri_of("credentialSubject.foo") == "");
    CHECK(iri_of("credentialSubject.address.city") ==
          "vac:city");  // "vac" does not end in a gen-delim, so it is no prefix
    CHECK(iri_of("evidence[0].dose") == "https://schema.org/doseValue");
    CHECK(iri_of("evidence[0].bar") == "");
}

TEST_CASE("ld expands and converts wide objects and long arrays in linear time",
          "[ld][bad-input]") {
    // 20000 distinct properties on one node, and one property with 20000 values (half of them
    // duplicates): quadratic lookups would take seconds here.
    std::string text = R"({"@id": "http://s/", )";
    for (int i = 0; i < 20000; ++i) {
        text += "\"http://p/" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    }
    text += R"("http://q/": [)";
    for (int i = 0; i < 20000; ++i) {
        text += (i > 0 ? ", " : "") + std::to_string(i % 10000);
    }
    text += "]}";
    auto doc = json::parse(text, {.max_size = 1 << 24});
    REQUIRE(doc.has_value());
    ld::to_rdf_options opts;
    auto start = std::clock();
    auto ds = ld::to_rdf(*doc, opts);
    double seconds = double(std::clock() - start) / CLOCKS_PER_SEC;
    REQUIRE(ds.has_value());
    CHECK(ds->size() == 30000);
    CHECK(seconds < 20.0);  // generous for sanitizer builds; quadratic would take minutes
}

TEST_CASE("ld bounds the work a hostile inline context can cause", "[ld][bad-input]") {
    // 3000 terms, each with a scoped context: validating each copies the whole active context,
    // which is quadratic; the work budget stops it with "context overflow".
    std::string text = R"({"@context": {)";
    for (int i = 0; i < 3000; ++i) {
        text += (i > 0 ? ", " : "") + std::string("\"t") + std::to_string(i) +
                R"(": {"@id": "http://t/", "@context": {"x": "http://x/"}})";
    }
    text += R"(}, "@id": "http://s/", "t1": 1})";
    auto doc = json::parse(text, {.max_size = 1 << 24});
    REQUIRE(doc.has_value());
    ld::to_rdf_options opts;
    auto start = std::clock();
    auto r = ld::to_rdf(*doc, opts);
    double seconds = double(std::clock() - start) / CLOCKS_PER_SEC;
    REQUIRE(!r);
    CHECK(r.error() == ld::errc::context_overflow);
    CHECK(seconds < 20.0);  // generous for sanitizer builds; quadratic would take minutes
    // A large context without scoped contexts is fine (and indexed, so linear).
    std::string flat = R"({"@context": {)";
    for (int i = 0; i < 20000; ++i) {
        flat += (i > 0 ? ", " : "") + std::string("\"t") + std::to_string(i) + "\": \"http://t/" +
                std::to_string(i) + "\"";
    }
    flat += R"(}, "@id": "http://s/", "t1": 1})";
    auto flat_doc = json::parse(flat, {.max_size = 1 << 24});
    REQUIRE(flat_doc.has_value());
    start = std::clock();
    auto ok = ld::to_rdf(*flat_doc, opts);
    seconds = double(std::clock() - start) / CLOCKS_PER_SEC;
    REQUIRE(ok.has_value());
    CHECK(ok->size() == 1);
    CHECK(seconds < 20.0);  // generous for sanitizer builds; quadratic would take minutes
}

TEST_CASE("ld converts numbers and booleans as JSON-LD and jsonld.js do", "[ld][divoc]") {
    auto doc = parse(R"({"@context": {"@vocab": "http://x/"}, "@id": "http://s/",
        "a": 1.0, "b": 1e2, "c": 1.1, "d": 1e21, "e": true, "f": -0.0, "g": 123456789012,
        "h": {"@value": 5, "@type": "http://www.w3.org/2001/XMLSchema#double"},
        "i": 0.000001, "j": -2.5e-7})");
    ld::to_rdf_options opts;
    auto ds = ld::to_rdf(doc, opts);
    REQUIRE(ds.has_value());
    std::map<std::string, std::pair<std::string, std::string>> got;
    for (const auto& q : *ds) {
        got[q.predicate.value.substr(9)] = {q.object.value, q.object.datatype.substr(33)};
    }
    using p = std::pair<std::string, std::string>;
    CHECK(got["a"] == p{"1", "integer"});
    CHECK(got["b"] == p{"100", "integer"});
    CHECK(got["c"] == p{"1.1E0", "double"});
    CHECK(got["d"] == p{"1.0E21", "double"});
    CHECK(got["e"] == p{"true", "boolean"});
    CHECK(got["f"] == p{"0", "integer"});
    CHECK(got["g"] == p{"123456789012", "integer"});
    CHECK(got["h"] == p{"5.0E0", "double"});
    CHECK(got["i"] == p{"1.0E-6", "double"});
    CHECK(got["j"] == p{"-2.5E-7", "double"});
}

TEST_CASE("ld ignore_root_member expands as if the top-level member were erased", "[ld][trace]") {
    auto reg = registry();
    auto doc = parse(R"({
        "@context": ["https://www.w3.org/2018/credentials/v1",
                     "https://cowin.gov.in/credentials/vaccination/v2"],
        "type": ["VerifiableCredential", "ProofOfVaccinationCredential"],
        "credentialSubject": {"type": "Person", "name": "A", "proof": "nested, kept"},
        "proof": {"type": "RsaSignature2018", "jws": "x..y"},
        "proof": {"type": "RsaSignature2018", "created": "2021-01-01T00:00:00Z"}
    })");
    json::value erased = doc;
    REQUIRE(erased.erase("proof"));
    ld::to_rdf_options opts;
    opts.loader = &reg;
    ld::expansion_trace want_trace;
    auto want = ld::to_rdf(erased, opts, &want_trace);
    REQUIRE(want.has_value());
    opts.ignore_root_member = "proof";
    ld::expansion_trace got_trace;
    auto got = ld::to_rdf(doc, opts, &got_trace);
    REQUIRE(got.has_value());
    CHECK(*got == *want);
    REQUIRE(got_trace.entries.size() == want_trace.entries.size());
    for (std::size_t i = 0; i < got_trace.entries.size(); ++i) {
        CHECK(got_trace.entries[i].path == want_trace.entries[i].path);
        CHECK(got_trace.entries[i].iri == want_trace.entries[i].iri);
    }
    // "type" aliases @type: ignoring it must also drop its type-scoped contexts.
    json::value untyped = doc;
    REQUIRE(untyped.erase("type"));
    ld::to_rdf_options plain;
    plain.loader = &reg;
    auto want_untyped = ld::to_rdf(untyped, plain);
    ld::to_rdf_options skip_type = plain;
    skip_type.ignore_root_member = "type";
    auto got_untyped = ld::to_rdf(doc, skip_type);
    REQUIRE(want_untyped.has_value());
    REQUIRE(got_untyped.has_value());
    CHECK(*got_untyped == *want_untyped);
}

TEST_CASE("ld tree path equals the full algorithm on shared, duplicate and dropped nodes", "[ld]") {
    const char* docs[] = {
        // Duplicate types and values, two references to one IRI in one property and in two.
        R"({"@context": {"@vocab": "http://x/", "r": {"@type": "@id"}, "s": {"@type": "@id"}},
            "@type": ["T", "T", "U"], "a": ["1", "1", 1, true, "1"],
            "r": ["http://n/1", "http://n/1", "http://n/2"], "s": "http://n/1"})",
        // A node object shares its @id with a reference: one node, the full path.
        R"({"@context": {"@vocab": "http://x/", "r": {"@type": "@id"}},
            "r": "http://n/1", "b": {"@id": "http://n/1", "c": "v"}})",
        // Nested blank nodes, relative @id (its quads are dropped, its children kept).
        R"({"@context": {"@vocab": "http://x/"},
            "a": {"b": {"c": "1"}, "d": [{"e": "2"}, {"e": "2"}]},
            "f": {"@id": "relative", "g": {"h": "3"}}, "i": {"@id": "http://n/3"}})",
        // Lists, blank @ids, @graph, @reverse and @included take the full path.
        R"({"@context": {"@vocab": "http://x/"}, "l": {"@list": [1, 2]}, "@id": "_:x"})",
        R"({"@context": {"@vocab": "http://x/"}, "@graph": [{"a": 1}, {"b": {"c": 2}}]})",
        R"({"@context": {"@vocab": "http://x/", "rev": {"@reverse": "http://x/p"}},
            "@id": "http://n/1", "rev": {"@id": "http://n/2"}})",
        // Typed, language-tagged and JSON literals; an ill-formed IRI type.
        R"({"@context": {"@vocab": "http://x/", "j": {"@type": "@json"}},
            "@type": "http://a b/", "t": {"@value": "x", "@type": "http://t/"},
            "l": {"@value": "x", "@language": "en"}, "j": {"z": [1, {"y": null}]}})",
    };
    for (const char* text : docs) {
        CAPTURE(text);
        auto doc = parse(text);
        ld::to_rdf_options tree;
        ld::to_rdf_options full;
        full.tree_path = false;
        auto a = ld::to_rdf(doc, tree);
        auto b = ld::to_rdf(doc, full);
        REQUIRE(a.has_value());
        REQUIRE(b.has_value());
        CHECK(*a == *b);
    }
}
