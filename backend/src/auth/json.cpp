// Boost.JSON, compiled into this one translation unit (header-only mode): Debian ships no
// separate library for it. Nothing else in the binary may include boost/json/src.hpp.
#include <boost/json/src.hpp>
