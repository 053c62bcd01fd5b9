#include "update/credential_builder.hpp"

#include "crl/revocation.hpp"
#include "tests/update/test_support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace certgate;
using update::api_version;

namespace {

// Renders DIVOC's template the way its signer does (mustache; {{x}} and {{{x}}} both substitute
// the raw value here, since the test values hold no HTML-special characters).
std::string render(std::string tpl, const std::map<std::string, std::string>& values) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t open = tpl.find("{{", pos);
        if (open == std::string::npos) {
            out += tpl.substr(pos);
            break;
        }
        out += tpl.substr(pos, open - pos);
        bool triple = tpl.compare(open, 3, "{{{") == 0;
        std::size_t start = open + (triple ? 3 : 2);
        std::size_t close = tpl.find(triple ? "}}}" : "}}", start);
        REQUIRE(close != std::string::npos);
        std::string name = tpl.substr(start, close - start);
        auto it = values.find(name);
        if (it != values.end()) {  // mustache renders an unknown name as nothing
            out += it->second;
        }
        pos = close + (triple ? 3 : 2);
    }
    return out;
}

const json::value* at_path(const json::value& root, const json::value& path) {
    const json::value* cur = &root;
    for (const auto& p : path.as_array()) {
        cur = cur->find(p.as_string());
        if (!cur) {
            return nullptr;
        }
    }
    return cur;
}

// The template variables DIVOC's signer fills, taken from the request JSON: the optional ones
// through certificateOptionalFieldsKeyPaths.json, the others as its signer maps them.
std::map<std::string, std::string> template_values(const json::value& req, api_version version,
                                                   const std::string& id,
                                                   const std::string& issued) {
    std::map<std::string, std::string> v;
    auto key_paths =
        test::load_json(test::divoc_data + "spec/certificateOptionalFieldsKeyPaths.json");
    for (const auto& [name, path] : key_paths.as_object()) {
        const json::value* f = at_path(req, path);
        v[name] = f && f->is_string() ? f->as_string() : "";
    }
    v["recipientIdentifier"] = update::subject_iri(v["recipientIdentifier"], "did:certgate");
    v["namespace"] = version == api_version::v1 ? "https://divoc.dev/credentials/vaccination/v1"
                                                : "https://divoc.dev/credentials/vaccination/v2";
    v["preEnrollmentCode"] = req.find("preEnrollmentCode")->as_string();
    v["recipientName"] = req.find("recipient")->find("name")->as_string();
    v["recipientDob"] = req.find("recipient")->find("dob")->as_string();
    // Not in the optional-fields list: DIVOC's signer maps it on its own.
    v["facilityAddressCountry"] =
        req.find("facility")->find("address")->find("country")->as_string();
    v["issuer"] = "https://certgate.example/";
    v["issuanceDate"] = issued;
    v["evidenceId"] = "https://certgate.example/vaccine/" + id;
    v["InfoUrl"] = "https://certgate.example/?" + id;
    v["feedbackUrl"] = "https://certgate.example/?" + id;
    v["certificateId"] = id;
    const json::value& vac = *req.find("vaccination");
    v["batch"] = vac.find("batch")->as_string();
    v["vaccine"] = vac.find("name")->as_string();
    v["vaccinationDate"] = vac.find("date")->as_string();
    v["dose"] = json::to_string(*vac.find("dose"));
    v["totalDoses"] = json::to_string(*vac.find("totalDoses"));
    v["icd11Code"] = "XM9QW8";
    v["prophylaxis"] = "COVID-19 vaccine, non-replicating viral vector";
    return v;
}

json::value full_request() {
    json::value req = test::e2e_request().as_array()[0];
    test::mutate(req, "vaccination.name", "Covishield");
    test::mutate(req, "recipient.age", "26");
    test::mutate(req, "recipient.address.addressLine2", "Near the park");
    test::mutate(req, "recipient.address.city", "Bengaluru");
    test::mutate(req, "recipient.address.country", "IN");
    test::mutate(req, "facility.address.country", "IN");
    test::mutate(req, "facility.address.city", "Bengaluru");
    return req;
}

}  // namespace

