#include "shared/rdf/error.hpp"

#include <string>

namespace certgate::rdf {
namespace {

class rdf_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.rdf"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::malformed:
                return "malformed N-Quads or RDF dataset";
            case errc::too_complex:
                return "RDF dataset too complex to canonicalize";
            case errc::hash_failure:
                return "hash function failed";
        }
        return "unknown rdf error";
    }
};

}  // namespace

const boost::system::error_category& category() noexcept {
    static const rdf_category instance;
    return instance;
}

}  // namespace certgate::rdf
