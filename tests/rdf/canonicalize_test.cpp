#include "shared/rdf/canonicalize.hpp"

#include "shared/json/parse.hpp"
#include "shared/rdf/nquads.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace certgate;

namespace {

const std::filesystem::path canon_dir = std::filesystem::path(CERTGATE_TEST_DATA) / "w3c-rdf-canon";
const std::filesystem::path divoc_nq_dir =
    std::filesystem::path(CERTGATE_TEST_DATA) / "divoc" / "derived" / "nquads";

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

rdf::dataset load(const std::filesystem::path& p) {
    auto ds = rdf::parse_nquads(read_file(p));
    REQUIRE(ds.has_value());
    return *ds;
}

struct manifest_entry {
    std::string id;
    std::string type;
    std::string action;
    std::string result;
    rdf::hash_algorithm hash = rdf::hash_algorithm::sha256;
};

std::vector<manifest_entry> load_manifest() {
    auto m = json::parse(read_file(canon_dir / "manifest.jsonld"));
    REQUIRE(m.has_value());
    const json::value* entries = m->find("entries");
    REQUIRE(entries != nullptr);
    REQUIRE(entries->is_array());
    std::vector<manifest_entry> out;
    for (const json::value& e : entries->as_array()) {
        manifest_entry me;
        auto str = [&](const char* key) {
            const json::value* v = e.find(key);
            return v != nullptr && v->is_string() ? v->as_string() : std::string();
        };
        me.id = str("id");
        me.type = str("type");
        me.action = str("action");
        me.result = str("result");
        std::string hash = str("hashAlgorithm");
        if (hash == "SHA384") {
            me.hash = rdf::hash_algorithm::sha384;
        } else {
            REQUIRE((hash.empty() || hash == "SHA256"));
        }
        out.push_back(std::move(me));
    }
    return out;
}

}  // namespace

TEST_CASE("rdfc10 passes every W3C eval, map and negative test", "[rdf][canon][w3c]") {
    // One pass over the manifest (no sections, so the counts below see every entry).
    auto entries = load_manifest();
    int evals = 0;
    int maps = 0;
    int negatives = 0;
    int passed = 0;
    for (const manifest_entry& e : entries) {
        INFO(e.id << " " << e.type << " " << e.action);
        auto input = rdf::parse_nquads(read_file(canon_dir / e.action));
        REQUIRE(input.has_value());
        auto r = rdf::canonicalize(*input, {.hash = e.hash});
        bool ok = false;
        if (e.type == "rdfc:RDFC10EvalTest") {
            ++evals;
            CHECK(r.has_value());
            ok = r.has_value() && r->nquads == read_file(canon_dir / e.result);
        } else if (e.type == "rdfc:RDFC10MapTest") {
            ++maps;
            CHECK(r.has_value());
            auto want = json::parse(read_file(canon_dir / e.result));
            REQUIRE(want.has_value());
            REQUIRE(want->is_object());
            ok = r.has_value() && r->issued.size() == want->as_object().size();
            for (std::size_t i = 0; ok && i < r->issued.size(); ++i) {
                const auto& [label, canonical] = r->issued[i];
                const json::value* w = want->find(label);
                ok = w != nullptr && w->is_string() && w->as_string() == canonical;
            }
        } else if (e.type == "rdfc:RDFC10NegativeEvalTest") {
            ++negatives;
            ok = !r.has_value() && r.error() == rdf::errc::too_complex;
        } else {
            FAIL("unknown test type " << e.type);
        }
        CHECK(ok);
        passed += ok ? 1 : 0;
    }
    CHECK(entries.size() == 86);
    CHECK(evals == 64);
    CHECK(maps == 21);
    CHECK(negatives == 1);
    CHECK(passed == 86);
}

TEST_CASE("rdfc10 work limit: a graph passes at exactly its work and fails one below",
          "[rdf][canon]") {
    // test044 is a poison graph that the spec requires to be computable.
    rdf::dataset input = load(canon_dir / "rdfc10" / "test044-in.nq");
    auto full = rdf::canonicalize(input);
    REQUIRE(full.has_value());
    std::size_t work = full->work;
    REQUIRE(work > 1);
    CHECK(work * 10 < rdf::canon_options{}.max_work);

    auto at = rdf::canonicalize(input, {.max_work = work});
    REQUIRE(at.has_value());
    CHECK(at->nquads == full->nquads);
    CHECK(at->work == work);

    auto below = rdf::canonicalize(input, {.max_work = work - 1});
    REQUIRE_FALSE(below.has_value());
    CHECK(below.error() == rdf::errc::too_complex);

    // The 10-clique fails under the default limit.
    auto clique = rdf::canonicalize(load(canon_dir / "rdfc10" / "test074-in.nq"));
    REQUIRE_FALSE(clique.has_value());
    CHECK(clique.error() == rdf::errc::too_complex);
}

