// MakeTransfer, SetSudo and ActAs (protocol.md 3.3.6, 3.3.8, 3.3.25).

#include "api/input_checks.h"
#include "api/input_limits.h"
#include "api/handlers.h"
#include "api/snapshot.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

void make_transfer(const Request& request) {
  const auto& body = request.message.make_transfer();
  const std::optional<Decimal> amount = decimal_from_wire(body.amount());
  if (!amount) return request.fail(Refusal::kInvalidAmount);
  if (!check_text(request, "MakeTransfer", "Note", body.note(), kMaxNoteChars)) return;
  // Account 0 is the "Hidden" placeholder of id hiding, never a real account: money sent there
  // was gone for good (regression: issue 13, item 13).
  if (body.to_account_id() == 0 || body.from_account_id() == 0) {
    return request.fail(Refusal::kAccountNotFound);
  }
  BatchContext& ctx = request.ctx;
  // Reading both portfolios rebalances their credits before the checks (rules.md 10.1).
  for (AccountId side : {body.from_account_id(), body.to_account_id()}) {
    if (ctx.exchange.account(side) != nullptr) read_portfolio(ctx, side);
  }
  Result<TransferMade> made =
      ctx.exchange.make_transfer(request.view.requester(), body.from_account_id(),
                                 body.to_account_id(), *amount, body.note(), ctx.now);
  if (!made.ok()) return request.fail(made.error());
  store::record_transfer(*made, ctx.writes);
  ctx.changed_portfolios.insert(made->transfer.from);
  ctx.changed_portfolios.insert(made->transfer.to);

  ServerMessage created;
  created.set_request_id(request.request_id());
  *created.mutable_transfer_created() = to_wire(made->transfer);
  // Private to both accounts: a session owning both receives it twice, as the reference does.
  ctx.publisher.to_owners_of(made->transfer.from, created);
  ctx.publisher.to_owners_of(made->transfer.to, created);
}

void set_sudo(const Request& request) {
  const bool enabled = request.message.set_sudo().enabled();
  SessionView& view = request.view;
  if (enabled && !view.is_admin) return request.fail("SetSudo", "Only admins can enable sudo");
  BatchContext& ctx = request.ctx;
  const bool before = view.sudo;
  view.sudo = enabled;
  ctx.undo.push_back([&sessions = ctx.sessions, id = view.id, before] {
    if (SessionView* restored = sessions.find(id)) restored->sudo = before;
  });
  ServerMessage status;
  status.set_request_id(request.request_id());
  status.mutable_sudo_status()->set_enabled(enabled);
  ctx.publisher.reply(view.id, status);
  send_public_snapshot(ctx, view);
}

void act_as(const Request& request) {
  const AccountId target = request.message.act_as().account_id();
  SessionView& view = request.view;
  BatchContext& ctx = request.ctx;
  auto remember = [&] {
    ctx.undo.push_back([&sessions = ctx.sessions, saved = view] { sessions.restore(saved); });
  };
  if (view.owns(target)) {
    remember();
    view.acting = target;
    ctx.publisher.reply(view.id, acting_as_message(ctx.exchange, view, request.request_id()));
    follow_acting_universe(ctx, view.id);
    return;
  }
  if (!view.sudo_admin()) {
    return request.fail("ActAs", view.is_admin ? "Sudo required" : "Not owner of account");
  }
  const Account* account = ctx.exchange.account(target);
  if (account == nullptr) return request.fail(Refusal::kAccountNotFound);
  if (!account->is_user()) return request.fail("ActAs", "Non owned account is not a user");
  // Impersonation: the session becomes that user (ADMIN, admin and sudo stay).
  remember();
  ctx.sessions.set_owned(view.id, ctx.exchange.owned_set(target));
  SessionView& updated = *ctx.sessions.find(view.id);
  updated.user = target;
  updated.acting = target;
  send_private_snapshot(ctx, updated);
  ctx.publisher.reply(updated.id, acting_as_message(ctx.exchange, updated, request.request_id()));
  follow_acting_universe(ctx, updated.id);
}

}  // namespace exchange::api
