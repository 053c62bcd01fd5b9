#include "shared/store/keys.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using namespace certgate;

TEST_CASE("store u64 keys round-trip and sort numerically as bytes", "[store]") {
    std::vector<std::uint64_t> nums{
        0, 1, 255, 256, 65535, 1ULL << 32, 1ULL << 56, 0xFFFFFFFFFFFFFFFFULL, 9, 10, 100};
    std::vector<std::string> keys;
    for (auto n : nums) {
        auto k = store::encode_u64_be(n);
        REQUIRE(k.size() == 8);
        auto back = store::decode_u64_be(k);
        REQUIRE(back.has_value());
        CHECK(*back == n);
        keys.push_back(k);
    }
    std::sort(nums.begin(), nums.end());
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < nums.size(); ++i) {
        CHECK(*store::decode_u64_be(keys[i]) == nums[i]);
    }
    CHECK(store::encode_u64_be(1) == std::string("\0\0\0\0\0\0\0\x01", 8));
}

TEST_CASE("store decode_u64_be rejects anything but 8 bytes", "[store]") {
    CHECK(store::decode_u64_be("1234567").error() == store::errc::corrupt_value);
    CHECK(store::decode_u64_be("123456789").error() == store::errc::corrupt_value);
}

TEST_CASE("store composite keys keep parts apart and prefixes are byte prefixes", "[store]") {
    auto full = store::key_builder{}.add("PEC1").add_u64(2).add_u64(7).finish();
    auto prefix = store::key_builder{}.add("PEC1").add_u64(2).finish();
    REQUIRE(full.has_value());
    REQUIRE(prefix.has_value());
    CHECK(full->starts_with(*prefix));
    CHECK(*full == std::string("PEC1\0", 5) + store::encode_u64_be(2) + store::encode_u64_be(7));

    // "PEC1"'s keys sort before "PEC10"'s, and "PEC1" is not a prefix of "PEC10"'s keys.
    auto other = store::key_builder{}.add("PEC10").add_u64(1).add_u64(0).finish();
    REQUIRE(other.has_value());
    CHECK(*full < *other);
    CHECK_FALSE(other->starts_with(*prefix));

    store::key_reader r(*full);
    CHECK(r.next_string() == "PEC1");
    CHECK(r.next_u64() == 2u);
    CHECK(r.next_u64() == 7u);
    CHECK(r.at_end());
    CHECK_FALSE(r.next_u64().has_value());
}

TEST_CASE("store key builder refuses a part that contains the separator", "[store]") {
    auto k = store::key_builder{}.add(std::string("a\0b", 3)).add_u64(1).finish();
    CHECK(k.error() == store::errc::invalid_key);
}

TEST_CASE("store prefix_successor bounds a prefix scan", "[store]") {
    CHECK(store::prefix_successor("ab") == "ac");
    CHECK(store::prefix_successor("a\xff") == "b");
    CHECK(store::prefix_successor("\xff\xff").empty());
    CHECK(store::prefix_successor("").empty());
}
