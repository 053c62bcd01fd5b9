#include "bench/load/workload.hpp"

#include "shared/json/parse.hpp"
#include "shared/json/value.hpp"
#include "shared/json/write.hpp"

#include <charconv>
#include <fstream>
#include <iterator>
#include <random>

namespace certgate::bench {

namespace {

std::string host_header(const load_options& o) {
    return (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) + ":" +
           std::to_string(o.port);
}

// Requests built once and replayed in order (the verify workloads).
class fixed_requests final : public workload {
public:
    explicit fixed_requests(std::vector<std::string> reqs) : reqs_(std::move(reqs)) {}
    std::string_view request(std::uint64_t i, std::string&) const override {
        return reqs_[static_cast<std::size_t>(i % reqs_.size())];
    }
    std::size_t distinct() const noexcept override { return reqs_.size(); }

private:
    std::vector<std::string> reqs_;
};

// DIVOC write API requests: `items` CertificationRequests per body.
class write_requests final : public workload {
public:
    write_requests(const load_options& o, json::value item, std::vector<corpus_entry> targets)
        : update_(o.workload == workload_kind::update),
          items_(o.items),
          host_(host_header(o)),
          token_(o.token),
          item_(std::move(item)),
          targets_(std::move(targets)),
          run_tag_(std::to_string(std::random_device{}())) {}

    std::string_view request(std::uint64_t i, std::string& scratch) const override {
        json::array body;
        body.reserve(items_);
        for (unsigned k = 0; k < items_; ++k) {
            json::value it = item_;
            std::uint64_t n = i * items_ + k;
            if (update_) {
                const auto& t = targets_[static_cast<std::size_t>(n % targets_.size())];
                it.set("preEnrollmentCode", t.pre_enrollment_code);
                if (auto* vac = it.find("vaccination"); vac && vac->is_object()) {
                    vac->set("dose", static_cast<int>(t.dose));
                }
            } else {
                it.set("preEnrollmentCode", "bench-" + run_tag_ + "-" + std::to_string(n));
            }
            body.push_back(std::move(it));
        }
        std::string text = json::to_string(json::value(std::move(body)));
        scratch = http_request(update_ ? "PUT" : "POST",
                               update_ ? "/divoc/api/v1/certificate" : "/divoc/api/v1/certify",
                               host_, text, token_);
        return scratch;
    }

private:
    bool update_;
    unsigned items_;
    std::string host_;
    std::string token_;
    json::value item_;
    std::vector<corpus_entry> targets_;
    std::string run_tag_;  // keeps certify's preEnrollmentCodes unique across runs
};

class crl_requests final : public workload {
public:
    crl_requests(const load_options& o) : host_(host_header(o)), max_(o.crl_since_max) {}
    std::string_view request(std::uint64_t i, std::string& scratch) const override {
        scratch =
            http_request("GET", "/crl/v1/delta?since=" + std::to_string(i % (max_ + 1)), host_, {});
        return scratch;
    }

private:
    std::string host_;
    std::uint64_t max_;
};

// A built-in CertificationRequest in the shape of DIVOC's e2e sample.
constexpr std::string_view default_item = R"({
 "preEnrollmentCode": "0", "programId": "bench",
 "facility": {"address": {"addressLine1": "123, Koramangala", "district": "Bengaluru South",
   "pincode": "560034", "state": "Karnataka"}, "name": "ABC Medical Center"},
 "recipient": {"contact": ["tel:9880414889"], "dob": "1994-11-30", "gender": "Male",
   "identity": "did:in.gov.uidai.aadhaar:2342343334", "name": "Bhaya Mitra",
   "nationality": "Indian", "address": {"addressLine1": "444, 2nd Street",
   "district": "Bengaluru", "pincode": "560034", "state": "Karnataka"}},
 "vaccination": {"batch": "MB3428BX", "date": "2020-12-02T19:21:18.646Z", "dose": 1,
   "effectiveStart": "2020-12-02", "effectiveUntil": "2025-12-02", "manufacturer": "COVPharma",
   "name": "CoVax", "totalDoses": 2},
 "vaccinator": {"name": "Sooraj Singh"}, "comorbidities": []})";

std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string{std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

std::optional<corpus_entry> parse_corpus_line(std::string_view line) {
    std::string_view f[5];
    for (int k = 0; k < 4; ++k) {
        auto tab = line.find('\t');
        if (tab == std::string_view::npos) {
            return std::nullopt;
        }
        f[k] = line.substr(0, tab);
        line.remove_prefix(tab + 1);
    }
    f[4] = line;
    corpus_entry e;
    if (f[0] == "revoked") {
        e.revoked = true;
    } else if (f[0] != "valid") {
        return std::nullopt;
    }
    unsigned dose = 0;
    auto [p, ec] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), dose);
    if (ec != std::errc{} || p != f[2].data() + f[2].size() || dose == 0 || f[4].empty()) {
        return std::nullopt;
    }
    e.pre_enrollment_code = std::string(f[1]);
    e.dose = dose;
    e.certificate_id = std::string(f[3]);
    e.payload = std::string(f[4]);
    return e;
}

std::string format_corpus_line(const corpus_entry& e) {
    return std::string(e.revoked ? "revoked" : "valid") + "\t" + e.pre_enrollment_code + "\t" +
           std::to_string(e.dose) + "\t" + e.certificate_id + "\t" + e.payload;
}

