// File: tests/integration/support.hpp
// The service started in-process for integration tests: a fresh data directory (or a given one),
// 127.0.0.1:0, two io threads, the repository's contexts. The server stops when the fixture goes
// out of scope. Plus helpers: tokens from the data dir's local key, JSON parsing, QR ZIPs.
#pragma once

#include "app/config.hpp"
#include "app/data_dir.hpp"
#include "app/service_app.hpp"
#include "shared/auth/issue.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/value.hpp"
#include "shared/util/log.hpp"
#include "tests/http/test_client.hpp"
#include "tests/store/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <zip.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace certgate::test {

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE(in);
    return std::string{std::istreambuf_iterator<char>(in), {}};
}

inline std::string divoc_file(const std::string& rel) {
    return read_text(std::filesystem::path(CERTGATE_TEST_DATA) / "divoc" / rel);
}

inline json::value parse_json(const std::string& text) {
    auto v = json::parse(text, {.max_depth = 64, .max_size = 16 << 20});
    if (!v) {
        FAIL("not JSON: " << text);
    }
    return std::move(*v);
}

inline std::string str_at(const json::value& v, std::string_view key) {
    const json::value* f = v.find(key);
    return f != nullptr && f->is_string() ? f->as_string() : std::string();
}

// A config for a test service on `data`: 127.0.0.1:0, two threads, the repository's contexts.
inline app::config test_config(const std::filesystem::path& data) {
    app::config c;
    c.data_dir = data.string();
    c.listen = "127.0.0.1:0";
    c.threads = 2;
    c.contexts_dir = CERTGATE_CONTEXTS_DIR;
    c.read_timeout_s = 5;
    return c;
}

// Authorization (a token for `roles` signed with `key_file`) and JSON content-type headers.
inline header_list bearer_header(
    const std::filesystem::path& key_file, const std::vector<std::string>& roles,
    std::chrono::seconds ttl = std::chrono::hours(1),
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
    auto key = ossl::load_private_key_file(key_file);
    REQUIRE(key.has_value());
    auto token = auth::issue_token(*key, roles, ttl, "integration-test", now);
    REQUIRE(token.has_value());
    return {{"Authorization", "Bearer " + *token}, {"Content-Type", "application/json"}};
}

// The running service. Stops it (and waits) on destruction.
class running_service {
public:
    explicit running_service(app::config cfg) : cfg_(std::move(cfg)) {
        std::string message;
        std::vector<std::string> created;
        REQUIRE(app::prepare_data_dir(cfg_, created, message));
        app_ = app::service_app::create(cfg_, log_, message);
        if (!app_) {
            FAIL("service did not start: " << message);
        }
        auto ep = app_->listen();
        REQUIRE(ep.has_value());
        port_ = ep->port;
        thread_ = std::thread([this] { app_->run(); });
    }
    running_service(const running_service&) = delete;
    running_service& operator=(const running_service&) = delete;
    ~running_service() { stop(); }

    void stop() {
        if (thread_.joinable()) {
            app_->stop();
            thread_.join();
        }
        app_.reset();
    }

    std::uint16_t port() const { return port_; }
    const app::config& cfg() const { return cfg_; }

    // A bearer header with a token for `roles`, signed with the data dir's local key.
    header_list bearer(
        const std::vector<std::string>& roles, std::chrono::seconds ttl = std::chrono::hours(1),
        std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const {
        return bearer_header(cfg_.in_data("keys/auth.pem"), roles, ttl, now);
    }
    header_list staff() const { return bearer({"facility-staff"}); }
    header_list admin() const { return bearer({"facility-admin"}); }

    http_reply post(std::string_view target, std::string body, const header_list& h = {}) const {
        return test::post(port_, target, std::move(body), h);
    }
    http_reply put(std::string_view target, std::string body, const header_list& h = {}) const {
        return test::request("PUT", port_, target, std::move(body), h);
    }
    http_reply get(std::string_view target, const header_list& h = {}) const {
        return test::get(port_, target, h);
    }

private:
    app::config cfg_;
    log::logger log_{log::level::error, [](log::level, std::string_view) {}};
    std::unique_ptr<app::service_app> app_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

// A QR payload as DIVOC's generator makes it: a ZIP with one entry, certificate.json.
inline std::string make_qr_zip(const std::string& certificate_json) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
    REQUIRE(src != nullptr);
    zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    REQUIRE(za != nullptr);
    zip_source_keep(src);
    zip_source_t* entry =
        zip_source_buffer(za, certificate_json.data(), certificate_json.size(), 0);
    REQUIRE(entry != nullptr);
    REQUIRE(zip_file_add(za, "certificate.json", entry, ZIP_FL_ENC_UTF_8) >= 0);
    REQUIRE(zip_close(za) == 0);
    REQUIRE(zip_source_open(src) == 0);
    REQUIRE(zip_source_seek(src, 0, SEEK_END) == 0);
    auto size = zip_source_tell(src);
    REQUIRE(size > 0);
    REQUIRE(zip_source_seek(src, 0, SEEK_SET) == 0);
    std::string out(static_cast<std::size_t>(size), '\0');
    REQUIRE(zip_source_read(src, out.data(), out.size()) == size);
    zip_source_close(src);
    zip_source_free(src);
    return out;
}

// DIVOC's web generator: every byte becomes the code point U+0000..U+00FF, UTF-8 encoded.
inline std::string utf8_transcode(const std::string& bytes) {
    std::string out;
    for (unsigned char b : bytes) {
        if (b < 0x80) {
            out.push_back(static_cast<char>(b));
        } else {
            out.push_back(static_cast<char>(0xC0 | (b >> 6)));
            out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
        }
    }
    return out;
}

}  // namespace certgate::test
