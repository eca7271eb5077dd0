// CreateRedeemCode, ClaimRedeemCode (additions.md 1.3, 1.4) and our extension GetRedeemCodes.
// All three take their rate unit first (request_kinds.cpp: no gates), as 0.3 requires.

#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"
#include "store/redeem_code_rows.h"

namespace exchange::api {
namespace {

// GetRedeemCodes answers at most this many codes, the newest: enough for any bootcamp (codes
// are minted by hand), while one request can never make the sequencer encode an unbounded list.
constexpr size_t kMaxListedRedeemCodes = 1000;

wire::RedeemCodeInfo to_wire(const RedeemCode& code) {
  wire::RedeemCodeInfo info;
  info.set_code(code.code);
  info.set_amount(api::to_wire(code.amount));
  info.set_created_by(code.creator);
  set_timestamp(code.created, info.mutable_created_at());
  if (code.expires) set_timestamp(*code.expires, info.mutable_expires_at());
  if (code.claimed()) {
    info.set_redeemed_by(code.redeemed_by);
    set_timestamp(*code.redeemed_at, info.mutable_redeemed_at());
    info.set_transfer_id(code.transfer);
  }
  return info;
}

}  // namespace

void create_redeem_code(const Request& request) {
  if (!request.require_sudo_admin("CreateRedeemCode")) return;
  const std::optional<Decimal> amount = decimal_from_wire(request.message.create_redeem_code().amount());
  if (!amount) return request.fail(Refusal::kInvalidAmount);
  BatchContext& ctx = request.ctx;
  // Deviation from the reference (issue 17, open question 13.2): the code is paid by ADMIN, the
  // admin's own account, even while impersonating; the reference charges U, the impersonated
  // user, who never agreed to pay.
  const AccountId payer = request.view.admin;
  Result<RedeemCode> code = ctx.exchange.create_redeem_code(payer, *amount, ctx.now, ctx.random_draw);
  if (!code.ok()) return request.fail(code.error());
  store::record_redeem_code(code->id, ctx.writes);
  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* created = message.mutable_redeem_code_created();
  created->set_code(code->code);
  created->set_amount(api::to_wire(code->amount));
  set_timestamp(*code->expires, created->mutable_expires_at());
  ctx.publisher.reply(request.view.id, message);
}

void claim_redeem_code(const Request& request) {
  BatchContext& ctx = request.ctx;
  // After the rate limit, unlike the gated requests (1.4 check 2). There is no membership check
  // (guests may claim) and, as decided in issue 17, no auction-switch check.
  if (ctx.cohort.read_only) return request.fail("ClaimRedeemCode", "Cohort is read-only");
  Result<RedeemCodeClaim> claim = ctx.exchange.claim_redeem_code(
      request.view.requester(), request.message.claim_redeem_code().code(), ctx.now);
  if (!claim.ok()) return request.fail(claim.error());
  const Transfer& transfer = claim->transfer;
  store::record_transfer(TransferMade{transfer, std::nullopt}, ctx.writes);
  store::record_redeem_code(claim->code.id, ctx.writes);
  ctx.changed_portfolios.insert(transfer.from);
  ctx.changed_portfolios.insert(transfer.to);

  ServerMessage claimed;
  claimed.set_request_id(request.request_id());
  claimed.mutable_redeem_code_claimed()->set_code(claim->code.code);
  claimed.mutable_redeem_code_claimed()->set_amount(api::to_wire(claim->code.amount));
  ctx.publisher.reply(request.view.id, claimed);
  // With an empty request_id, privately to both sides (a session owning both gets it twice).
  ServerMessage created;
  *created.mutable_transfer_created() = api::to_wire(transfer);
  ctx.publisher.to_owners_of(transfer.from, created);
  ctx.publisher.to_owners_of(transfer.to, created);
  // portfolio_updated for both follows from changed_portfolios at the end of the batch.
}

void get_redeem_codes(const Request& request) {
  if (!request.require_sudo_admin("GetRedeemCodes")) return;
  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* list = message.mutable_redeem_codes();
  for (const RedeemCode* code : request.ctx.exchange.newest_redeem_codes(kMaxListedRedeemCodes)) {
    *list->add_codes() = to_wire(*code);
  }
  request.ctx.publisher.reply(request.view.id, message);
}

}  // namespace exchange::api
