// File: shared/util/result.hpp
// The project's value-or-error type. Expected failures are values, never exceptions:
// each component defines its own `errc` enum and error category (see <comp>/error.hpp).
#pragma once

#include <boost/system/result.hpp>

namespace certgate {

template <class T>
using result = boost::system::result<T>;

using boost::system::error_code;

}  // namespace certgate
