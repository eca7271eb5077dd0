#include "api/snapshot.h"

#include "api/hiding.h"
#include "api/market_records.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

websocket_api::Portfolio read_portfolio(BatchContext& ctx, AccountId id) {
  if (ctx.exchange.rebalance_credits(id)) store::record_credits(*ctx.exchange.account(id), ctx.writes);
  return to_wire_portfolio(*ctx.exchange.account(id));
}

void send_private_snapshot(BatchContext& ctx, const SessionView& view) {
  Publisher& publisher = ctx.publisher;
  const Exchange& exchange = ctx.exchange;
  ServerMessage transfers;
  auto* list = transfers.mutable_transfers();
  for (const Transfer* transfer : exchange.transfers_touching(view.owned)) {
    *list->add_transfers() = to_wire(*transfer);
  }
  publisher.snapshot_reply(view.id, transfers);

  ServerMessage portfolios;
  auto* all = portfolios.mutable_portfolios();
  for (AccountId id : view.owned) {
    if (exchange.account(id) != nullptr) *all->add_portfolios() = read_portfolio(ctx, id);
  }
  all->set_are_new_ownerships(false);
  publisher.snapshot_reply(view.id, portfolios);
}

ServerMessage all_accounts_message(const Exchange& exchange) {
  ServerMessage accounts;
  accounts.mutable_accounts();  // set even when empty: the oneof case is the message kind
  for (const Account* account : exchange.accounts_by_id()) {
    *accounts.mutable_accounts()->add_accounts() = to_wire(*account);
  }
  return accounts;
}

void send_public_snapshot(BatchContext& ctx, const SessionView& view) {
  Publisher& publisher = ctx.publisher;
  const Exchange& exchange = ctx.exchange;
  publisher.snapshot_reply(view.id, all_accounts_message(exchange));

  ServerMessage universes;
  universes.mutable_universes();
  for (const auto& [id, universe] : exchange.universes()) {
    *universes.mutable_universes()->add_universes() = to_wire(universe);
  }
  publisher.snapshot_reply(view.id, universes);

  ServerMessage types;
  types.mutable_market_types();
  for (const auto& [id, type] : exchange.market_types()) {
    *types.mutable_market_types()->add_market_types() = to_wire(type);
  }
  publisher.snapshot_reply(view.id, types);

  ServerMessage groups;
  groups.mutable_market_groups();
  for (const auto& [id, group] : exchange.market_groups()) {
    *groups.mutable_market_groups()->add_market_groups() = to_wire(group);
  }
  publisher.snapshot_reply(view.id, groups);

  for (const Market* market : exchange.markets_by_id()) {
    // Sudo admins too see only the universe they act in (cohorts.md 6.2 step 10).
    if (market->universe != view.universe || !view.can_see(*market)) continue;
    ServerMessage described;
    *described.mutable_market() = to_wire(*market);
    publisher.snapshot_reply(view.id, described);

    ServerMessage orders;
    auto* book = orders.mutable_orders();
    book->set_market_id(market->id);
    book->set_hasfullhistory(false);
    for (const RestingOrder& order : exchange.book(market->id)->orders_by_id()) {
      *book->add_orders() = to_wire(market->id, order);
    }
    if (market->hide_account_ids && !view.sudo_admin()) {
      hide_account_ids(orders, [&](int64_t id) { return view.owns(id); });
    }
    publisher.snapshot_reply(view.id, orders);

    // additions.md 6.4 and 5.3: the last trade only (clients fetch the rest with
    // GetFullTradeHistory), then the status log, sent even when empty.
    publisher.snapshot_reply(view.id, snapshot_trades_message(exchange, *market, view));
    publisher.snapshot_reply(view.id, status_changes_message(exchange, market->id));
  }
  // cohorts.md 6.2 step 11: auctions only while the cohort has them enabled.
  for (const auto& [id, auction] : exchange.auctions()) {
    if (!ctx.cohort.auctions_enabled) break;
    ServerMessage listed;
    *listed.mutable_auction() = to_wire(auction);
    publisher.snapshot_reply(view.id, listed);
  }
}

}  // namespace exchange::api

namespace exchange::api {

ServerMessage acting_as_message(const Exchange& exchange, const SessionView& view,
                                const std::string& request_id) {
  ServerMessage message;
  message.set_request_id(request_id);
  auto* acting = message.mutable_acting_as();
  acting->set_account_id(view.acting);
  acting->set_universe_id(exchange.universe_of(view.acting));
  acting->set_user_id(view.user);
  return message;
}

bool follow_acting_universe(BatchContext& ctx, SessionId session) {
  const SessionView* view = ctx.sessions.find(session);
  const UniverseId target = ctx.exchange.universe_of(view->acting);
  if (target == view->universe) return false;
  ctx.sessions.set_universe(session, target);
  send_public_snapshot(ctx, *ctx.sessions.find(session));
  return true;
}

void resync_owners_of(BatchContext& ctx, AccountId account) {
  for (SessionId id : ctx.sessions.sessions_owning(account)) {
    SessionView* view = ctx.sessions.find(id);
    ctx.undo.push_back([&sessions = ctx.sessions, saved = *view] { sessions.restore(saved); });
    ctx.sessions.set_owned(id, ctx.exchange.owned_set(view->user));
    bool switched = false;
    if (!view->owns(view->acting)) {
      view->acting = view->user;
      ctx.publisher.reply(id, acting_as_message(ctx.exchange, *view));
      const UniverseId home = ctx.exchange.universe_of(view->user);
      switched = home != view->universe;
      ctx.sessions.set_universe(id, home);
    }
    send_private_snapshot(ctx, *view);
    // The reference leaves an admin looking at the lost account's universe (cohorts.md 6.3);
    // live events follow the acting universe here, so admins get the re-send too.
    if (!view->is_admin || switched) send_public_snapshot(ctx, *view);
  }
}

}  // namespace exchange::api
