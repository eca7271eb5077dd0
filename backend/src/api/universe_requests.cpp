// CreateUniverse (cohorts.md 5.3).

#include "api/handlers.h"
#include "api/input_checks.h"
#include "api/input_limits.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

void create_universe(const Request& request) {
  const auto& body = request.message.create_universe();
  constexpr std::string_view kKind = "CreateUniverse";
  // The reference keeps name and description as sent, unbounded; every universe is in every
  // login snapshot, so both follow the limits of the other names and descriptions.
  std::string name;
  if (!check_name(request, kKind, "Universe name", body.name(), name, EmptyName::kAccountName) ||
      !check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars)) {
    return;
  }
  BatchContext& ctx = request.ctx;
  Result<Universe> created =
      ctx.exchange.create_universe(request.view.requester(), std::move(name), body.description());
  if (!created.ok()) return request.fail(created.error());
  store::record_new_universe(created->id, ctx.writes);
  ServerMessage announced;
  announced.set_request_id(request.request_id());
  *announced.mutable_universe() = to_wire(*created);
  ctx.publisher.to_everyone(announced);  // public and unfiltered: the requester included
}

}  // namespace exchange::api
