#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace certgate;

TEST_CASE("json parse keeps member order and round-trips compactly", "[json]") {
    auto v = json::parse(R"({"b":1,"a":[true,null,"x\n\u00e9"],"c":{"d":-2.5}})");
    REQUIRE(v.has_value());
    REQUIRE(v->is_object());
    CHECK(v->as_object()[0].first == "b");
    CHECK(json::to_string(*v) == "{\"b\":1,\"a\":[true,null,\"x\\n\xc3\xa9\"],\"c\":{\"d\":-2.5}}");
}

TEST_CASE("json numbers print as JavaScript prints them", "[json]") {
    auto cases = std::vector<std::pair<std::string, std::string>>{{"1.0", "1"},
                                                                  {"1e2", "100"},
                                                                  {"-0", "0"},
                                                                  {"0.1", "0.1"},
                                                                  {"1e21", "1e+21"},
                                                                  {"1.5e-7", "1.5e-7"},
                                                                  {"123456789012", "123456789012"}};
    for (auto& [in, want] : cases) {
        auto v = json::parse(in);
        REQUIRE(v.has_value());
        CHECK(json::to_string(*v) == want);
    }
}

TEST_CASE("json parse rejects malformed text, trailing content and bad UTF-8", "[json]") {
    CHECK(json::parse("{").error() == json::errc::malformed);
    CHECK(json::parse("{} x").error() == json::errc::malformed);
    CHECK(json::parse("\"\xff\"").error() == json::errc::malformed);
    CHECK(json::parse("").error() == json::errc::malformed);
}

TEST_CASE("json parse enforces its depth and size limits", "[json]") {
    std::string deep(100, '[');
    deep += std::string(100, ']');
    CHECK(json::parse(deep).error() == json::errc::too_deep);
    CHECK(json::parse(deep, {.max_depth = 200}).has_value());
    CHECK(json::parse("[1,2,3]", {.max_size = 3}).error() == json::errc::too_large);
}

TEST_CASE("json value set, find and erase edit objects in place", "[json]") {
    json::value v{json::object{}};
    v.set("a", 1);
    v.set("b", "x");
    v.set("a", 2);
    REQUIRE(v.find("a") != nullptr);
    CHECK(v.find("a")->as_number() == 2);
    CHECK(v.erase("b"));
    CHECK_FALSE(v.erase("b"));
    CHECK(json::to_string(v) == R"({"a":2})");
}
