#include "shared/store/keys.hpp"

namespace certgate::store {

void append_u64_be(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
    }
}

std::string encode_u64_be(std::uint64_t v) {
    std::string out;
    out.reserve(8);
    append_u64_be(out, v);
    return out;
}

result<std::uint64_t> decode_u64_be(std::string_view bytes) {
    if (bytes.size() != 8) {
        return errc::corrupt_value;
    }
    std::uint64_t v = 0;
    for (char c : bytes) {
        v = (v << 8) | static_cast<unsigned char>(c);
    }
    return v;
}

key_builder& key_builder::add(std::string_view part) {
    if (part.find(key_separator) != std::string_view::npos) {
        ok_ = false;
    }
    key_.append(part);
    key_.push_back(key_separator);
    return *this;
}

key_builder& key_builder::add_u64(std::uint64_t v) {
    append_u64_be(key_, v);
    return *this;
}

result<std::string> key_builder::finish() const {
    if (!ok_) {
        return errc::invalid_key;
    }
    return key_;
}

std::optional<std::string_view> key_reader::next_string() noexcept {
    auto pos = rest_.find(key_separator);
    if (pos == std::string_view::npos) {
        return std::nullopt;
    }
    auto part = rest_.substr(0, pos);
    rest_.remove_prefix(pos + 1);
    return part;
}

std::optional<std::uint64_t> key_reader::next_u64() noexcept {
    if (rest_.size() < 8) {
        return std::nullopt;
    }
    auto v = decode_u64_be(rest_.substr(0, 8));
    rest_.remove_prefix(8);
    return *v;
}

std::string prefix_successor(std::string_view prefix) {
    std::string s(prefix);
    while (!s.empty()) {
        auto& last = reinterpret_cast<unsigned char&>(s.back());
        if (last != 0xFF) {
            ++last;
            return s;
        }
        s.pop_back();
    }
    return s;
}

}  // namespace certgate::store
