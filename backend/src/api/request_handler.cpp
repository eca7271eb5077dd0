#include "api/request_handler.h"

#include "api/account_commands.h"
#include "api/input_limits.h"
#include "api/login.h"
#include "api/request.h"
#include "api/request_kinds.h"
#include "api/snapshot.h"
#include "api/wire.h"

namespace exchange::api {
namespace {

std::optional<std::string_view> gate_refusal(const Gates& gates,
                                             const messaging::CohortFlags& cohort,
                                             const SessionView& view) {
  if (gates.auctions && !cohort.auctions_enabled) return "Auctions are disabled for this cohort";
  if (gates.read_only && cohort.read_only) return "Cohort is read-only";
  if (gates.members && !view.is_member) return "Auction access only";
  return std::nullopt;
}

// What became of the request or login answered since `before` was taken.
metrics::Outcome outcome_since(const BatchContext::Tally& before, const BatchContext::Tally& now) {
  if (now.rate_limited != before.rate_limited) return metrics::Outcome::kRateLimited;
  if (now.refused != before.refused) return metrics::Outcome::kFailed;
  return metrics::Outcome::kOk;
}

}  // namespace

void RequestHandler::handle(BatchContext& ctx, SessionId session, const ClientMessage& message) {
  const BatchContext::Tally before = ctx.tally;
  const size_t kind = dispatch(ctx, session, message);
  if (kind != kNotCounted) metrics_.request(kind, outcome_since(before, ctx.tally));
}

size_t RequestHandler::dispatch(BatchContext& ctx, SessionId session, const ClientMessage& message) {
  ++ctx.processed[session];
  SessionView* view = ctx.sessions.find(session);
  if (view == nullptr) return kNotCounted;  // closed meanwhile
  const Request request{ctx, *view, message};
  const RequestKind* entry = find_request_kind(message.message_case());
  const size_t index = request_kind_index(entry);
  const std::string_view kind = entry != nullptr ? entry->name : "Unknown";
  if (message.request_id().size() > kMaxRequestIdBytes) {
    // It would be copied into every result, broadcasts included; answered with a prefix so
    // that the client can still tell which request failed.
    ++ctx.tally.refused;
    ctx.publisher.reply(session, request_failed(kind, "Request id must be at most 256 bytes",
                                                message.request_id().substr(0, kMaxRequestIdBytes)));
    return index;
  }
  if (message.message_case() == ClientMessage::kAuthenticate) {
    request.fail(kind, "Already authenticated");
    return index;
  }
  if (entry == nullptr || entry->handler == nullptr) {
    request.fail(kind, "Not implemented yet by this server");
    return index;
  }
  // The cohort gates come first, so a gated refusal uses no rate token (cohorts.md 5.2).
  if (const std::optional<std::string_view> closed = gate_refusal(entry->gates, ctx.cohort, *view)) {
    request.fail(kind, *closed);
    return index;
  }
  if (entry->rate &&
      !request.take_rate(*entry->rate,
                         entry->rate_limited_as.empty() ? kind : entry->rate_limited_as)) {
    return index;
  }
  entry->handler(request);
  return index;
}

void RequestHandler::login(BatchContext& ctx, SessionId session, const ClientMessage& message,
                           const messaging::Identity& identity) {
  const BatchContext::Tally before = ctx.tally;
  const size_t snapshot_bytes = log_in(ctx, session, message, identity);
  metrics_.login(outcome_since(before, ctx.tally), snapshot_bytes);
}

void RequestHandler::provision(BatchContext& ctx, const messaging::Identity& identity) {
  provision_account(ctx, identity);
}

messaging::AccountCommandResult RequestHandler::account_command(
    BatchContext& ctx, const messaging::AccountCommand& command) {
  return run_account_command(ctx, command);
}

void RequestHandler::closed(BatchContext& ctx, SessionId session) { ctx.sessions.remove(session); }

void RequestHandler::finish(BatchContext& ctx) {
  for (AccountId id : ctx.changed_portfolios) {
    if (ctx.exchange.account(id) == nullptr) continue;
    ServerMessage update;
    *update.mutable_portfolio_updated() = read_portfolio(ctx, id);
    ctx.publisher.to_owners_of(id, update);
  }
  for (const auto& [session, count] : ctx.processed) {
    ctx.publisher.control({session, messaging::SessionControl::Kind::kProcessed, count, {}});
  }
}

}  // namespace exchange::api
