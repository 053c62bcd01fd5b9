// File: verify/payload.hpp
// Decodes what a QR scanner read into the certificate's JSON text. Accepts plain JSON, a raw ZIP
// holding one `certificate.json`, and the UTF-8-transcoded ZIP that DIVOC's web generator draws
// (each ZIP byte became one code point U+0000..U+00FF, UTF-8 encoded).
#pragma once

#include "shared/util/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace certgate::verify {

enum class payload_form { json, zip, transcoded_zip };

struct decoded_payload {
    payload_form form = payload_form::json;
    std::string json_text;  // the certificate's JSON text, not yet parsed
};

struct payload_limits {
    // Largest accepted certificate JSON, after unzipping. Default: 64 KiB (DIVOC's are ~2 KB).
    std::size_t max_json = 64 * 1024;
    // Largest accepted payload as scanned. Default: 64 KiB.
    std::size_t max_payload = 64 * 1024;
};

// Errors: too_large (payload or unzipped entry over the limit), unsupported_format (not JSON and
// not a ZIP holding exactly one entry named certificate.json, or a corrupt ZIP).
// Leading/trailing ASCII whitespace around JSON is tolerated; JSON validity is checked later.
[[nodiscard]] result<decoded_payload> decode_payload(std::string_view bytes,
                                                     const payload_limits& limits = {});

}  // namespace certgate::verify
