// Gift and RedistributeOwnerCredit (additions.md 2 and 3).

#include <algorithm>

#include "api/input_checks.h"
#include "api/input_limits.h"
#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

void gift(const Request& request) {
  const auto& body = request.message.gift();
  const std::optional<Decimal> amount = decimal_from_wire(body.amount());
  if (!amount) return request.fail(Refusal::kInvalidAmount);
  // Our bound (the reference stores any note): the same limit as MakeTransfer's note.
  if (!check_text(request, "Gift", "Note", body.note(), kMaxNoteChars)) return;
  BatchContext& ctx = request.ctx;
  Result<TransferMade> made = ctx.exchange.gift(request.view.requester(), body.to_account_id(),
                                                *amount, body.note(), ctx.now);
  if (!made.ok()) return request.fail(made.error());
  store::record_transfer(*made, ctx.writes);
  ctx.changed_portfolios.insert(made->transfer.to);

  ServerMessage created;
  created.set_request_id(request.request_id());
  *created.mutable_transfer_created() = to_wire(made->transfer);
  ctx.publisher.reply(request.view.id, created);
  // Deviation (issue 17's decision on additions.md 13.1 and quirk 12.5): the reference also
  // delivers it privately to every owner of the recipient, so a requester owning the recipient
  // gets it twice; we reach each connection once. The recorded payer's owners get nothing: its
  // balance did not change (a gift creates money, as in the reference).
  std::vector<SessionId> owners = ctx.sessions.sessions_owning(made->transfer.to);
  std::erase(owners, request.view.id);
  ctx.publisher.to_sessions(std::move(owners), created);
}

void redistribute_owner_credit(const Request& request) {
  if (!request.require_sudo_admin("RedistributeOwnerCredit")) return;
  const auto& body = request.message.redistribute_owner_credit();
  BatchContext& ctx = request.ctx;
  Status moved = ctx.exchange.redistribute_owner_credit(body.account_id(), body.from_owner_id());
  if (!moved.ok()) return request.fail(moved.error());
  store::record_credits(*ctx.exchange.account(body.account_id()), ctx.writes);
  ServerMessage done;
  done.set_request_id(request.request_id());
  done.mutable_owner_credit_redistributed();
  ctx.publisher.reply(request.view.id, done);
  ctx.changed_portfolios.insert(body.account_id());
}

}  // namespace exchange::api