std::optional<std::vector<corpus_entry>> load_corpus(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read corpus " + path;
        return std::nullopt;
    }
    std::vector<corpus_entry> out;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty()) {
            continue;
        }
        auto e = parse_corpus_line(line);
        if (!e) {
            error = path + ":" + std::to_string(n) + ": not a corpus line";
            return std::nullopt;
        }
        out.push_back(std::move(*e));
    }
    if (out.empty()) {
        error = "corpus " + path + " is empty";
        return std::nullopt;
    }
    return out;
}

std::string tamper(std::string_view payload) {
    std::string out(payload);
    constexpr std::string_view key = "\"name\":\"";
    auto subject = out.find("\"credentialSubject\"");
    auto at = out.find(key, subject == std::string::npos ? 0 : subject);
    if (at == std::string::npos) {
        out.insert(out.size() > 1 ? out.size() - 1 : 0, ",\"tampered\":true");
        return out;
    }
    char& c = out[at + key.size()];
    c = c == 'X' ? 'Y' : 'X';
    return out;
}

std::string http_request(std::string_view method, std::string_view target, std::string_view host,
                         std::string_view body, std::string_view token) {
    std::string r;
    r.reserve(160 + body.size() + token.size());
    r.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(host);
    r.append("\r\nUser-Agent: certgate-bench\r\n");
    if (!token.empty()) {
        r.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        r.append("Content-Type: application/json\r\nContent-Length: ")
            .append(std::to_string(body.size()))
            .append("\r\n");
    }
    r.append("\r\n").append(body);
    return r;
}

std::unique_ptr<workload> make_workload(const load_options& o, std::string& error) {
    const std::string host = host_header(o);
    if (o.workload == workload_kind::crl_delta) {
        return std::make_unique<crl_requests>(o);
    }
    std::vector<corpus_entry> corpus;
    if (!o.corpus.empty()) {
        auto c = load_corpus(o.corpus, error);
        if (!c) {
            return nullptr;
        }
        corpus = std::move(*c);
    }
    std::vector<const corpus_entry*> valid, revoked;
    for (const auto& e : corpus) {
        (e.revoked ? revoked : valid).push_back(&e);
    }
    auto verify_req = [&](std::string_view payload) {
        return http_request("POST", "/verify", host, payload);
    };
    switch (o.workload) {
        case workload_kind::verify_unique:
        case workload_kind::verify_repeat: {
            if (valid.empty()) {
                error = "the corpus has no valid certificates";
                return nullptr;
            }
            std::size_t n = valid.size();
            if (o.workload == workload_kind::verify_repeat) {
                n = std::min(n, o.hot_set);
            }
            std::vector<std::string> reqs;
            reqs.reserve(n);
            for (std::size_t k = 0; k < n; ++k) {
                reqs.push_back(verify_req(valid[k]->payload));
            }
            return std::make_unique<fixed_requests>(std::move(reqs));
        }
        case workload_kind::verify_mix: {
            const auto& m = o.mix;
            if (valid.empty() && (m.valid > 0 || m.tampered > 0)) {
                error = "the corpus has no valid certificates (needed for valid/tampered shares)";
                return nullptr;
            }
            if (revoked.empty() && m.revoked > 0) {
                error = "the corpus has no revoked certificates (seed with --revoked > 0)";
                return nullptr;
            }
            // A fixed, seeded sequence of kinds: every run with the same flags sends the same mix.
            std::size_t n = std::max<std::size_t>(1000, corpus.size());
            std::vector<std::string> reqs;
            reqs.reserve(n);
            std::mt19937_64 rng(42);
            std::discrete_distribution<int> pick({m.valid, m.revoked, m.tampered, m.garbage});
            std::size_t vi = 0, ri = 0, ti = 0;
            for (std::size_t k = 0; k < n; ++k) {
                switch (pick(rng)) {
                    case 0:
                        reqs.push_back(verify_req(valid[vi++ % valid.size()]->payload));
                        break;
                    case 1:
                        reqs.push_back(verify_req(revoked[ri++ % revoked.size()]->payload));
                        break;
                    case 2:
                        reqs.push_back(verify_req(tamper(valid[ti++ % valid.size()]->payload)));
                        break;
                    default: {
                        std::string junk(64 + rng() % 512, '\0');
                        for (auto& ch : junk) {
                            ch = static_cast<char>(rng() & 0xff);
                        }
                        reqs.push_back(verify_req(junk));
                    }
                }
            }
            return std::make_unique<fixed_requests>(std::move(reqs));
        }
        case workload_kind::update:
        case workload_kind::certify: {
            std::string text(default_item);
            if (!o.request_template.empty()) {
                auto t = slurp(o.request_template);
                if (!t) {
                    error = "cannot read template " + o.request_template;
                    return nullptr;
                }
                text = std::move(*t);
            }
            auto v = json::parse(text);
            if (!v) {
                error = "the template is not JSON";
                return nullptr;
            }
            json::value item = std::move(*v);
            if (item.is_array()) {
                if (item.as_array().empty()) {
                    error = "the template array is empty";
                    return nullptr;
                }
                json::value first = item.as_array().front();
                item = std::move(first);
            }
            if (!item.is_object()) {
                error = "the template is not a CertificationRequest";
                return nullptr;
            }
            std::vector<corpus_entry> targets;
            for (const auto* e : valid) {
                targets.push_back(*e);
            }
            if (o.workload == workload_kind::update && targets.size() < o.items) {
                error = "update needs at least --items valid certificates in the corpus";
                return nullptr;
            }
            return std::make_unique<write_requests>(o, std::move(item), std::move(targets));
        }
        case workload_kind::crl_delta:
            break;
    }
    error = "unknown workload";
    return nullptr;
}

}  // namespace certgate::bench
