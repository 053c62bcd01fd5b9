#include "shared/rdf/nquads.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace certgate;

TEST_CASE("parse_nquads reads IRIs, blank nodes, literals and graphs", "[rdf][nquads]") {
    auto ds = rdf::parse_nquads(
        "# a comment\n"
        "<http://ex/s> <http://ex/p> <http://ex/o> .\n"
        "\n"
        "_:b0 <http://ex/p> \"plain\" <http://ex/g> . # trailing comment\r\n"
        "_:b0 <http://ex/p> \"chat\"@en-GB _:g1 .\n"
        "<http://ex/s>\t<http://ex/p>\t\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>.");
    REQUIRE(ds.has_value());
    REQUIRE(ds->size() == 4);
    const auto& q0 = (*ds)[0];
    CHECK(q0.subject.type == rdf::term_type::iri);
    CHECK(q0.subject.value == "http://ex/s");
    CHECK(q0.graph.type == rdf::term_type::default_graph);
    const auto& q1 = (*ds)[1];
    CHECK(q1.subject.type == rdf::term_type::blank);
    CHECK(q1.subject.value == "b0");
    CHECK(q1.object.type == rdf::term_type::literal);
    CHECK(q1.object.value == "plain");
    CHECK(q1.object.datatype == rdf::xsd_string);
    CHECK(q1.graph.type == rdf::term_type::iri);
    CHECK(q1.graph.value == "http://ex/g");
    const auto& q2 = (*ds)[2];
    CHECK(q2.object.language == "en-GB");
    CHECK(q2.object.datatype == rdf::rdf_lang_string);
    CHECK(q2.graph.type == rdf::term_type::blank);
    CHECK(q2.graph.value == "g1");
    CHECK((*ds)[3].object.datatype == "http://www.w3.org/2001/XMLSchema#integer");
}

TEST_CASE("parse_nquads decodes ECHAR and UCHAR escapes", "[rdf][nquads]") {
    auto ds = rdf::parse_nquads(
        "<urn:ex:\\u0065\\U0000221E> <urn:p> \"\\t\\b\\n\\r\\f\\\"\\'\\\\ \\u00e9\\U0001F303\" "
        ".\n");
    REQUIRE(ds.has_value());
    CHECK((*ds)[0].subject.value == "urn:ex:e\xe2\x88\x9e");
    CHECK((*ds)[0].object.value == "\t\b\n\r\f\"'\\ \xc3\xa9\xf0\x9f\x8c\x83");
}

TEST_CASE("parse_nquads keeps a trailing dot out of a blank node label", "[rdf][nquads]") {
    auto ds = rdf::parse_nquads("_:a.b <urn:p> _:c.\n_:d <urn:p> _:e..\n");
    // "_:e.." leaves two dots: the second is not a statement, so the line is malformed.
    CHECK_FALSE(ds.has_value());
    auto ok = rdf::parse_nquads("_:a.b <urn:p> _:c.\n");
    REQUIRE(ok.has_value());
    CHECK((*ok)[0].subject.value == "a.b");
    CHECK((*ok)[0].object.value == "c");
}

TEST_CASE("parse_nquads rejects malformed input with an error value", "[rdf][nquads]") {
    const char* bad[] = {
        "<urn:s> <urn:p> <urn:o>\n",                              // no dot
        "<urn:s> <urn:p> <urn:o> . <urn:s> <urn:p> <urn:o> .\n",  // two statements on a line
        "<urn:s> <urn:p> \"unterminated .\n",
        "<urn:s> <urn:p> \"a\nb\" .\n",         // raw newline in a literal
        "<urn:s> <urn:p> \"\\x\" .\n",          // unknown escape
        "<urn:s> <urn:p> \"\\u12\" .\n",        // short UCHAR
        "<urn:s> <urn:p> \"\\uD800\" .\n",      // surrogate
        "<urn:s> <urn:p> \"\\U00110000\" .\n",  // beyond Unicode
        "<urn:s p> <urn:p> <urn:o> .\n",        // space in an IRI
        "<urn:\\u0020> <urn:p> <urn:o> .\n",    // escaped space in an IRI
        "<urn:s> <urn:p> <urn:o\n",             // unterminated IRI
        "\"lit\" <urn:p> <urn:o> .\n",          // literal subject
        "<urn:s> _:p <urn:o> .\n",              // blank predicate
        "<urn:s> <urn:p> <urn:o> \"g\" .\n",    // literal graph
        "<urn:s> <urn:p> \"x\"@ .\n",           // empty language tag
        "<urn:s> <urn:p> \"x\"@en- .\n",
        "<urn:s> <urn:p> \"x\"^^urn:dt .\n",
        "_: <urn:p> <urn:o> .\n",
        "_:-a <urn:p> <urn:o> .\n",
        "<urn:s> <urn:p> \"\xff\" .\n",      // invalid UTF-8
        "<urn:s> <urn:p> \"\xc0\x80\" .\n",  // overlong UTF-8
        "<urn:s> <urn:p> \"\xe2\x88\" .\n",  // truncated UTF-8
        "<urn:s> <urn:p> <urn:o> <urn:g> <urn:h> .\n",
        "<urn:s> <urn:p> .\n",
        "<urn:s>",
        "<",
        "_",
        "\"",
    };
    for (const char* text : bad) {
        INFO(text);
        auto r = rdf::parse_nquads(text);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error() == rdf::errc::malformed);
    }
    std::size_t line = 0;
    auto r = rdf::parse_nquads("<urn:s> <urn:p> <urn:o> .\n\n<urn:s> <urn:p> <urn:o>\n", &line);
    CHECK_FALSE(r.has_value());
    CHECK(line == 3);
}

