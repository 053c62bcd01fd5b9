#include "update/error.hpp"

#include <stdexcept>
#include <string>

namespace certgate::update {

std::string_view code_name(errc e) noexcept {
    switch (e) {
        case errc::invalid_request:
            return "invalid_request";
        case errc::not_found:
            return "not_found";
        case errc::conflict:
            return "conflict";
        case errc::update_not_allowed:
            return "update_not_allowed";
        case errc::signing_failed:
            return "signing_failed";
        case errc::storage_failure:
            return "storage_failure";
    }
    return "internal_error";
}

unsigned http_status(errc e) noexcept {
    switch (e) {
        case errc::invalid_request:
            return 400;
        case errc::not_found:
            return 404;
        case errc::conflict:
            return 409;
        case errc::update_not_allowed:
            return 412;
        case errc::signing_failed:
        case errc::storage_failure:
            return 500;
    }
    return 500;
}

namespace {
class update_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.update"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::invalid_request:
                return "the request breaks the API schema";
            case errc::not_found:
                return "no matching certificate";
            case errc::conflict:
                return "the certificate's state does not allow this";
            case errc::update_not_allowed:
                return "update not allowed";
            case errc::signing_failed:
                return "the certificate could not be signed";
            case errc::storage_failure:
                return "the store failed";
        }
        return "unknown update error";
    }
};
}  // namespace

const boost::system::error_category& category() noexcept {
    static const update_category cat;
    return cat;
}

api_error make_error(errc code, std::string message) {
    return api_error{code, std::move(message), std::nullopt, {}};
}

api_error item_error(std::size_t item, std::string field, std::string message) {
    return api_error{errc::invalid_request, std::move(message), item, std::move(field)};
}

json::value to_json(const api_error& e) {
    json::value v{json::object{}};
    v.set("code", code_name(e.code));
    v.set("message", e.message);
    if (e.item) {
        v.set("item", static_cast<std::uint64_t>(*e.item));
    }
    if (!e.field.empty()) {
        v.set("field", e.field);
    }
    return v;
}

void throw_exception_from_error(const api_error& e, const boost::source_location&) {
    throw std::runtime_error(std::string(code_name(e.code)) + ": " + e.message);
}

}  // namespace certgate::update
