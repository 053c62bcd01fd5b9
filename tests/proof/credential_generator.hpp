// A seeded generator of varied DIVOC-shaped credentials for differential tests. It covers v1 and
// v2 contexts under both hosts, unicode and escaped strings, empty strings, integer numbers and
// numeric strings, missing optional fields, relative and DID subjects, and two structurally
// identical addresses (subject and facility), which give canonicalization look-alike blank nodes.
// It avoids non-integral numbers such as 1.0 and 1e2, where pyld departs from the JSON-LD spec.
#pragma once

#include "shared/json/value.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace certgate::test {

class credential_generator {
public:
    explicit credential_generator(std::uint64_t seed) : rng_(seed) {}

    json::value next() {
        bool v2 = coin();
        std::string host = coin() ? "https://cowin.gov.in" : "https://divoc.dev";
        std::string id = std::to_string(100000000 + pick(899999999));
        json::value c{json::object{}};
        c.set("@context", json::array{"https://www.w3.org/2018/credentials/v1",
                                      host + "/credentials/vaccination/" + (v2 ? "v2" : "v1")});
        c.set("type", json::array{"VerifiableCredential", "ProofOfVaccinationCredential"});
        json::value subject{json::object{}};
        subject.set("type", "Person");
        subject.set("id", coin(0.8) ? "did:in.gov.uidai.aadhaar:" + digits(10) : digits(10) + "V");
        subject.set("refId", digits(8));
        subject.set("name", text());
        maybe(subject, "gender", pick_of({"Male", "Female", "Other", ""}));
        maybe(subject, "age", std::to_string(pick(99)));
        maybe(subject, "nationality", text());
        json::value address = make_address();
        subject.set("address", address);
        if (v2 && coin(0.7)) {
            subject.set("dob", "19" + std::to_string(40 + pick(59)) + "-0" +
                                   std::to_string(1 + pick(8)) + "-1" + std::to_string(pick(9)));
        }
        c.set("credentialSubject", std::move(subject));
        c.set("issuer", host + "/");
        c.set("issuanceDate", "2021-0" + std::to_string(1 + pick(8)) + "-1" +
                                  std::to_string(pick(9)) + "T1" + std::to_string(pick(9)) + ":2" +
                                  std::to_string(pick(9)) + ":33." +
                                  std::to_string(100 + pick(899)) + "Z");
        json::value ev{json::object{}};
        ev.set("id", host + "/vaccine/" + id);
        maybe(ev, "infoUrl", host + "/?" + id);
        maybe(ev, "feedbackUrl", host + "/?" + id);
        ev.set("certificateId", id);
        ev.set("type", json::array{"Vaccination"});
        maybe(ev, "batch", coin() ? digits(8) : text());
        maybe(ev, "vaccine", pick_of({"Covishield", "COVAXIN", "Sputnik V", ""}));
        maybe(ev, "manufacturer", pick_of({"astrazeneca", "Bharat Biotech", "Gamaleya"}));
        if (v2) {
            maybe(ev, "icd11Code", "XM9QW8");
            maybe(ev, "prophylaxis", "COVID-19 vaccine, non-replicating viral vector");
        }
        ev.set("date", "2021-10-17T05:30:28.187Z");
        maybe(ev, "effectiveStart", "2021-10-25");
        maybe(ev, "effectiveUntil", "2022-10-24");
        int dose = 1 + pick(3);
        // Integer numbers and numeric strings both occur in DIVOC's certificates.
        ev.set("dose", coin(0.7) ? json::value(dose) : json::value(std::to_string(dose)));
        ev.set("totalDoses", coin(0.7) ? json::value(3) : json::value(std::string("3")));
        json::value verifier{json::object{}};
        verifier.set("name", text());
        ev.set("verifier", std::move(verifier));
        json::value facility{json::object{}};
        facility.set("name", text());
        // Half of the time the facility's address equals the subject's: identical blank nodes.
        facility.set("address", coin() ? address : make_address());
        ev.set("facility", std::move(facility));
        c.set("evidence", json::array{std::move(ev)});
        c.set("nonTransferable", "true");
        return c;
    }

private:
    bool coin(double p = 0.5) { return std::uniform_real_distribution<>(0, 1)(rng_) < p; }
    int pick(int n) { return std::uniform_int_distribution<>(0, n)(rng_); }
    std::string pick_of(std::vector<std::string> v) {
        return v[static_cast<std::size_t>(pick(static_cast<int>(v.size()) - 1))];
    }
    std::string digits(int n) {
        std::string s;
        for (int i = 0; i < n; ++i) {
            s.push_back(static_cast<char>('0' + pick(9)));
        }
        return s;
    }
    // Names from several scripts, with escapes JSON must carry (quote, backslash, control
    // characters), and the empty string.
    std::string text() {
        static const std::vector<std::string> parts = {"John",
                                                       "Doe",
                                                       "Bhaya Mitra",
                                                       "Jos\xc3\xa9",
                                                       "\xc3\x91u\xc3\xb1\x65z",
                                                       "\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae",
                                                       "\xe6\xb5\x8b\xe8\xaf\x95",
                                                       "\xf0\x9f\x98\x80",
                                                       "O'Brien",
                                                       "say \"hi\"",
                                                       "back\\slash",
                                                       "tab\there",
                                                       "line\nbreak",
                                                       "",
                                                       "  spaced  ",
                                                       "MOH Gothatuwa",
                                                       "\xd8\xb9\xd9\x84\xd9\x8a"};
        std::string s = pick_of(parts);
        if (coin(0.4)) {
            s += " " + pick_of(parts);
        }
        return s;
    }
    json::value make_address() {
        json::value a{json::object{}};
        maybe(a, "streetAddress", text());
        maybe(a, "streetAddress2", "");
        maybe(a, "district", text());
        maybe(a, "city", pick_of({"Laren", "Bengaluru", ""}));
        maybe(a, "addressRegion", text());
        a.set("addressCountry", pick_of({"IN", "NLD", "LK"}));
        maybe(a, "postalCode", coin() ? digits(6) : "");
        return a;
    }
    void maybe(json::value& obj, const char* key, json::value v) {
        if (coin(0.85)) {
            obj.set(key, std::move(v));
        }
    }

    std::mt19937_64 rng_;
};

}  // namespace certgate::test
