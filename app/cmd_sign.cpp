// certgate sign FILE --key PRIV.pem [--method M]: adds a DIVOC-compatible Linked Data proof.
#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "crl/revocation.hpp"
#include "shared/crypto/key_load.hpp"
#include "shared/json/parse.hpp"
#include "shared/json/write.hpp"
#include "shared/proof/linked_data_proof.hpp"

#include <chrono>
#include <cstdio>

namespace certgate::app {

namespace {
constexpr const char* usage =
    "usage: certgate sign FILE --key PRIV.pem [--method M] [--created TIME] [--contexts DIR]\n"
    "\n"
    "Signs the credential in FILE (an existing proof is replaced) and prints it as one JSON line.\n"
    "An RSA key makes an RsaSignature2018 proof (PS256), an Ed25519 key an Ed25519Signature2018\n"
    "proof (EdDSA), both with a detached JWS, exactly as DIVOC signs.\n"
    "\n"
    "  --key PRIV.pem   private key: PKCS#8 / PKCS#1 PEM, or a JSON key object\n"
    "  --method M       proof.verificationMethod (default: did:certgate:issuer)\n"
    "  --created TIME   proof.created, ISO 8601 (default: now, to the second)\n"
    "  --contexts DIR   JSON-LD context directory (default: beside the binary)\n"
    "\n"
    "Exit codes: 0 ok, 1 the document cannot be signed, 2 usage.\n";

std::string now_to_second() {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    std::string t = crl::format_time_ms(ms - ms % 1000);
    return t.substr(0, 19) + "Z";  // DIVOC's proofs carry whole seconds
}
}  // namespace

int run_sign(int argc, char** argv) {
    parsed_args args(argc, argv, 2,
                     {.with_value = {"--key", "--method", "--created", "--contexts"}, .flags = {}});
    if (args.help()) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (!args.error().empty() || args.positionals().size() != 1 || !args.value("--key")) {
        std::fprintf(stderr, "certgate sign: %s\n%s",
                     !args.error().empty() ? args.error().c_str() : "expected FILE and --key",
                     usage);
        return 2;
    }
    std::string message;
    auto contexts = load_contexts(args.value("--contexts").value_or(""), message);
    if (!contexts) {
        std::fprintf(stderr, "certgate sign: %s\n", message.c_str());
        return 2;
    }
    auto key = ossl::load_private_key_file(*args.value("--key"));
    if (!key) {
        std::fprintf(stderr, "certgate sign: cannot load %s: %s\n", args.value("--key")->c_str(),
                     key.error().message().c_str());
        return 2;
    }
    const std::string& file = args.positionals()[0];
    auto text = read_file(file);
    if (!text) {
        std::fprintf(stderr, "certgate sign: cannot read %s\n", file.c_str());
        return 2;
    }
    auto doc = json::parse(*text, {.max_depth = 64, .max_size = 16 << 20});
    if (!doc) {
        std::fprintf(stderr, "certgate sign: %s: %s\n", file.c_str(),
                     doc.error().message().c_str());
        return 1;
    }
    proof::engine engine(*contexts);
    auto signed_doc =
        engine.sign(std::move(*doc), *key, args.value("--method").value_or("did:certgate:issuer"),
                    args.value("--created").value_or(now_to_second()));
    if (!signed_doc) {
        std::fprintf(stderr, "certgate sign: %s: %s\n", file.c_str(),
                     signed_doc.error().message().c_str());
        return 1;
    }
    std::string out = json::to_string(*signed_doc);
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

}  // namespace certgate::app
