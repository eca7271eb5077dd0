#pragma once
// Reading UTF-8 strictly: overlong forms, surrogates, values beyond U+10FFFF and truncated
// sequences are invalid, so that what we store is exactly what every client will decode.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace exchange::text {

// Number of code points in `text`, or npos when it is not valid UTF-8.
size_t utf8_length(std::string_view text);

// Decodes the code point starting at text[*offset] and advances *offset past it. Returns
// false (leaving *offset unchanged) when the bytes there are not valid UTF-8.
bool next_code_point(std::string_view text, size_t* offset, char32_t* code);

}  // namespace exchange::text
