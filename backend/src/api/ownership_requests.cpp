// CreateAccount, ShareOwnership and RevokeOwnership (protocol.md 3.3.9, 3.3.10, 3.3.18).

#include "api/input_checks.h"
#include "api/handlers.h"
#include "api/snapshot.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

void create_account(const Request& request) {
  const auto& body = request.message.create_account();
  NewAccount account;
  if (!check_name(request, "CreateAccount", "Account name", body.name(), account.name,
                  EmptyName::kAccountName)) return;
  account.owner = body.owner_id();
  account.universe = body.universe_id();
  account.initial_balance = decimal_from_wire(body.initial_balance());
  // Only a 7-character colour is ever stored (core's rule), so its length needs no limit here.
  if (body.has_color()) account.color = body.color();
  BatchContext& ctx = request.ctx;
  Result<Account> created = ctx.exchange.create_account(request.view.requester(), account);
  if (!created.ok()) return request.fail(created.error());
  store::record_new_account(created->id, ctx.writes);
  ServerMessage announced;
  announced.set_request_id(request.request_id());
  *announced.mutable_account_created() = to_wire(*created);
  ctx.publisher.to_everyone(announced);
  resync_owners_of(ctx, body.owner_id());
}

void share_ownership(const Request& request) {
  const auto& body = request.message.share_ownership();
  BatchContext& ctx = request.ctx;
  Status shared = ctx.exchange.share_ownership(request.view.requester(), body.of_account_id(),
                                               body.to_account_id());
  if (!shared.ok()) return request.fail(shared.error());
  store::record_credits(*ctx.exchange.account(body.of_account_id()), ctx.writes);
  ServerMessage given;
  given.set_request_id(request.request_id());
  given.mutable_ownership_given();
  ctx.publisher.reply(request.view.id, given);
  resync_owners_of(ctx, body.to_account_id());
}

void revoke_ownership(const Request& request) {
  const SessionView& view = request.view;
  if (!view.sudo_admin()) {
    return request.fail("RevokeOwnership",
                        view.is_admin ? "Sudo required" : "Only admins can revoke ownership");
  }
  const auto& body = request.message.revoke_ownership();
  BatchContext& ctx = request.ctx;
  if (ctx.exchange.account(body.of_account_id()) != nullptr) {
    read_portfolio(ctx, body.of_account_id());  // rebalances, as reading does in the reference
  }
  Status revoked =
      ctx.exchange.revoke_ownership(body.of_account_id(), body.from_account_id(), ctx.now);
  if (!revoked.ok()) return request.fail(revoked.error());
  store::record_ownership_removed(body.of_account_id(), body.from_account_id(), ctx.writes);
  ServerMessage done;
  done.set_request_id(request.request_id());
  done.mutable_ownership_revoked();
  ctx.publisher.reply(view.id, done);
  resync_owners_of(ctx, body.from_account_id());
}

}  // namespace exchange::api
