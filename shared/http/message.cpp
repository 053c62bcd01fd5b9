#include "shared/http/message.hpp"

#include "shared/http/error.hpp"
#include "shared/json/write.hpp"

#include <algorithm>
#include <cctype>

namespace certgate::http {

namespace {

class http_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.http"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::bad_percent_encoding:
                return "malformed percent-encoding";
            case errc::bad_address:
                return "listen address is not valid";
        }
        return "unknown http error";
    }
};

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const http_category instance;
    return instance;
}

std::optional<std::string_view> find_field(const fields& f, std::string_view name) noexcept {
    for (const auto& [n, v] : f) {
        if (iequals(n, name)) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

std::string_view request::path() const noexcept {
    std::string_view t(target);
    return t.substr(0, t.find('?'));
}

std::string_view request::query() const noexcept {
    std::string_view t(target);
    auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

response& response::set(std::string_view name, std::string_view value) {
    for (auto& [n, v] : headers) {
        if (iequals(n, name)) {
            v.assign(value);
            return *this;
        }
    }
    headers.emplace_back(std::string(name), std::string(value));
    return *this;
}

response json_response(unsigned status, std::string body) {
    response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

response error_response(unsigned status, std::string_view code, std::string_view message) {
    std::string body = "{\"code\":";
    json::write_string(body, code);
    body += ",\"message\":";
    json::write_string(body, message);
    body += '}';
    return json_response(status, std::move(body));
}

}  // namespace certgate::http
