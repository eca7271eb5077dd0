#include "api/snapshot.h"

#include "api/hiding.h"
#include "api/wire.h"

namespace exchange::api {

void send_private_snapshot(Publisher& publisher, const Exchange& exchange,
                           const SessionView& view) {
  ServerMessage transfers;
  auto* list = transfers.mutable_transfers();
  for (const Transfer* transfer : exchange.transfers_touching(view.owned)) {
    *list->add_transfers() = to_wire(*transfer);
  }
  publisher.reply(view.id, transfers);

  ServerMessage portfolios;
  auto* all = portfolios.mutable_portfolios();
  for (AccountId id : view.owned) {
    if (const Account* account = exchange.account(id)) {
      *all->add_portfolios() = to_wire_portfolio(*account);
    }
  }
  all->set_are_new_ownerships(false);
  publisher.reply(view.id, portfolios);
}

void send_public_snapshot(Publisher& publisher, const Exchange& exchange,
                          const SessionView& view) {
  ServerMessage accounts;
  accounts.mutable_accounts();  // set even when empty: the oneof case is the message kind
  for (const Account* account : exchange.accounts_by_id()) {
    *accounts.mutable_accounts()->add_accounts() = to_wire(*account);
  }
  publisher.reply(view.id, accounts);

  ServerMessage types;
  types.mutable_market_types();
  for (const auto& [id, type] : exchange.market_types()) {
    *types.mutable_market_types()->add_market_types() = to_wire(type);
  }
  publisher.reply(view.id, types);

  ServerMessage groups;
  groups.mutable_market_groups();
  for (const auto& [id, group] : exchange.market_groups()) {
    *groups.mutable_market_groups()->add_market_groups() = to_wire(group);
  }
  publisher.reply(view.id, groups);

  for (const Market* market : exchange.markets_by_id()) {
    if (!view.can_see(*market)) continue;
    ServerMessage described;
    *described.mutable_market() = to_wire(*market);
    publisher.reply(view.id, described);

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
    publisher.reply(view.id, orders);

    ServerMessage trades;  // always empty: clients fetch trades with GetFullTradeHistory
    trades.mutable_trades()->set_market_id(market->id);
    trades.mutable_trades()->set_hasfullhistory(false);
    publisher.reply(view.id, trades);
  }
}

}  // namespace exchange::api
