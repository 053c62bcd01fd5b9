#include "shared/ld/context_registry.hpp"

#include "shared/json/parse.hpp"
#include "shared/ld/error.hpp"

#include <fstream>
#include <sstream>

namespace certgate::ld {

namespace {

result<json::value> read_json(const std::filesystem::path& file, std::string* error_detail) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (error_detail != nullptr) {
            *error_detail = "cannot read " + file.string();
        }
        return errc::loading_document_failed;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    auto v = json::parse(buf.str());
    if (!v) {
        if (error_detail != nullptr) {
            *error_detail = "not JSON: " + file.string();
        }
        return errc::loading_document_failed;
    }
    return v;
}

}  // namespace

result<context_registry> context_registry::load_directory(const std::filesystem::path& dir,
                                                          std::string* error_detail) {
    auto index = read_json(dir / "index.json", error_detail);
    if (!index) {
        return index.error();
    }
    if (!index->is_object()) {
        if (error_detail != nullptr) {
            *error_detail = "index.json is not an object";
        }
        return errc::loading_document_failed;
    }
    context_registry reg;
    for (const auto& [url, file] : index->as_object()) {
        if (!file.is_string()) {
            if (error_detail != nullptr) {
                *error_detail = "index.json: file name for " + url + " is not a string";
            }
            return errc::loading_document_failed;
        }
        auto doc = read_json(dir / file.as_string(), error_detail);
        if (!doc) {
            return doc.error();
        }
        reg.add(url, std::move(*doc));
    }
    return reg;
}

void context_registry::add(std::string url, json::value document) {
    docs_.insert_or_assign(std::move(url),
                           std::make_shared<const json::value>(std::move(document)));
}

bool context_registry::contains(std::string_view url) const noexcept {
    return docs_.find(std::string(url)) != docs_.end();
}

result<remote_document> context_registry::load(std::string_view url) const {
    auto it = docs_.find(std::string(url));
    if (it == docs_.end()) {
        return errc::loading_remote_context_failed;
    }
    return remote_document{it->first, it->second};
}

}  // namespace certgate::ld
