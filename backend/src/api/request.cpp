#include "api/request.h"

namespace exchange::api {

bool Request::take_rate(RateClass rate_class, std::string_view kind) const {
  if (ctx.limits.try_take(view.user, rate_class, view.sudo_admin(), ctx.clock)) return true;
  ++ctx.tally.rate_limited;
  fail(kind, view.sudo_admin() ? "ADMIN Rate Limited" : "Rate Limited");
  return false;
}

bool Request::require_sudo_admin(std::string_view kind) const {
  if (view.sudo_admin()) return true;
  fail(kind, view.is_admin ? "Sudo required" : "Admin access required");
  return false;
}

}  // namespace exchange::api
