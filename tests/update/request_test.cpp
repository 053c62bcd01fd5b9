#include "update/request.hpp"

#include "tests/update/test_support.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace certgate;
using update::api_version;
using update::errc;

namespace {

// The e2e sample's single item with `path` set to `v` (or removed), wrapped in an array.
json::value with(std::string_view path, std::optional<json::value> v) {
    json::value body = test::e2e_request();
    test::mutate(body.as_array()[0], path, std::move(v));
    return body;
}

void expect_error(const json::value& body, api_version version, std::size_t item,
                  std::string_view field) {
    auto r = update::parse_requests(body, version);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::invalid_request);
    CHECK(r.error().status() == 400);
    REQUIRE(r.error().item.has_value());
    CHECK(*r.error().item == item);
    CHECK(r.error().field == field);
    CHECK_FALSE(r.error().message.empty());
}

void expect_bad(std::string_view path, std::optional<json::value> v, std::string_view field,
                api_version version = api_version::v1) {
    INFO("mutating " << path << " expecting an error at " << field);
    expect_error(with(path, std::move(v)), version, 0, field);
}

void expect_ok(std::string_view path, std::optional<json::value> v, api_version version) {
    INFO("mutating " << path);
    auto r = update::parse_requests(with(path, std::move(v)), version);
    if (!r) {
        FAIL(r.error().field << ": " << r.error().message);
    }
}

}  // namespace

TEST_CASE("update accepts DIVOC's e2e sample in both schemas", "[update][request]") {
    for (auto version : {api_version::v1, api_version::v3}) {
        auto r = update::parse_requests(test::e2e_request(), version);
        REQUIRE(r.has_value());
        REQUIRE(r->size() == 1);
        const auto& q = (*r)[0];
        CHECK(q.pre_enrollment_code == "1112");
        CHECK(q.program_id == "1234");
        CHECK(q.enrollment_type.empty());
        CHECK(q.recipient.name == "Bhaya Mitra");
        CHECK(q.recipient.dob == "1994-11-30");
        CHECK(q.recipient.identity == "did:in.gov.uidai.aadhaar:2342343334");
        CHECK(q.recipient.contact == std::vector<std::string>{"tel:9880414889"});
        CHECK(q.recipient.address.line1 == "444, 2nd Street");
        CHECK(q.recipient.address.state == "Karnataka");
        CHECK(q.recipient.address.pincode == "560034");
        CHECK(q.vaccination.name == "CoVax");
        CHECK(q.vaccination.date == "2020-12-02T19:21:18.646Z");
        CHECK(q.vaccination.dose == 1);
        CHECK(q.vaccination.total_doses == 2);
        CHECK(q.vaccinator_name == "Sooraj Singh");
        CHECK(q.facility.name == "ABC Medical Center");
        CHECK(q.facility.address.district == "Bengaluru South");
    }
}

TEST_CASE("update rejects bodies that are not a non-empty array within the limit",
          "[update][request]") {
    auto not_array = update::parse_requests(json::value{json::object{}}, api_version::v1);
    REQUIRE_FALSE(not_array.has_value());
    CHECK(not_array.error().code == errc::invalid_request);
    CHECK_FALSE(not_array.error().item);

    auto empty = update::parse_requests(json::value{json::array{}}, api_version::v1);
    REQUIRE_FALSE(empty.has_value());
    CHECK_FALSE(empty.error().item);

    json::value three{json::array{}};
    for (int i = 0; i < 3; ++i) {
        three.as_array().push_back(test::e2e_request().as_array()[0]);
    }
    CHECK(update::parse_requests(three, api_version::v1, {.max_items = 3}).has_value());
    auto over = update::parse_requests(three, api_version::v1, {.max_items = 2});
    REQUIRE_FALSE(over.has_value());
    CHECK(over.error().message.find("limit") != std::string::npos);

    auto text = update::parse_requests(std::string_view("[{"), api_version::v1);
    REQUIRE_FALSE(text.has_value());
    CHECK(text.error().code == errc::invalid_request);
    CHECK(text.error().status() == 400);

    json::value mixed{json::array{test::e2e_request().as_array()[0], json::value(42)}};
    expect_error(mixed, api_version::v1, 1, "");
}

