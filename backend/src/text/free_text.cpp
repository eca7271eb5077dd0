#include "text/free_text.h"

#include "text/utf8.h"

namespace exchange::text {
namespace {

bool is_forbidden_control(char32_t code) {
  if (code == U'\n' || code == U'\r' || code == U'\t') return false;
  return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

// Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI): they
// can make text read differently from the order it was typed in ("Trojan Source").
bool is_bidi_control(char32_t code) {
  return (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

}  // namespace

std::string check_free_text(std::string_view text, std::string_view field, size_t max_chars) {
  const std::string prefix(field);
  size_t length = 0;
  size_t offset = 0;
  char32_t code = 0;
  while (offset < text.size()) {
    if (!next_code_point(text, &offset, &code)) return prefix + " must be valid UTF-8";
    if (is_forbidden_control(code)) return prefix + " must not contain control characters";
    if (is_bidi_control(code)) {
      return prefix + " must not contain bidirectional override characters";
    }
    ++length;
  }
  if (length > max_chars) {
    return prefix + " must be at most " + std::to_string(max_chars) + " characters";
  }
  return {};
}

}  // namespace exchange::text
