#include "crl/revocation_log.hpp"

#include "shared/json/parse.hpp"
#include "shared/store/keys.hpp"

#include <system_error>
#include <utility>

namespace certgate::crl {

std::string_view op_name(log_op op) noexcept {
    switch (op) {
        case log_op::revoke:
            return "revoke";
        case log_op::suspend:
            return "suspend";
        case log_op::lift:
            return "lift";
    }
    return "revoke";
}

std::optional<log_op> parse_op(std::string_view s) noexcept {
    if (s == "revoke") {
        return log_op::revoke;
    }
    if (s == "suspend") {
        return log_op::suspend;
    }
    if (s == "lift") {
        return log_op::lift;
    }
    return std::nullopt;
}

json::value to_json(const log_event& e) {
    return json::object{
        {"seq", e.seq},
        {"op", op_name(e.op)},
        {"at", format_time_ms(e.at_ms)},
        {"entry", to_json(e.entry)},
    };
}

result<log_event> log_event_from_json(const json::value& v) {
    auto bad = std::make_error_code(std::errc::invalid_argument);
    const json::value* seq = v.find("seq");
    const json::value* op = v.find("op");
    const json::value* at = v.find("at");
    const json::value* entry = v.find("entry");
    if (!seq || !seq->is_integral() || seq->as_number() < 0 || !op || !op->is_string() || !at ||
        !at->is_string() || !entry) {
        return bad;
    }
    auto op_v = parse_op(op->as_string());
    auto at_v = parse_time_ms(at->as_string());
    auto entry_v = revocation_from_json(*entry);
    if (!op_v || !at_v || !entry_v) {
        return bad;
    }
    return log_event{static_cast<std::uint64_t>(seq->as_number()), *op_v, *at_v,
                     std::move(*entry_v)};
}

std::string log_key(std::uint64_t seq) { return store::encode_u64_be(seq); }

result<std::uint64_t> current_seq(const store::database& db) {
    auto v = db.get_u64(store::cf::meta, seq_meta_key);
    if (!v) {
        return v.error();
    }
    return v->value_or(0);
}

result<std::vector<log_event>> read_log(const store::database& db, std::uint64_t from_seq,
                                        std::size_t limit) {
    std::vector<log_event> out;
    bool corrupt = false;
    auto n = db.for_each(store::cf::revocation_log, log_key(from_seq), limit,
                         [&](std::string_view, std::string_view value) {
                             auto v = json::parse(value);
                             auto e = v ? log_event_from_json(*v) : result<log_event>(v.error());
                             if (!e) {
                                 corrupt = true;
                                 return false;
                             }
                             out.push_back(std::move(*e));
                             return true;
                         });
    if (!n) {
        return n.error();
    }
    if (corrupt) {
        return store::errc::corrupt_value;
    }
    return out;
}

}  // namespace certgate::crl