TEST_CASE("update builds credentials exactly as DIVOC's templates render them",
          "[update][credential]") {
    const std::int64_t issued_ms = *crl::parse_time_ms("2021-08-27T10:57:57.237Z");
    const std::string id = "123456789012";
    json::value req = full_request();
    for (auto version : {api_version::v1, api_version::v3}) {
        INFO((version == api_version::v1 ? "v1 / W3C_TEMPLATE" : "v3 / DDCC_TEMPLATE"));
        auto parsed = update::parse_requests(json::value{json::array{req}}, version);
        REQUIRE(parsed.has_value());
        auto built = update::build_credential((*parsed)[0], version, id, issued_ms, {});

        std::string tpl = test::slurp(test::divoc_data + (version == api_version::v1
                                                              ? "spec/W3C_TEMPLATE.template"
                                                              : "spec/DDCC_TEMPLATE.template"));
        auto expected =
            json::parse(render(tpl, template_values(req, version, id, "2021-08-27T10:57:57.237Z")));
        REQUIRE(expected.has_value());
        auto differences = test::diff(*expected, built);
        for (const auto& d : differences) {
            UNSCOPED_INFO(d);
        }
        CHECK(differences.empty());
        // dose and totalDoses are numbers, not strings.
        CHECK(built.find("evidence")->as_array()[0].find("dose")->is_number());
    }
}

TEST_CASE("update fills absent optional fields with empty strings and computes age from dob",
          "[update][credential]") {
    json::value req = test::e2e_request().as_array()[0];
    auto parsed = update::parse_requests(json::value{json::array{req}}, api_version::v3);
    REQUIRE(parsed.has_value());
    auto c = update::build_credential((*parsed)[0], api_version::v3, "1",
                                      *crl::parse_time_ms("2021-11-29T23:59:59.000Z"), {});
    const auto& subject = *c.find("credentialSubject");
    CHECK(subject.find("age")->as_string() == "26");  // the day before the 27th birthday
    CHECK(subject.find("address")->find("streetAddress2")->as_string().empty());
    CHECK(subject.find("address")->find("addressCountry")->as_string().empty());
    const auto& ev = c.find("evidence")->as_array()[0];
    CHECK(ev.find("icd11Code")->as_string().empty());  // CoVax is not in the vaccine table
    CHECK(ev.find("prophylaxis")->as_string().empty());

    auto on_birthday = update::build_credential((*parsed)[0], api_version::v3, "1",
                                                *crl::parse_time_ms("2021-11-30T00:00:00.000Z"),
                                                {.default_country = "IN"});
    CHECK(on_birthday.find("credentialSubject")->find("age")->as_string() == "27");
    CHECK(on_birthday.find("credentialSubject")
              ->find("address")
              ->find("addressCountry")
              ->as_string() == "IN");
}

TEST_CASE("update reproduces DIVOC's real DDCC certificate apart from the absolute subject id",
          "[update][credential]") {
    auto cert =
        test::load_json(test::divoc_data +
                        "certificates/"
                        "rsa_cowin_v2_ddcc_certid-525128495_dose1_ORIGINAL-later-updated.json");
    cert.erase("proof");
    auto req = json::parse(R"({
      "preEnrollmentCode": "987456111",
      "recipient": {"name": "John Doe", "dob": "1987-04-21", "age": "35", "gender": "Male",
        "nationality": "Dutch", "identity": "872550100V", "contact": ["tel:0612345678"],
        "address": {"addressLine1": "Zevenenderdrift 98", "district": "Laren",
                    "state": "Noord-Holland", "country": "NLD", "pincode": "1251 RD"}},
      "vaccination": {"name": "Covishield", "batch": "41202025", "manufacturer": "astrazeneca",
        "date": "2021-10-17T05:30:28.187Z", "effectiveStart": "2021-10-25",
        "effectiveUntil": "2022-10-24", "dose": 1, "totalDoses": 2},
      "vaccinator": {"name": "Bartjan Verduijn"},
      "facility": {"name": "MOH Gothatuwa",
        "address": {"addressLine1": "Oude Varsselseweg 7", "district": "Laren",
                    "state": "Noord-Holland", "country": "NLD", "pincode": "1251 RD"}}
    })");
    REQUIRE(req.has_value());
    auto parsed = update::parse_requests(json::value{json::array{*req}}, api_version::v3);
    REQUIRE(parsed.has_value());
    update::credential_options opts;
    opts.issuer = "https://cowin.gov.in/";
    opts.base_url = "https://cowin.gov.in/";
    opts.context_v2 = "https://cowin.gov.in/credentials/vaccination/v2";
    opts.did = "did:india";
    auto built = update::build_credential((*parsed)[0], api_version::v3, "525128495",
                                          *crl::parse_time_ms("2022-01-05T17:43:33.711Z"), opts);
    // DIVOC left the relative "872550100V", which leaves the personal data unsigned.
    CHECK(built.find("credentialSubject")->find("id")->as_string() == "did:india:872550100V");
    built.find("credentialSubject")->set("id", "872550100V");
    auto differences = test::diff(cert, built);
    for (const auto& d : differences) {
        UNSCOPED_INFO(d);
    }
    CHECK(differences.empty());
    CHECK(update::evidence_id(opts, "525128495") == "https://cowin.gov.in/vaccine/525128495");
}
