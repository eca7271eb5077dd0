#include "text/utf8.h"

namespace exchange::text {

bool next_code_point(std::string_view text, size_t* offset, char32_t* code) {
  const size_t i = *offset;
  if (i >= text.size()) return false;
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t extra = 0;
  uint32_t value = 0;
  if (lead < 0x80) {
    value = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    value = lead & 0x07;
  } else {
    return false;
  }
  if (i + extra >= text.size()) return false;  // truncated sequence
  for (size_t k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return false;
    value = (value << 6) | (next & 0x3F);
  }
  // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
  static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  if (value < kMinimum[extra] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return false;
  }
  *offset = i + extra + 1;
  *code = static_cast<char32_t>(value);
  return true;
}

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  size_t offset = 0;
  char32_t code = 0;
  while (offset < text.size()) {
    if (!next_code_point(text, &offset, &code)) return std::string_view::npos;
    ++count;
  }
  return count;
}

}  // namespace exchange::text
