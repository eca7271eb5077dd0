#include "auth/test_token.h"

#include <string>
#include <vector>

namespace exchange::auth {

bool is_test_token(std::string_view token) {
  return token.starts_with("test::");
}

std::optional<messaging::Identity> parse_test_token(std::string_view token) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t separator = token.find("::", start);
    parts.push_back(token.substr(start, separator - start));
    if (separator == std::string_view::npos) break;
    start = separator + 2;
  }
  if (parts.size() != 4 || parts[0] != "test") return std::nullopt;
  return messaging::Identity{std::string(parts[1]), std::string(parts[2]), parts[3] == "true"};
}

}  // namespace exchange::auth