TEST_CASE("update names the item and field of the first schema violation", "[update][request]") {
    // Top level.
    expect_bad("preEnrollmentCode", std::nullopt, "preEnrollmentCode");
    expect_bad("preEnrollmentCode", 1112, "preEnrollmentCode");
    expect_bad("preEnrollmentCode", "", "preEnrollmentCode");
    expect_bad("preEnrollmentCode",
               std::string("11\0"
                           "2",
                           4),
               "preEnrollmentCode");
    expect_bad("enrollmentType", "", "enrollmentType");
    expect_bad("programId", 1234, "programId");
    expect_bad("programId", "", "programId");
    expect_bad("comorbidities", "diabetes", "comorbidities");
    expect_bad("comorbidities", json::array{"a", 3}, "comorbidities[1]");
    expect_bad("meta", "x", "meta");
    // recipient
    expect_bad("recipient", std::nullopt, "recipient");
    expect_bad("recipient", json::array{}, "recipient");
    expect_bad("recipient.name", "", "recipient.name");
    expect_bad("recipient.name", std::nullopt, "recipient.name");
    expect_bad("recipient.dob", "1994-13-30", "recipient.dob");
    expect_bad("recipient.dob", "1994-02-30", "recipient.dob");
    expect_bad("recipient.dob", "1994-11-30T00:00:00Z", "recipient.dob");
    expect_bad("recipient.age", "", "recipient.age");
    expect_bad("recipient.age", 30, "recipient.age");
    expect_bad("recipient.gender", std::nullopt, "recipient.gender");
    expect_bad("recipient.gender", "", "recipient.gender");
    expect_bad("recipient.nationality", std::nullopt, "recipient.nationality");
    expect_bad("recipient.identity", "", "recipient.identity");
    expect_bad("recipient.identity", std::nullopt, "recipient.identity");
    expect_bad("recipient.contact", std::nullopt, "recipient.contact");
    expect_bad("recipient.contact", "tel:1", "recipient.contact");
    expect_bad("recipient.contact[0]", "", "recipient.contact[0]");
    expect_bad("recipient.address", std::nullopt, "recipient.address");
    expect_bad("recipient.address.addressLine1", std::nullopt, "recipient.address.addressLine1");
    expect_bad("recipient.address.addressLine2", 2, "recipient.address.addressLine2");
    expect_bad("recipient.address.district", "", "recipient.address.district");
    expect_bad("recipient.address.state", std::nullopt, "recipient.address.state");
    expect_bad("recipient.address.country", "I", "recipient.address.country");
    expect_bad("recipient.address.pincode", std::nullopt, "recipient.address.pincode");
    // vaccination
    expect_bad("vaccination", std::nullopt, "vaccination");
    expect_bad("vaccination.name", std::nullopt, "vaccination.name");
    expect_bad("vaccination.batch", 7, "vaccination.batch");
    expect_bad("vaccination.manufacturer", std::nullopt, "vaccination.manufacturer");
    expect_bad("vaccination.date", std::nullopt, "vaccination.date");
    expect_bad("vaccination.date", "2020-12-02", "vaccination.date");
    expect_bad("vaccination.date", "2020-02-30T19:21:18Z", "vaccination.date");
    expect_bad("vaccination.date", "2020-12-02T19:21:18", "vaccination.date");
    expect_bad("vaccination.date", "yesterday", "vaccination.date");
    expect_bad("vaccination.effectiveStart", "2020/12/02", "vaccination.effectiveStart");
    expect_bad("vaccination.effectiveStart", std::nullopt, "vaccination.effectiveStart");
    expect_bad("vaccination.effectiveUntil", std::nullopt, "vaccination.effectiveUntil");
    expect_bad("vaccination.effectiveUntil", "2025-12-32", "vaccination.effectiveUntil");
    expect_bad("vaccination.dose", std::nullopt, "vaccination.dose");
    expect_bad("vaccination.dose", 0, "vaccination.dose");
    expect_bad("vaccination.dose", -1, "vaccination.dose");
    expect_bad("vaccination.dose", 1.5, "vaccination.dose");
    expect_bad("vaccination.dose", "1", "vaccination.dose");
    expect_bad("vaccination.dose", 1e12, "vaccination.dose");
    expect_bad("vaccination.totalDoses", 0, "vaccination.totalDoses");
    expect_bad("vaccination.totalDoses", std::nullopt, "vaccination.totalDoses");
    // vaccinator
    expect_bad("vaccinator", std::nullopt, "vaccinator");
    expect_bad("vaccinator.name", "", "vaccinator.name");
    // facility
    expect_bad("facility", std::nullopt, "facility");
    expect_bad("facility.name", "", "facility.name");
    expect_bad("facility.address", std::nullopt, "facility.address");
    expect_bad("facility.address.addressLine1", std::nullopt, "facility.address.addressLine1");
    expect_bad("facility.address.district", std::nullopt, "facility.address.district");
    expect_bad("facility.address.state", "", "facility.address.state");
    expect_bad("facility.address.pincode", "", "facility.address.pincode");
    expect_bad("facility.address.country", "", "facility.address.country");
}

