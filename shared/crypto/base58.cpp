#include "shared/crypto/base58.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace certgate::ossl {

namespace {

constexpr char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<std::int8_t, 256> make_table() {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) {
        v = -1;
    }
    for (int i = 0; i < 58; ++i) {
        t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    }
    return t;
}

constexpr auto table = make_table();

}  // namespace

std::string base58_encode(std::string_view bytes) {
    std::size_t zeros = 0;
    while (zeros < bytes.size() && bytes[zeros] == '\0') {
        ++zeros;
    }
    // Base-58 digits, least significant first; log(256)/log(58) < 1.37.
    std::vector<std::uint8_t> digits;
    digits.reserve((bytes.size() - zeros) * 137 / 100 + 1);
    for (std::size_t i = zeros; i < bytes.size(); ++i) {
        std::uint32_t carry = static_cast<unsigned char>(bytes[i]);
        for (auto& d : digits) {
            carry += static_cast<std::uint32_t>(d) << 8;
            d = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(static_cast<std::uint8_t>(carry % 58));
            carry /= 58;
        }
    }
    std::string out(zeros, '1');
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        out.push_back(alphabet[*it]);
    }
    return out;
}

result<std::string> base58_decode(std::string_view text) {
    if (text.size() > base58_max_text) {
        return errc::invalid_base58;
    }
    std::size_t ones = 0;
    while (ones < text.size() && text[ones] == '1') {
        ++ones;
    }
    // Base-256 bytes, least significant first.
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size());
    for (std::size_t i = ones; i < text.size(); ++i) {
        std::int8_t v = table[static_cast<unsigned char>(text[i])];
        if (v < 0) {
            return errc::invalid_base58;
        }
        auto carry = static_cast<std::uint32_t>(v);
        for (auto& b : bytes) {
            carry += static_cast<std::uint32_t>(b) * 58;
            b = static_cast<std::uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    std::string out(ones, '\0');
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
        out.push_back(static_cast<char>(*it));
    }
    return out;
}

}  // namespace certgate::ossl
