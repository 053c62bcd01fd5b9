#include "verify/payload.hpp"

#include "verify/error.hpp"

#include <zip.h>

#include <memory>
#include <optional>

namespace certgate::verify {

namespace {

struct zip_closer {
    void operator()(zip_t* z) const noexcept { zip_discard(z); }
};
struct zip_file_closer {
    void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};

// Reads the single `certificate.json` entry of an in-memory ZIP. nullopt when `bytes` is not a
// readable ZIP at all (so the caller can try the transcoded form); an error for a readable ZIP
// with the wrong contents.
std::optional<result<std::string>> read_zip(std::string_view bytes, const payload_limits& limits) {
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
    if (src == nullptr) {
        zip_error_fini(&zerr);
        return std::nullopt;
    }
    std::unique_ptr<zip_t, zip_closer> archive(
        zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr));
    zip_error_fini(&zerr);
    if (!archive) {
        zip_source_free(src);  // zip_open_from_source does not take ownership on failure
        return std::nullopt;
    }
    if (zip_get_num_entries(archive.get(), 0) != 1) {
        return result<std::string>(errc::unsupported_format);
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), 0, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0 ||
        std::string_view(st.name) != "certificate.json") {
        return result<std::string>(errc::unsupported_format);
    }
    // The declared size is only a hint (it is attacker-controlled); the read loop below enforces
    // the limit on what actually inflates, which is what stops a ZIP bomb.
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > limits.max_json) {
        return result<std::string>(errc::too_large);
    }
    std::unique_ptr<zip_file_t, zip_file_closer> file(zip_fopen_index(archive.get(), 0, 0));
    if (!file) {
        return result<std::string>(errc::unsupported_format);
    }
    std::string out;
    char buf[8192];
    for (;;) {
        zip_int64_t n = zip_fread(file.get(), buf, sizeof buf);
        if (n < 0) {
            return result<std::string>(errc::unsupported_format);
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > limits.max_json) {
            return result<std::string>(errc::too_large);
        }
    }
    return result<std::string>(std::move(out));
}

// Undoes DIVOC's transcoding: every code point must be U+0000..U+00FF, i.e. one byte, or a
// two-byte UTF-8 sequence C2/C3 xx. Anything else means the payload was not produced that way.
std::optional<std::string> untranscode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size() &&
                   (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
            auto lo = static_cast<unsigned char>(s[i + 1]) & 0x3F;
            out.push_back(static_cast<char>(((c & 0x03) << 6) | lo));
            ++i;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

result<decoded_payload> decode_payload(std::string_view bytes, const payload_limits& limits) {
    if (bytes.size() > limits.max_payload) {
        return errc::too_large;
    }
    if (bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
        if (auto raw = read_zip(bytes, limits)) {
            if (!raw->has_value()) {
                return raw->error();
            }
            return decoded_payload{payload_form::zip, std::move(**raw)};
        }
        if (auto zip_bytes = untranscode(bytes)) {
            if (auto inner = read_zip(*zip_bytes, limits)) {
                if (!inner->has_value()) {
                    return inner->error();
                }
                return decoded_payload{payload_form::transcoded_zip, std::move(**inner)};
            }
        }
        return errc::unsupported_format;
    }
    std::size_t b = 0;
    std::size_t e = bytes.size();
    while (b < e && is_space(bytes[b])) {
        ++b;
    }
    while (e > b && is_space(bytes[e - 1])) {
        --e;
    }
    if (b == e || (bytes[b] != '{' && bytes[b] != '[')) {
        return errc::unsupported_format;
    }
    if (e - b > limits.max_json) {
        return errc::too_large;
    }
    return decoded_payload{payload_form::json, std::string(bytes.substr(b, e - b))};
}

}  // namespace certgate::verify
