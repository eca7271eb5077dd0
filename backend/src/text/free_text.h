#pragma once
// The rules for free text people write for each other (market and auction descriptions,
// transfer notes): any language and several lines, but nothing that hides or reorders what
// the text says. Unlike names it is stored as written (no normalisation).

#include <cstddef>
#include <string>
#include <string_view>

namespace exchange::text {

// The message for unacceptable text, or empty. Refuses invalid UTF-8, more than `max_chars`
// code points, C0/C1 control characters other than \n, \r and \t, and the bidi embedding,
// override and isolate controls (U+202A..U+202E, U+2066..U+2069). `field` starts the message
// ("Description").
std::string check_free_text(std::string_view text, std::string_view field, size_t max_chars);

}  // namespace exchange::text
