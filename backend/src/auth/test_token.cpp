#include "auth/test_token.h"

#include <string>
#include <vector>

namespace exchange::auth {

bool is_test_token(std::string_view token) {
  return token.starts_with("test::");
}

namespace {

std::vector<std::string_view> parts_of(std::string_view token) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t separator = token.find("::", start);
    parts.push_back(token.substr(start, separator - start));
    if (separator == std::string_view::npos) break;
    start = separator + 2;
  }
  return parts;
}

}  // namespace

bool test_token_joins_cohort(std::string_view token) {
  const std::vector<std::string_view> parts = parts_of(token);
  return parts.size() < 6 || parts[5] != "false";
}

std::optional<messaging::Identity> parse_test_token(std::string_view token) {
  const std::vector<std::string_view> parts = parts_of(token);
  if (parts.size() < 4 || parts[0] != "test") return std::nullopt;
  messaging::Identity identity{std::string(parts[1]), std::string(parts[2]), parts[3] == "true"};
  if (parts.size() >= 5 && !parts[4].empty()) identity.email = std::string(parts[4]);
  return identity;
}

}  // namespace exchange::auth