TEST_CASE("parse_nquads accepts empty documents and comment-only lines", "[rdf][nquads]") {
    for (std::string_view text : {"", "\n\n", "# only a comment", "  \t\r\n# c\n"}) {
        auto r = rdf::parse_nquads(text);
        REQUIRE(r.has_value());
        CHECK(r->empty());
    }
}

TEST_CASE("parse_nquads survives every prefix of a valid document", "[rdf][nquads]") {
    std::string doc =
        "_:b0 <urn:ex:p> \"caf\xc3\xa9 \\u00e9 \\\"q\\\"\"@fr-CA _:g .\n"
        "<urn:ex:s> <urn:ex:p> \"1\"^^<urn:ex:dt> <urn:ex:g> .\n";
    for (std::size_t n = 0; n <= doc.size(); ++n) {
        auto r = rdf::parse_nquads(std::string_view(doc).substr(0, n));
        if (r.has_value()) {
            CHECK(r->size() <= 2);
        }
    }
}

TEST_CASE("write_quad writes canonical N-Quads escapes", "[rdf][nquads]") {
    rdf::quad q;
    q.subject = {rdf::term_type::blank, "b0", "", ""};
    q.predicate = {rdf::term_type::iri, "urn:p", "", ""};
    q.object = {rdf::term_type::literal, std::string("\"\\\n\r\t\b\f\x01\x1f\x7f\0x", 12),
                rdf::xsd_string, ""};
    std::string out;
    rdf::write_quad(out, q);
    CHECK(out == "_:b0 <urn:p> \"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001F\\u007F\\u0000x\" .\n");

    q.object = {rdf::term_type::literal, "x", rdf::rdf_lang_string, "en"};
    q.graph = {rdf::term_type::iri, "urn:g", "", ""};
    out.clear();
    rdf::write_quad(out, q);
    CHECK(out == "_:b0 <urn:p> \"x\"@en <urn:g> .\n");

    q.object = {rdf::term_type::literal, "1", "urn:dt", ""};
    q.graph = {rdf::term_type::blank, "g", "", ""};
    CHECK(rdf::to_nquads({q}) == "_:b0 <urn:p> \"1\"^^<urn:dt> _:g .\n");
}

TEST_CASE("N-Quads round-trip: parse then write then parse gives the same quads", "[rdf][nquads]") {
    std::string doc =
        "<urn:ex:s> <urn:ex:p> \"\\u0000\\u0007\\b\\t\\n\\u000B\\f\\r\\u001F \\\"\\\\ \\u007F "
        "\xe2\x88\x9e\" .\n"
        "_:x <urn:ex:p> \"chat\"@en-GB <urn:ex:g> .\n"
        "_:x <urn:ex:p> \"1\"^^<urn:ex:dt> _:g .\n"
        "<urn:ex:\xe2\x88\x9e> <urn:ex:p> _:x .\n";
    auto first = rdf::parse_nquads(doc);
    REQUIRE(first.has_value());
    std::string written = rdf::to_nquads(*first);
    CHECK(written == doc);
    auto second = rdf::parse_nquads(written);
    REQUIRE(second.has_value());
    CHECK(*second == *first);
}

TEST_CASE("legacy escaping writes only quote, backslash, LF and CR escapes", "[rdf][nquads]") {
    rdf::quad q;
    q.subject = {rdf::term_type::iri, "urn:s", "", ""};
    q.predicate = {rdf::term_type::iri, "urn:p", "", ""};
    q.object = {rdf::term_type::literal, "a\tb\"c\\d\ne\rf\x01g\x7f", rdf::xsd_string, ""};
    std::string legacy;
    rdf::write_quad(legacy, q, rdf::literal_escaping::legacy);
    CHECK(legacy == "<urn:s> <urn:p> \"a\tb\\\"c\\\\d\\ne\\rf\x01g\x7f\" .\n");
    std::string standard;
    rdf::write_quad(standard, q);
    CHECK(standard == "<urn:s> <urn:p> \"a\\tb\\\"c\\\\d\\ne\\rf\\u0001g\\u007F\" .\n");
    // Both forms read back to the same quad.
    auto a = rdf::parse_nquads(legacy);
    auto b = rdf::parse_nquads(standard);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(*a == *b);
    CHECK((*a)[0] == q);
}
