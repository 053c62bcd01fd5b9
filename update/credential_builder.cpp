#include "update/credential_builder.hpp"

#include "crl/revocation.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <utility>

namespace certgate::update {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

const vaccine_mapping* find_vaccine(const std::vector<vaccine_mapping>& table,
                                    std::string_view name) {
    std::string n = lower(name);
    for (const auto& row : table) {
        if (lower(row.match) == n) {
            return &row;
        }
    }
    for (const auto& row : table) {
        if (!row.match.empty() && n.find(lower(row.match)) != std::string::npos) {
            return &row;
        }
    }
    return nullptr;
}

std::string_view base_of(const credential_options& opts) {
    std::string_view b = opts.base_url;
    while (!b.empty() && b.back() == '/') {
        b.remove_suffix(1);
    }
    return b;
}

// Whole years from `dob` (YYYY-MM-DD, already validated) to the UTC day of `at_ms`.
std::string age_on(std::string_view dob, std::int64_t at_ms) {
    using namespace std::chrono;
    auto num = [&](std::size_t pos, std::size_t n) {
        int v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            v = v * 10 + (dob[i] - '0');
        }
        return v;
    };
    int by = num(0, 4), bm = num(5, 2), bd = num(8, 2);
    year_month_day now{floor<days>(sys_time<milliseconds>{milliseconds{at_ms}})};
    int years = static_cast<int>(now.year()) - by;
    unsigned nm = static_cast<unsigned>(now.month()), nd = static_cast<unsigned>(now.day());
    if (nm < static_cast<unsigned>(bm) ||
        (nm == static_cast<unsigned>(bm) && nd < static_cast<unsigned>(bd))) {
        --years;
    }
    return years < 0 ? std::string() : std::to_string(years);
}

json::value address_json(const postal_address& a, const credential_options& opts) {
    return json::object{
        {"streetAddress", a.line1},
        {"streetAddress2", a.line2},
        {"district", a.district},
        {"city", a.city},
        {"addressRegion", a.state},
        {"addressCountry", a.country.empty() ? opts.default_country : a.country},
        {"postalCode", a.pincode},
    };
}

}  // namespace

std::vector<vaccine_mapping> default_vaccine_table() {
    return {
        {"covishield", "XM9QW8", "COVID-19 vaccine, non-replicating viral vector"},
        {"covaxin", "XM1NL1", "COVID-19 vaccine, inactivated virus"},
        {"sputnik", "XM9QW8", "COVID-19 vaccine, non-replicating viral vector"},
        {"zycov", "XM6AT1", "COVID-19 vaccine, DNA based"},
        {"corbevax", "XM5JC5", "COVID-19 vaccine, virus protein subunit"},
        {"covovax", "XM5JC5", "COVID-19 vaccine, virus protein subunit"},
        {"comirnaty", "XM0GQ8", "COVID-19 vaccine, RNA based"},
        {"spikevax", "XM0GQ8", "COVID-19 vaccine, RNA based"},
    };
}

std::string evidence_id(const credential_options& opts, std::string_view certificate_id) {
    std::string s(base_of(opts));
    s += "/vaccine/";
    s += certificate_id;
    return s;
}

json::value build_credential(const certification_request& r, api_version version,
                             std::string_view certificate_id, std::int64_t issued_at_ms,
                             const credential_options& opts) {
    const bool ddcc = version == api_version::v3;
    std::string info_url(base_of(opts));
    info_url += "/?";
    info_url += certificate_id;
    std::string age = r.recipient.age;
    if (age.empty() && !r.recipient.dob.empty()) {
        age = age_on(r.recipient.dob, issued_at_ms);
    }

    json::object subject{
        {"type", "Person"},
        {"id", subject_iri(r.recipient.identity, opts.did)},
        {"refId", r.pre_enrollment_code},
        {"name", r.recipient.name},
        {"gender", r.recipient.gender},
        {"age", age},
        {"nationality", r.recipient.nationality},
        {"address", address_json(r.recipient.address, opts)},
    };
    if (ddcc) {
        subject.emplace_back("dob", r.recipient.dob);
    }

    json::object evidence{
        {"id", evidence_id(opts, certificate_id)},
        {"infoUrl", info_url},
        {"feedbackUrl", info_url},
        {"certificateId", certificate_id},
        {"type", json::array{"Vaccination"}},
        {"batch", r.vaccination.batch},
        {"vaccine", r.vaccination.name},
        {"manufacturer", r.vaccination.manufacturer},
    };
    if (ddcc) {
        const vaccine_mapping* m = find_vaccine(opts.vaccines, r.vaccination.name);
        evidence.emplace_back("icd11Code", m ? m->icd11_code : std::string());
        evidence.emplace_back("prophylaxis", m ? m->prophylaxis : std::string());
    }
    evidence.emplace_back("date", r.vaccination.date);
    evidence.emplace_back("effectiveStart", r.vaccination.effective_start);
    evidence.emplace_back("effectiveUntil", r.vaccination.effective_until);
    evidence.emplace_back("dose", static_cast<std::int64_t>(r.vaccination.dose));
    evidence.emplace_back("totalDoses", static_cast<std::int64_t>(r.vaccination.total_doses));
    evidence.emplace_back("verifier", json::object{{"name", r.vaccinator_name}});
    evidence.emplace_back("facility",
                          json::object{{"name", r.facility.name},
                                       {"address", address_json(r.facility.address, opts)}});

    return json::object{
        {"@context", json::array{"https://www.w3.org/2018/credentials/v1",
                                 ddcc ? opts.context_v2 : opts.context_v1}},
        {"type", json::array{"VerifiableCredential", "ProofOfVaccinationCredential"}},
        {"credentialSubject", std::move(subject)},
        {"issuer", opts.issuer},
        {"issuanceDate", crl::format_time_ms(issued_at_ms)},
        {"evidence", json::array{std::move(evidence)}},
        {"nonTransferable", "true"},
    };
}

}  // namespace certgate::update
