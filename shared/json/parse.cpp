#include "shared/json/parse.hpp"

#include <string>

namespace certgate::json {

namespace {

class json_category : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "certgate.json"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::malformed:
                return "malformed JSON";
            case errc::too_deep:
                return "JSON nested too deeply";
            case errc::too_large:
                return "JSON text too large";
        }
        return "unknown json error";
    }
};

value convert(simdjson::dom::element e) {
    using simdjson::dom::element_type;
    switch (e.type()) {
        case element_type::ARRAY: {
            array out;
            simdjson::dom::array a;
            if (e.get(a) != simdjson::SUCCESS) {
                return value(nullptr);  // unreachable: the type was checked above
            }
            out.reserve(a.size());
            for (simdjson::dom::element child : a) {
                out.push_back(convert(child));
            }
            return value(std::move(out));
        }
        case element_type::OBJECT: {
            object out;
            simdjson::dom::object o;
            if (e.get(o) != simdjson::SUCCESS) {
                return value(nullptr);
            }
            out.reserve(o.size());
            for (auto field : o) {
                out.emplace_back(std::string(field.key), convert(field.value));
            }
            return value(std::move(out));
        }
        case element_type::INT64:
            return value(e.get_int64().value_unsafe());
        case element_type::UINT64:
            return value(e.get_uint64().value_unsafe());
        case element_type::DOUBLE:
            return value(e.get_double().value_unsafe());
        case element_type::STRING:
            return value(e.get_string().value_unsafe());
        case element_type::BOOL:
            return value(e.get_bool().value_unsafe());
        case element_type::NULL_VALUE:
            return value(nullptr);
    }
    return value(nullptr);
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const json_category instance;
    return instance;
}

parser::parser(parse_options opts) : opts_(opts), dom_(opts.max_size) {}

result<value> parser::parse(std::string_view text) {
    if (text.size() > opts_.max_size) {
        return errc::too_large;
    }
    // simdjson's dom parser copies into its own padded buffer; its max depth is fixed at
    // allocation, so the depth check is ours (below) and simdjson's default only guards the stack.
    simdjson::dom::element root;
    auto err = dom_.parse(text.data(), text.size(), true).get(root);
    if (err == simdjson::DEPTH_ERROR) {
        return errc::too_deep;
    }
    if (err) {
        return errc::malformed;
    }
    // Depth check without recursion on the simdjson tree: walk with an explicit stack.
    struct frame {
        simdjson::dom::element e;
        std::size_t depth;
    };
    std::vector<frame> stack{{root, 0}};
    while (!stack.empty()) {
        frame f = stack.back();
        stack.pop_back();
        if (f.e.is_array() || f.e.is_object()) {
            if (f.depth + 1 > opts_.max_depth) {
                return errc::too_deep;
            }
            // Bind to locals: value_unsafe() on a temporary result returns a dangling reference.
            simdjson::dom::array arr;
            simdjson::dom::object obj;
            if (f.e.get(arr) == simdjson::SUCCESS) {
                for (auto c : arr) {
                    stack.push_back({c, f.depth + 1});
                }
            } else if (f.e.get(obj) == simdjson::SUCCESS) {
                for (auto c : obj) {
                    stack.push_back({c.value, f.depth + 1});
                }
            }
        }
    }
    return convert(root);
}

result<value> parse(std::string_view text, parse_options opts) {
    parser p(opts);
    return p.parse(text);
}

}  // namespace certgate::json