TEST_CASE("update reports the index of a bad item after good ones", "[update][request]") {
    json::value body{json::array{}};
    for (int i = 0; i < 3; ++i) {
        body.as_array().push_back(test::e2e_request().as_array()[0]);
    }
    test::mutate(body.as_array()[2], "vaccination.date", json::value("2020-12-02"));
    expect_error(body, api_version::v1, 2, "vaccination.date");
}

TEST_CASE("update follows each schema's own required lists", "[update][request]") {
    // CertificationRequestV2 relaxes these; CertificationRequest requires them.
    for (const char* path :
         {"recipient.gender", "recipient.address", "vaccinator", "facility.address"}) {
        expect_ok(path, std::nullopt, api_version::v3);
        expect_bad(path, std::nullopt, path, api_version::v1);
    }
    expect_bad("recipient.contact", std::nullopt, "recipient.contact", api_version::v3);
    // enrollmentType and programId are not required (DIVOC's own sample omits enrollmentType).
    expect_ok("programId", std::nullopt, api_version::v1);
    // dob is x-nullable; the recipient pincode has no minLength; unknown members are allowed.
    expect_ok("recipient.dob", nullptr, api_version::v1);
    expect_ok("recipient.address.pincode", "", api_version::v1);
    expect_ok("extension", "anything", api_version::v1);
    // A dose written as 2.0 is the integer 2.
    auto r = update::parse_requests(with("vaccination.dose", 2.0), api_version::v1);
    REQUIRE(r.has_value());
    CHECK((*r)[0].vaccination.dose == 2);
}

TEST_CASE("update normalizes vaccination dates to UTC with milliseconds", "[update][request]") {
    auto r = update::parse_requests(with("vaccination.date", "2021-10-17T11:00:28+05:30"),
                                    api_version::v3);
    REQUIRE(r.has_value());
    CHECK((*r)[0].vaccination.date == "2021-10-17T05:30:28.000Z");
}

TEST_CASE("update makes credentialSubject.id an absolute IRI", "[update][request]") {
    CHECK(update::subject_iri("did:in.gov.uidai.aadhaar:2342343334", "did:certgate") ==
          "did:in.gov.uidai.aadhaar:2342343334");
    CHECK(update::subject_iri("https://example.org/p/1", "did:certgate") ==
          "https://example.org/p/1");
    CHECK(update::subject_iri("872550100V", "did:certgate") == "did:certgate:872550100V");
    CHECK(update::subject_iri("1234:5678", "did:x") == "did:x:1234:5678");
    CHECK(update::subject_iri("A B<c>", "did:x") == "did:x:A%20B%3Cc%3E");
    CHECK(update::subject_iri("50%", "did:x") == "did:x:50%25");
    CHECK(update::subject_iri("a%2Fb", "did:x") == "did:x:a%2Fb");
}

TEST_CASE("update parses DELETE's dose selection", "[update][request]") {
    auto ok = update::parse_dose_selection("2,1,3", std::nullopt);
    REQUIRE(ok.has_value());
    CHECK_FALSE(ok->all);
    CHECK(ok->doses == std::vector<std::uint32_t>{1, 2, 3});
    auto all = update::parse_dose_selection(std::nullopt, "true");
    REQUIRE(all.has_value());
    CHECK(all->all);

    auto bad = [](std::optional<std::string_view> d, std::optional<std::string_view> a,
                  std::string_view field) {
        auto r = update::parse_dose_selection(d, a);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::invalid_request);
        CHECK(r.error().field == field);
    };
    bad(std::nullopt, std::nullopt, "doses");  // neither
    bad("1", "true", "doses");                 // both
    bad("", std::nullopt, "doses");
    bad("1,,2", std::nullopt, "doses");
    bad("0", std::nullopt, "doses");
    bad("x", std::nullopt, "doses");
    bad("1,1", std::nullopt, "doses");
    bad("1,3", std::nullopt, "doses");  // not contiguous
    bad("99999999999", std::nullopt, "doses");
    bad(std::nullopt, "false", "allDoses");
    bad(std::nullopt, "yes", "allDoses");
}

TEST_CASE("update refuses control characters, which verifiers canonicalize differently",
          "[update][request][regression]") {
    expect_bad("recipient.name", "Bhaya\tMitra", "recipient.name");
    expect_bad("facility.name", "ABC\x01", "facility.name");
    expect_bad("vaccination.batch", "MB\x7f", "vaccination.batch");
    expect_ok("recipient.name", "Bhaya Mitra \xe2\x80\x94 \xe0\xa4\xb0", api_version::v1);
}
