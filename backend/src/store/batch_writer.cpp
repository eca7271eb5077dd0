#include "store/batch_writer.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace exchange::store {

struct BatchWriter::Statements {
  explicit Statements(Database& db)
      : transaction(db.prepare("INSERT INTO transactions (id, timestamp) VALUES (?, ?)")),
        account(db.prepare("INSERT INTO account (id, identity, name, balance, universe_id, color,"
                           " pending_email) VALUES (?, ?, ?, ?, ?, ?, ?)")),
        relabel(db.prepare(
            "UPDATE account SET identity = ?, name = ?, pending_email = ? WHERE id = ?")),
        universe(db.prepare(
            "INSERT INTO universe (id, name, description, owner_id) VALUES (?, ?, ?, ?)")),
        owner(db.prepare(
            "INSERT OR REPLACE INTO account_owner (account_id, owner_id, credit) VALUES (?, ?, ?)")),
        delete_owner(db.prepare("DELETE FROM account_owner WHERE account_id = ? AND owner_id = ?")),
        balance(db.prepare("UPDATE account SET balance = ? WHERE id = ?")),
        insert_market(db.prepare(
            "INSERT INTO market (id, name, description, owner_id, transaction_id, min_settlement,"
            " max_settlement, redeem_fee, hide_account_ids, pinned, status, type_id, group_id,"
            " universe_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        update_market(db.prepare(
            "UPDATE market SET name = ?, description = ?, hide_account_ids = ?, pinned = ?,"
            " status = ?, type_id = ?, settled_price = ?, settled_transaction_id = ? WHERE id = ?")),
        clear_visible(db.prepare("DELETE FROM market_visible_to WHERE market_id = ?")),
        visible(db.prepare("INSERT INTO market_visible_to (market_id, account_id) VALUES (?, ?)")),
        redeemable(db.prepare(
            "INSERT INTO redeemable (fund_id, constituent_id, multiplier, position)"
            " VALUES (?, ?, ?, ?)")),
        order(db.prepare(
            "INSERT INTO orders (id, market_id, owner_id, transaction_id, price, size, side)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)")),
        order_size(db.prepare(
            "INSERT OR REPLACE INTO order_size (order_id, transaction_id, size) VALUES (?, ?, ?)")),
        current_size(db.prepare("UPDATE orders SET size = ? WHERE id = ?")),
        trade(db.prepare(
            "INSERT INTO trade (id, market_id, buyer_id, seller_id, transaction_id, price, size,"
            " buyer_is_taker) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")),
        transfer(db.prepare(
            "INSERT INTO transfer (id, initiator_id, from_account_id, to_account_id,"
            " transaction_id, amount, note) VALUES (?, ?, ?, ?, ?, ?, ?)")),
        exposure(db.prepare(
            // An upsert, not INSERT OR REPLACE: updating the row in place leaves the
            // exposure_by_market index alone, where a replace deletes and re-inserts both.
            "INSERT INTO exposure (account_id, market_id, position, bid_size,"
            " offer_size, bid_value, offer_value) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (account_id, market_id) DO UPDATE SET position = excluded.position,"
            " bid_size = excluded.bid_size, offer_size = excluded.offer_size,"
            " bid_value = excluded.bid_value, offer_value = excluded.offer_value")),
        delete_exposure(db.prepare("DELETE FROM exposure WHERE account_id = ? AND market_id = ?")),
        market_type(db.prepare(
            "INSERT INTO market_type (id, name, description, public) VALUES (?, ?, ?, ?)")),
        delete_market_type(db.prepare("DELETE FROM market_type WHERE id = ?")),
        market_group(db.prepare(
            "INSERT INTO market_group (id, name, description, type_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET type_id = excluded.type_id")),
        auction(db.prepare(
            "INSERT OR REPLACE INTO auction (id, name, description, owner_id, transaction_id,"
            " settled_price, settled_transaction_id, image_filename, bin_price, buyer_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        delete_auction(db.prepare("DELETE FROM auction WHERE id = ?")),
        clear_auction_buyers(db.prepare("DELETE FROM auction_buyer WHERE auction_id = ?")),
        auction_buyer(db.prepare(
            "INSERT INTO auction_buyer (auction_id, account_id, amount) VALUES (?, ?, ?)")),
        redemption(db.prepare(
            "INSERT INTO redemption (id, redeemer_id, fund_id, transaction_id, amount)"
            " VALUES (?, ?, ?, ?, ?)")),
        option_market(db.prepare(
            "INSERT INTO option_market (market_id, underlying_market_id, strike_price, is_call,"
            " expiration_date) VALUES (?, ?, ?, ?, ?)")),
        option_contract(db.prepare(
            "INSERT OR REPLACE INTO option_contract (id, option_market_id, buyer_id, writer_id,"
            " remaining_amount, trade_id) VALUES (?, ?, ?, ?, ?, ?)")),
        option_exercise(db.prepare(
            "INSERT INTO option_exercise (id, option_market_id, contract_id, exerciser_id,"
            " counterparty_id, amount, transaction_id, is_cash_settled, price)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        status_change(db.prepare("INSERT INTO market_status_change (market_id, status,"
                                 " transaction_id) VALUES (?, ?, ?)")) {}

  Statement transaction, account, relabel, universe, owner, delete_owner, balance, insert_market,
      update_market, clear_visible, visible, redeemable, order, order_size, current_size, trade,
      transfer, exposure, delete_exposure, market_type, delete_market_type, market_group, auction,
      delete_auction, clear_auction_buyers, auction_buyer, redemption, option_market, option_contract, option_exercise;
  Statement status_change;
};

BatchWriter::BatchWriter(Database& db) : db_(db), statements_(std::make_unique<Statements>(db)) {}
BatchWriter::~BatchWriter() = default;

void BatchWriter::commit(const WriteSet& changes, const Exchange& exchange) {
  if (changes.empty()) return;
  in_transaction(db_, [&] { write(changes, exchange); });
}

void BatchWriter::write_market(const Market& m, bool is_new) {
  Statements& s = *statements_;
  if (is_new) {
    s.insert_market.bind(1, m.id)
        .bind(2, std::string_view(m.name))
        .bind(3, std::string_view(m.description))
        .bind(4, m.owner)
        .bind(5, m.created.id)
        .bind(6, to_string(m.min_settlement))
        .bind(7, to_string(m.max_settlement))
        .bind(8, to_string(m.redeem_fee))
        .bind(9, int64_t(m.hide_account_ids))
        .bind(10, int64_t(m.pinned))
        .bind(11, int64_t(m.status))
        .bind(12, m.type_id);
    if (m.group_id > 0) s.insert_market.bind(13, m.group_id); else s.insert_market.bind_null(13);
    s.insert_market.bind(14, m.universe);
    s.insert_market.run();
    if (m.option) {
      const OptionTerms& o = *m.option;
      s.option_market.bind(1, m.id).bind(2, o.underlying).bind(3, to_string(o.strike)).bind(
          4, int64_t(o.is_call));
      if (o.expiration) s.option_market.bind(5, *o.expiration); else s.option_market.bind_null(5);
      s.option_market.run();
    }
    int64_t position = 0;
    for (const Constituent& part : m.constituents) {
      s.redeemable.bind(1, m.id).bind(2, part.market).bind(3, part.multiplier).bind(4, position++);
      s.redeemable.run();
    }
  } else {
    s.update_market.bind(1, std::string_view(m.name))
        .bind(2, std::string_view(m.description))
        .bind(3, int64_t(m.hide_account_ids))
        .bind(4, int64_t(m.pinned))
        .bind(5, int64_t(m.status))
        .bind(6, m.type_id);
    if (m.settlement) {
      s.update_market.bind(7, to_string(m.settlement->price)).bind(8, m.settlement->transaction.id);
    } else {
      s.update_market.bind_null(7).bind_null(8);
    }
    s.update_market.bind(9, m.id).run();
    s.clear_visible.bind(1, m.id).run();
  }
  for (AccountId listed : m.visible_to) s.visible.bind(1, m.id).bind(2, listed).run();
}

void BatchWriter::write(const WriteSet& changes, const Exchange& exchange) {
  Statements& s = *statements_;
  for (const Transaction& tx : changes.transactions) {
    s.transaction.bind(1, tx.id).bind(2, tx.timestamp.micros).run();
  }
  for (AccountId id : changes.new_accounts) {
    const Account& account = *exchange.account(id);
    s.account.bind(1, id)
        .bind(2, account.identity)
        .bind(3, std::string_view(account.name))
        .bind(4, to_string(account.balance))
        .bind(5, account.universe)
        .bind(6, std::string_view(account.color))
        .bind(7, account.pending_email)
        .run();
  }
  for (AccountId id : changes.relabelled_accounts) {
    const Account& account = *exchange.account(id);
    s.relabel.bind(1, account.identity)
        .bind(2, std::string_view(account.name))
        .bind(3, account.pending_email)
        .bind(4, id)
        .run();
  }
  // After the accounts: a universe's owner may be an account of the same batch.
  for (UniverseId id : changes.new_universes) {
    const Universe& u = *exchange.universe(id);
    s.universe.bind(1, id)
        .bind(2, std::string_view(u.name))
        .bind(3, std::string_view(u.description));
    if (u.owner != 0) s.universe.bind(4, u.owner); else s.universe.bind_null(4);
    s.universe.run();
  }
  write_categories(changes, exchange);
  for (MarketId id : changes.new_markets) write_market(*exchange.market(id), true);
  // A market created and changed in one batch is fully written by the insert above.
  for (MarketId id : std::set<MarketId>(changes.changed_markets.begin(),
                                        changes.changed_markets.end())) {
    if (std::find(changes.new_markets.begin(), changes.new_markets.end(), id) ==
        changes.new_markets.end()) {
      write_market(*exchange.market(id), false);
    }
  }
  // Categories are deleted only once their markets have moved away.
  for (MarketTypeId id : changes.deleted_market_types) s.delete_market_type.bind(1, id).run();
  for (const NewOrder& placed : changes.new_orders) {
    const RestingOrder& o = placed.order;
    s.order.bind(1, o.id)
        .bind(2, placed.market)
        .bind(3, o.owner)
        .bind(4, o.placed)
        .bind(5, to_string(o.price))
        .bind(6, to_string(o.size))
        .bind(7, int64_t(o.side))
        .run();
  }
  std::unordered_map<OrderId, Quantity> latest_size;
  for (const OrderSizeChange& change : changes.order_sizes) {
    s.order_size.bind(1, change.order)
        .bind(2, change.transaction)
        .bind(3, to_string(change.size))
        .run();
    latest_size[change.order] = change.size;
  }
  for (const auto& [order, size] : latest_size) {
    s.current_size.bind(1, to_string(size)).bind(2, order).run();
  }
  for (const Trade& t : changes.trades) {
    s.trade.bind(1, t.id)
        .bind(2, t.market)
        .bind(3, t.buyer)
        .bind(4, t.seller)
        .bind(5, t.transaction.id)
        .bind(6, to_string(t.price))
        .bind(7, to_string(t.size))
        .bind(8, int64_t(t.buyer_is_taker))
        .run();
  }
  write_options(changes, exchange);
  for (const StatusChangeRow& row : changes.status_changes) {
    s.status_change.bind(1, row.market)
        .bind(2, int64_t(row.change.status))
        .bind(3, row.change.transaction.id)
        .run();
  }
  for (const Transfer& t : changes.transfers) {
    s.transfer.bind(1, t.id)
        .bind(2, t.initiator)
        .bind(3, t.from)
        .bind(4, t.to)
        .bind(5, t.transaction.id)
        .bind(6, to_string(t.amount))
        .bind(7, std::string_view(t.note))
        .run();
  }
  for (const Redemption& r : changes.redemptions) {
    s.redemption.bind(1, r.id)
        .bind(2, r.account)
        .bind(3, r.fund)
        .bind(4, r.transaction.id)
        .bind(5, to_string(r.amount))
        .run();
  }
  write_auctions(changes, exchange);
  write_redeem_codes(changes, exchange);  // after the transfers their claims name
  for (AccountId id : std::set<AccountId>(changes.balances.begin(), changes.balances.end())) {
    s.balance.bind(1, to_string(exchange.account(id)->balance)).bind(2, id).run();
  }
  // Owner rows of new accounts are written through `credits` too.
  std::set<std::pair<AccountId, AccountId>> credits(changes.credits.begin(),
                                                    changes.credits.end());
  for (AccountId id : changes.new_accounts) {
    for (const OwnerCredit& owner : exchange.account(id)->owners) credits.insert({id, owner.owner});
  }
  for (const auto& key : credits) {
    const AccountId owned = key.first, owner = key.second;  // capturable, unlike a binding
    const Account& account = *exchange.account(owned);
    auto it = std::find_if(account.owners.begin(), account.owners.end(),
                           [&](const OwnerCredit& c) { return c.owner == owner; });
    if (it == account.owners.end()) {
      s.delete_owner.bind(1, owned).bind(2, owner).run();
    } else {
      s.owner.bind(1, owned).bind(2, owner).bind(3, to_string(it->credit)).run();
    }
  }
  for (const auto& [account_id, market_id] : std::set<std::pair<AccountId, MarketId>>(
           changes.exposures.begin(), changes.exposures.end())) {
    const Account& account = *exchange.account(account_id);
    auto row = account.exposures.find(market_id);
    if (row == account.exposures.end()) {
      s.delete_exposure.bind(1, account_id).bind(2, market_id).run();
      continue;
    }
    const Exposure& e = row->second;
    s.exposure.bind(1, account_id)
        .bind(2, market_id)
        .bind(3, to_string(e.position))
        .bind(4, to_string(e.bid_size))
        .bind(5, to_string(e.offer_size))
        .bind(6, to_string(e.bid_value))
        .bind(7, to_string(e.offer_value))
        .run();
  }
}

}  // namespace exchange::store

namespace exchange::store {

void BatchWriter::write_categories(const WriteSet& changes, const Exchange& exchange) {
  Statements& s = *statements_;
  for (MarketTypeId id : changes.new_market_types) {
    const MarketType* type = exchange.market_type(id);
    if (type == nullptr) continue;  // created and deleted in the same batch
    s.market_type.bind(1, id)
        .bind(2, type->name)
        .bind(3, type->description)
        .bind(4, int64_t(type->is_public))
        .run();
  }
  for (MarketGroupId id : changes.new_market_groups) {
    const MarketGroup* group = exchange.market_group(id);
    s.market_group.bind(1, id)
        .bind(2, group->name)
        .bind(3, group->description)
        .bind(4, group->type_id)
        .run();
  }
}

void BatchWriter::write_auctions(const WriteSet& changes, const Exchange& exchange) {
  Statements& s = *statements_;
  for (AuctionId id : std::set<AuctionId>(changes.auctions.begin(), changes.auctions.end())) {
    const Auction* a = exchange.auction(id);
    if (a == nullptr) continue;  // deleted later in the batch
    s.auction.bind(1, id).bind(2, a->name).bind(3, a->description).bind(4, a->owner).bind(
        5, a->created.id);
    if (a->settled_price) {
      s.auction.bind(6, to_string(*a->settled_price)).bind(7, a->settled.id);
    } else {
      s.auction.bind_null(6).bind_null(7);
    }
    s.auction.bind(8, a->image_filename);
    if (a->bin_price) s.auction.bind(9, to_string(*a->bin_price)); else s.auction.bind_null(9);
    s.auction.bind(10, a->buyer).run();
    // Rewritten whole: the REPLACE above may have cascaded to them.
    s.clear_auction_buyers.bind(1, id).run();
    for (const AuctionBuyer& buyer : a->buyers) {
      s.auction_buyer.bind(1, id).bind(2, buyer.account).bind(3, to_string(buyer.amount)).run();
    }
  }
  for (AuctionId id : changes.deleted_auctions) s.delete_auction.bind(1, id).run();
}

}  // namespace exchange::store

namespace exchange::store {

// After the trades (contracts name them) and the transactions (exercises name theirs).
void BatchWriter::write_options(const WriteSet& changes, const Exchange& exchange) {
  Statements& s = *statements_;
  for (ContractId id : std::set<ContractId>(changes.option_contracts.begin(),
                                            changes.option_contracts.end())) {
    const OptionContract& c = *exchange.option_contract(id);
    s.option_contract.bind(1, c.id)
        .bind(2, c.market)
        .bind(3, c.buyer)
        .bind(4, c.writer)
        .bind(5, to_string(c.remaining))
        .bind(6, c.trade)
        .run();
  }
  for (const OptionExercise& e : changes.option_exercises) {
    s.option_exercise.bind(1, e.id)
        .bind(2, e.market)
        .bind(3, e.contract)
        .bind(4, e.exerciser)
        .bind(5, e.writer)
        .bind(6, to_string(e.amount))
        .bind(7, e.transaction.id)
        .bind(8, int64_t(e.cash))
        .bind(9, to_string(e.price))
        .run();
  }
}

}  // namespace exchange::store
