// File: shared/store/error.hpp
// Errors from the RocksDB store. RocksDB's own Status never leaves shared/store: a missing key is
// an empty std::optional, and every other failure becomes one of these codes (logged once).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace certgate::store {

enum class errc {
    storage_failure = 1,  // RocksDB reported an error (I/O, corruption, ...); details are logged
    unknown_schema,  // the database exists but its column families or schema version are not ours
    not_found,       // no database at the path and options::create_if_missing is false
    invalid_key,     // a composite key part contains the separator byte '\0'
    corrupt_value,   // a stored value has the wrong shape (e.g. a u64 that is not 8 bytes)
    not_open,        // the database object was moved from
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace certgate::store

template <>
struct boost::system::is_error_code_enum<certgate::store::errc> : std::true_type {};
