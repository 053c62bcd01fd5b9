// docs/configuration.md stays in step with app/config: the same keys and environment variables,
// and every documented default is what the code starts with.
#include "app/config.hpp"
#include "tests/integration/support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace certgate;

TEST_CASE("docs/configuration.md lists exactly the config keys and variables of the code",
          "[integration][docs]") {
    std::istringstream doc(
        test::read_text(std::filesystem::path(CERTGATE_TEST_DATA) / "../../docs/configuration.md"));
    // | `key` | `CERTGATE_X` or empty | ...
    const std::regex row(R"(^\| `([A-Za-z0-9]+)` \| (`(CERTGATE_[A-Z0-9_]+)`)? *\|)");
    std::set<std::pair<std::string, std::string>> documented;
    for (std::string line; std::getline(doc, line);) {
        std::smatch m;
        if (std::regex_search(line, m, row)) {
            documented.emplace(m[1].str(), m[3].str());
        }
    }
    auto keys = app::config_keys();
    std::set<std::pair<std::string, std::string>> code(keys.begin(), keys.end());
    CHECK(documented == code);
}

TEST_CASE("every documented default is the code's default", "[integration][docs]") {
    app::config c;
    CHECK(c.listen == "127.0.0.1:8080");
    CHECK(c.threads == 0);
    CHECK(c.data_dir == "./certgate-data");
    CHECK(c.contexts_dir.empty());
    CHECK(c.signing_key == "keys/signing.pem");
    CHECK(c.key_type == "rsa");
    CHECK(c.verification_method == "did:certgate:issuer");
    CHECK(c.trust.empty());
    CHECK(c.messages.empty());
    CHECK(c.auth_keys == std::vector<std::string>{"keys/auth.pub.pem"});
    CHECK(c.auth_jwks.empty());
    CHECK(c.staff_role == "facility-staff");
    CHECK(c.admin_role == "facility-admin");
    CHECK(c.auth_leeway_s == 60);
    CHECK(c.body_limit == 1048576);
    CHECK(c.payload_limit == 65536);
    CHECK(c.json_depth == 32);
    CHECK(c.canon_work == 50000);
    CHECK(c.read_timeout_s == 30);
    CHECK(c.verify_cache == 65536);
    CHECK(c.update_limit == 100);
    CHECK(c.certificate_id_digits == 12);
    CHECK(c.max_items == 100);
    CHECK(c.issuer == "https://certgate.example/");
    CHECK(c.base_url == "https://certgate.example");
    CHECK(c.did == "did:certgate");
    CHECK(c.context_v1 == "https://divoc.dev/credentials/vaccination/v1");
    CHECK(c.context_v2 == "https://divoc.dev/credentials/vaccination/v2");
    CHECK(c.follow.empty());
    CHECK(c.crl_poll_s == 5);
}
