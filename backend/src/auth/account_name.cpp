#include "auth/account_name.h"

namespace exchange::auth {

NameCheck check_account_name(std::string_view raw) {
  return text::check_name(raw, "Name", kMaxNameChars);
}

}  // namespace exchange::auth
