// Helpers shared by the update tests: test data, JSON paths, temp dirs.
#pragma once

#include "shared/json/parse.hpp"
#include "shared/json/value.hpp"
#include "shared/json/write.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::test {

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), {}};
}

inline const std::string divoc_data = CERTGATE_TEST_DATA "/divoc/";

inline json::value load_json(const std::string& path) {
    auto v = json::parse(slurp(path));
    REQUIRE(v.has_value());
    return std::move(*v);
}

// DIVOC's own e2e sample: an array of one CertificationRequest.
inline json::value e2e_request() { return load_json(divoc_data + "spec/e2e-certify-request.json"); }

// Splits "a.b[2].c" into {"a","b","[2]","c"}.
inline std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : path) {
        if (c == '.') {
            parts.push_back(cur);
            cur.clear();
        } else if (c == '[') {
            if (!cur.empty()) {
                parts.push_back(cur);
            }
            cur.clear();
            cur.push_back('[');  // not `cur = "["`: GCC 12 warns falsely (-Wrestrict)
        } else if (c == ']') {
            cur += ']';
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) {
        parts.push_back(cur);
    }
    return parts;
}

// Sets (or, with nullopt, removes) the value at `path` inside `root`.
inline void mutate(json::value& root, std::string_view path, std::optional<json::value> v) {
    auto parts = split_path(path);
    REQUIRE(!parts.empty());
    json::value* cur = &root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (p.front() == '[') {
            cur = &cur->as_array().at(std::stoul(p.substr(1, p.size() - 2)));
        } else {
            cur = cur->find(p);
            REQUIRE(cur != nullptr);
        }
    }
    const std::string& last = parts.back();
    if (last.front() == '[') {
        auto& a = cur->as_array();
        auto idx = std::stoul(last.substr(1, last.size() - 2));
        if (v) {
            a.at(idx) = std::move(*v);
        } else {
            a.erase(a.begin() + static_cast<std::ptrdiff_t>(idx));
        }
    } else if (v) {
        cur->set(last, std::move(*v));
    } else {
        cur->erase(last);
    }
}

// The paths where two JSON values differ ("" when equal), for readable failures.
inline void diff(const json::value& a, const json::value& b, const std::string& path,
                 std::vector<std::string>& out) {
    if (a.type() != b.type()) {
        out.push_back(path + ": " + json::to_string(a) + " vs " + json::to_string(b));
        return;
    }
    if (a.is_object()) {
        const auto& ao = a.as_object();
        const auto& bo = b.as_object();
        if (ao.size() != bo.size()) {
            out.push_back(path + ": member count " + std::to_string(ao.size()) + " vs " +
                          std::to_string(bo.size()));
        }
        for (std::size_t i = 0; i < std::min(ao.size(), bo.size()); ++i) {
            if (ao[i].first != bo[i].first) {
                out.push_back(path + ": member " + std::to_string(i) + " is " + ao[i].first +
                              " vs " + bo[i].first);
                continue;
            }
            diff(ao[i].second, bo[i].second, path + "." + ao[i].first, out);
        }
        return;
    }
    if (a.is_array()) {
        const auto& aa = a.as_array();
        const auto& ba = b.as_array();
        if (aa.size() != ba.size()) {
            out.push_back(path + ": length differs");
            return;
        }
        for (std::size_t i = 0; i < aa.size(); ++i) {
            diff(aa[i], ba[i], path + "[" + std::to_string(i) + "]", out);
        }
        return;
    }
    if (!(a == b)) {
        out.push_back(path + ": " + json::to_string(a) + " vs " + json::to_string(b));
    }
}

inline std::vector<std::string> diff(const json::value& a, const json::value& b) {
    std::vector<std::string> out;
    diff(a, b, "", out);
    return out;
}

// A fresh directory under the system temp dir, removed at scope exit.
class temp_dir {
public:
    temp_dir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("certgate-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace certgate::test
