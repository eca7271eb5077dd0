// ExerciseOption, GetOptionContracts and our GetOptionExercises (options.md 4, 7; issue 16).

#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {
namespace {

wire::OptionExercised exercised_message(const OptionExercise& done) {
  wire::OptionExercised out;
  out.set_transaction_id(done.transaction.id);
  set_timestamp(done.transaction.timestamp, out.mutable_transaction_timestamp());
  out.set_option_market_id(done.market);
  out.set_exerciser_id(done.exerciser);
  out.set_counterparty_id(done.writer);
  out.set_amount(to_wire(done.amount));
  out.set_is_cash_settled(done.cash);
  out.set_contract_id(done.contract);
  out.set_price(to_wire(done.price));
  out.set_underlying_market_id(done.underlying);
  return out;
}

}  // namespace

void exercise_option(const Request& request) {
  const auto& body = request.message.exercise_option();
  const std::optional<Decimal> amount = decimal_from_wire(body.amount());
  if (!amount) return request.fail(Refusal::kInvalidAmount);
  BatchContext& ctx = request.ctx;
  Result<OptionExercise> done = ctx.exchange.exercise_option(
      request.view.requester(), body.option_market_id(), body.contract_id(), *amount, ctx.now);
  if (!done.ok()) return request.fail(done.error());
  store::record_option_exercise(*done, ctx.writes);
  ctx.changed_portfolios.insert(done->exerciser);
  ctx.changed_portfolios.insert(done->writer);
  ServerMessage message;
  message.set_request_id(request.request_id());
  *message.mutable_option_exercised() = exercised_message(*done);
  // Quirk fixed (options.md 8, issue 16): the reference broadcasts this to every connection;
  // we deliver it like any event of the option market (only to those who may see it, always
  // to the requester). The ids stay unhidden, as in the reference: the hiding walk
  // (api/hiding.cpp) does not touch this message.
  ctx.publisher.market_event(*ctx.exchange.market(done->market), message, request.view.id);
}

void get_option_contracts(const Request& request) {
  const MarketId market = request.message.get_option_contracts().market_id();
  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* body = message.mutable_option_contracts();
  body->set_market_id(market);
  // Only the acting account's contracts with something left, ascending id (issue 16).
  for (const OptionContract* contract :
       request.ctx.exchange.option_contracts(market, request.view.acting)) {
    wire::OptionContract* out = body->add_contracts();
    out->set_id(contract->id);
    out->set_option_market_id(contract->market);
    out->set_buyer_id(contract->buyer);
    out->set_writer_id(contract->writer);
    out->set_remaining_amount(to_wire(contract->remaining));
  }
  request.ctx.publisher.reply(request.view.id, message);
}

void get_option_exercises(const Request& request) {
  const MarketId market = request.message.get_option_exercises().market_id();
  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* body = message.mutable_option_exercises();
  body->set_market_id(market);
  for (const OptionExercise* exercise :
       request.ctx.exchange.option_exercises(request.view.acting, market)) {
    *body->add_exercises() = exercised_message(*exercise);
  }
  request.ctx.publisher.reply(request.view.id, message);
}

}  // namespace exchange::api
