#include "shared/crypto/key_load.hpp"

#include "shared/crypto/base58.hpp"
#include "shared/crypto/jwk.hpp"
#include "shared/json/parse.hpp"

#include <openssl/core_names.h>

#include <fstream>
#include <iterator>
#include <string>

namespace certgate::ossl {

namespace {

std::string_view trim(std::string_view s) noexcept {
    constexpr std::string_view ws = " \t\r\n";
    auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// The label of the first PEM block ("PUBLIC KEY" for "-----BEGIN PUBLIC KEY-----"), or empty.
std::string_view pem_label(std::string_view text) noexcept {
    constexpr std::string_view begin = "-----BEGIN ";
    auto b = text.find(begin);
    if (b == std::string_view::npos) {
        return {};
    }
    b += begin.size();
    auto e = text.find("-----", b);
    if (e == std::string_view::npos) {
        return {};
    }
    return text.substr(b, e - b);
}

// Never prompt: an encrypted key simply fails to decode.
int no_passphrase(char*, std::size_t, std::size_t*, const OSSL_PARAM*, void*) { return 0; }

result<unique_ptr<EVP_PKEY>> decode_pem(std::string_view text, int selection) {
    EVP_PKEY* out = nullptr;  // filled by OSSL_DECODER_from_data, then owned below
    unique_ptr<OSSL_DECODER_CTX> ctx(
        OSSL_DECODER_CTX_new_for_pkey(&out, "PEM", nullptr, nullptr, selection, nullptr, nullptr));
    if (!ctx || OSSL_DECODER_CTX_set_passphrase_cb(ctx.get(), no_passphrase, nullptr) != 1) {
        return fail(errc::openssl_failure);
    }
    const auto* data = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t len = text.size();
    if (OSSL_DECODER_from_data(ctx.get(), &data, &len) != 1 || out == nullptr) {
        return fail(errc::unrecognized_key);
    }
    return unique_ptr<EVP_PKEY>(out);
}

result<public_key> public_from_pem(std::string_view text) {
    auto label = pem_label(text);
    if (label != "PUBLIC KEY" && label != "RSA PUBLIC KEY") {
        return errc::unrecognized_key;
    }
    auto p = decode_pem(text, EVP_PKEY_PUBLIC_KEY);
    if (!p) {
        return p.error();
    }
    return public_key::from_native(std::move(*p));
}

result<private_key> private_from_pem(std::string_view text) {
    auto label = pem_label(text);
    if (label != "PRIVATE KEY" && label != "RSA PRIVATE KEY" && label != "EC PRIVATE KEY") {
        return errc::unrecognized_key;
    }
    auto p = decode_pem(text, EVP_PKEY_KEYPAIR);
    if (!p) {
        return p.error();
    }
    return private_key::from_native(std::move(*p));
}

bool is_base58_text(std::string_view s) noexcept {
    constexpr std::string_view alphabet =
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    return !s.empty() && s.find_first_not_of(alphabet) == std::string_view::npos;
}

result<public_key> public_from_base58(std::string_view text) {
    auto raw = base58_decode(text);
    if (!raw) {
        return errc::unrecognized_key;
    }
    return ed25519_public_from_raw(*raw);
}

const std::string* string_member(const json::value& v, std::string_view name) noexcept {
    const json::value* m = v.find(name);
    return m != nullptr && m->is_string() ? &m->as_string() : nullptr;
}

result<public_key> public_from_json(std::string_view text) {
    auto doc = json::parse(text, {.max_depth = 8, .max_size = max_key_file_size});
    if (!doc || !doc->is_object()) {
        return errc::unrecognized_key;
    }
    if (const auto* pem = string_member(*doc, "publicKeyPem")) {
        return public_from_pem(*pem);
    }
    if (const auto* b58 = string_member(*doc, "publicKeyBase58")) {
        return public_from_base58(*b58);
    }
    if (doc->find("kty") != nullptr) {
        return public_key_from_jwk(*doc);
    }
    return errc::unrecognized_key;
}

result<private_key> ed25519_private_from_seed(std::string_view seed) {
    unique_ptr<EVP_PKEY> p(EVP_PKEY_new_raw_private_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(seed.data()),
        seed.size()));
    if (!p) {
        return fail(errc::unrecognized_key);
    }
    return private_key::from_native(std::move(p));
}

result<private_key> private_from_json(std::string_view text) {
    auto doc = json::parse(text, {.max_depth = 8, .max_size = max_key_file_size});
    if (!doc || !doc->is_object()) {
        return errc::unrecognized_key;
    }
    if (const auto* pem = string_member(*doc, "privateKeyPem")) {
        return private_from_pem(*pem);
    }
    const auto* b58 = string_member(*doc, "privateKeyBase58");
    if (b58 == nullptr) {
        return errc::unrecognized_key;
    }
    auto raw = base58_decode(*b58);
    if (!raw || (raw->size() != 32 && raw->size() != 64)) {
        return errc::unrecognized_key;
    }
    auto key = ed25519_private_from_seed(std::string_view(*raw).substr(0, 32));
    if (!key || raw->size() == 32) {
        return key;
    }
    // tweetnacl's secret key is seed||public; a public half that does not match is a broken file.
    unsigned char pub[32];
    std::size_t len = sizeof pub;
    if (EVP_PKEY_get_raw_public_key(key->native(), pub, &len) != 1 || len != 32 ||
        std::string_view(reinterpret_cast<const char*>(pub), len) !=
            std::string_view(*raw).substr(32)) {
        return fail(errc::unrecognized_key);
    }
    return key;
}

}  // namespace

result<std::string> read_key_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return errc::file_unreadable;
    }
    std::string data;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        data.append(buf, static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_key_file_size) {
            return errc::file_unreadable;
        }
    }
    if (in.bad()) {
        return errc::file_unreadable;
    }
    return data;
}

result<public_key> ed25519_public_from_raw(std::string_view raw) {
    if (raw.size() != 32) {
        return errc::unrecognized_key;
    }
    unique_ptr<EVP_PKEY> p(EVP_PKEY_new_raw_public_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(raw.data()),
        raw.size()));
    if (!p) {
        return fail(errc::unrecognized_key);
    }
    return public_key::from_native(std::move(p));
}

result<public_key> parse_public_key(std::string_view bytes) {
    auto text = trim(bytes);
    if (text.starts_with('{')) {
        return public_from_json(text);
    }
    if (text.find("-----BEGIN ") != std::string_view::npos) {
        return public_from_pem(text);
    }
    if (is_base58_text(text)) {
        return public_from_base58(text);
    }
    return errc::unrecognized_key;
}

result<public_key> load_public_key_file(const std::filesystem::path& path) {
    auto data = read_key_file(path);
    if (!data) {
        return data.error();
    }
    return parse_public_key(*data);
}

result<private_key> parse_private_key(std::string_view bytes) {
    auto text = trim(bytes);
    if (text.starts_with('{')) {
        return private_from_json(text);
    }
    return private_from_pem(text);
}

result<private_key> load_private_key_file(const std::filesystem::path& path) {
    auto data = read_key_file(path);
    if (!data) {
        return data.error();
    }
    return parse_private_key(*data);
}

}  // namespace certgate::ossl