TEST_CASE("rdfc10 depth limit rejects a long cycle of look-alike blank nodes", "[rdf][canon]") {
    rdf::dataset ring;
    for (int i = 0; i < 40; ++i) {
        rdf::quad q;
        q.subject = {rdf::term_type::blank, "n" + std::to_string(i), "", ""};
        q.predicate = {rdf::term_type::iri, "urn:next", "", ""};
        q.object = {rdf::term_type::blank, "n" + std::to_string((i + 1) % 40), "", ""};
        ring.push_back(q);
    }
    auto ok = rdf::canonicalize(ring);
    REQUIRE(ok.has_value());
    auto shallow = rdf::canonicalize(ring, {.max_depth = 8});
    REQUIRE_FALSE(shallow.has_value());
    CHECK(shallow.error() == rdf::errc::too_complex);
}

TEST_CASE("rdfc10 rejects quads that are not RDF", "[rdf][canon]") {
    rdf::quad q;
    q.subject = {rdf::term_type::iri, "urn:s", "", ""};
    q.predicate = {rdf::term_type::blank, "p", "", ""};
    q.object = {rdf::term_type::iri, "urn:o", "", ""};
    auto r = rdf::canonicalize({q});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == rdf::errc::malformed);
}

TEST_CASE("rdfc10 reproduces DIVOC's canonical N-Quads byte for byte", "[rdf][canon][divoc]") {
    int files = 0;
    rdf::canonicalizer reused;
    rdf::canonical_result out;
    for (const auto& entry : std::filesystem::directory_iterator(divoc_nq_dir)) {
        if (entry.path().extension() != ".nq") {
            continue;
        }
        ++files;
        INFO(entry.path().filename().string());
        std::string text = read_file(entry.path());
        rdf::dataset ds = load(entry.path());
        auto r = rdf::canonicalize(ds);
        REQUIRE(r.has_value());
        CHECK(r->nquads == text);
        CHECK(r->work == 0);
        // A reused canonicalizer gives the same answer.
        REQUIRE_FALSE(reused.canonicalize(ds, out));
        CHECK(out.nquads == text);
        // Shuffled input and other labels give the same document.
        std::reverse(ds.begin(), ds.end());
        for (rdf::quad& q : ds) {
            for (rdf::term* t : {&q.subject, &q.object, &q.graph}) {
                if (t->type == rdf::term_type::blank) {
                    t->value = "x" + t->value;
                }
            }
        }
        REQUIRE_FALSE(reused.canonicalize(ds, out));
        CHECK(out.nquads == text);
    }
    CHECK(files == 16);
}

TEST_CASE("rdfc10 timing of one DIVOC document and its proof options", "[rdf][canon][timing]") {
    rdf::dataset doc = load(divoc_nq_dir / "rsa_cowin_v2_ddcc_certid-712988986_dose2.document.nq");
    rdf::dataset proof =
        load(divoc_nq_dir / "rsa_cowin_v2_ddcc_certid-712988986_dose2.proof-options.nq");
    rdf::canonicalizer c;
    rdf::canonical_result out;
    constexpr int rounds = 20000;
    for (const rdf::dataset* ds : {&doc, &proof}) {
        REQUIRE_FALSE(c.canonicalize(*ds, out));
        auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < rounds; ++i) {
            (void)c.canonicalize(*ds, out);
        }
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
        WARN("canonicalize " << ds->size() << " quads: " << ns / rounds << " ns per call");
    }
}

TEST_CASE("rdfc10 legacy escaping changes only literals with control characters", "[rdf][canon]") {
    auto ds = rdf::parse_nquads(
        "_:x <urn:p> \"tab\\there\" .\n"
        "_:x <urn:q> _:y .\n"
        "_:y <urn:p> \"line\\nbreak\" .\n");
    REQUIRE(ds.has_value());
    auto standard = rdf::canonicalize(*ds);
    auto legacy = rdf::canonicalize(*ds, {.escaping = rdf::literal_escaping::legacy});
    REQUIRE(standard.has_value());
    REQUIRE(legacy.has_value());
    CHECK(standard->nquads.find("\"tab\\there\"") != std::string::npos);
    CHECK(legacy->nquads.find("\"tab\there\"") != std::string::npos);
    CHECK(legacy->nquads.find("\"line\\nbreak\"") != std::string::npos);
}

TEST_CASE("rdfc10 removes duplicate quads and reports the issued identifiers", "[rdf][canon]") {
    auto ds = rdf::parse_nquads(
        "_:b <urn:p> _:a .\n"
        "_:a <urn:p> \"x\" .\n"
        "_:b <urn:p> _:a .\n"
        "<urn:s> <urn:p> \"x\" .\n"
        "<urn:s> <urn:p> \"x\" .\n");
    REQUIRE(ds.has_value());
    auto r = rdf::canonicalize(*ds);
    REQUIRE(r.has_value());
    CHECK(std::count(r->nquads.begin(), r->nquads.end(), '\n') == 3);
    REQUIRE(r->issued.size() == 2);
    CHECK(r->issued[0].second == "c14n0");
    CHECK(r->issued[1].second == "c14n1");
    auto again = rdf::canonicalize(*rdf::parse_nquads(r->nquads));
    REQUIRE(again.has_value());
    CHECK(again->nquads == r->nquads);
}
