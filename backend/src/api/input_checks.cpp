#include "api/input_checks.h"

#include <string>

#include "api/input_limits.h"
#include "text/free_text.h"
#include "text/name_rules.h"

namespace exchange::api {

namespace {

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

}  // namespace

bool check_name(const Request& request, std::string_view kind, std::string_view field,
                std::string_view raw, std::string& normalised, EmptyName empty) {
  if (blank(raw) && empty != EmptyName::kRefuse) {
    if (empty == EmptyName::kAccountName) {
      request.fail(kind, Refusal::kAccountNameEmpty);
      return false;
    }
    normalised.clear();
    return true;
  }
  text::NameCheck checked = text::check_name(raw, field, kMaxNameChars);
  if (!checked.error.empty()) {
    request.fail(kind, checked.error);
    return false;
  }
  normalised = std::move(checked.name);
  return true;
}

bool check_text(const Request& request, std::string_view kind, std::string_view field,
                std::string_view raw, size_t max_chars) {
  const std::string problem = text::check_free_text(raw, field, max_chars);
  if (problem.empty()) return true;
  request.fail(kind, problem);
  return false;
}

bool check_count(const Request& request, std::string_view kind, std::string_view field,
                 size_t count, size_t max_items) {
  if (count <= max_items) return true;
  request.fail(kind, std::string(field) + " must have at most " + std::to_string(max_items) +
                         " entries");
  return false;
}

}  // namespace exchange::api
