#include "auth/account_name.h"

#include <cstdint>

namespace exchange::auth {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t code = 0;
    if (lead < 0x80) {
      code = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      code = lead & 0x07;
    } else {
      return std::string_view::npos;
    }
    if (i + extra >= text.size()) return std::string_view::npos;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::string_view::npos;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
    static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return std::string_view::npos;
    }
    i += extra + 1;
  }
  return count;
}

NameCheck check_account_name(std::string_view raw) {
  size_t begin = 0;
  size_t end = raw.size();
  while (begin < end && is_space(raw[begin])) ++begin;
  while (end > begin && is_space(raw[end - 1])) --end;
  std::string_view name = raw.substr(begin, end - begin);
  if (name.empty()) return {{}, "Name must not be empty"};
  const size_t length = utf8_length(name);
  if (length == std::string_view::npos) return {{}, "Name must be valid UTF-8"};
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return {{}, "Name must not contain control characters"};
    }
  }
  if (length > kMaxNameChars) return {{}, "Name must be at most 64 characters"};
  return {std::string(name), {}};
}

}  // namespace exchange::auth
