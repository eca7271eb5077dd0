#include "store/loader.h"

#include <algorithm>
#include <map>
#include <vector>

#include "store/redeem_code_rows.h"
#include "store/text_decimal.h"

namespace exchange::store {
namespace {

void load_accounts(Database& db, Exchange& exchange) {
  std::map<AccountId, std::vector<OwnerCredit>> owners;
  Statement credit = db.prepare(
      "SELECT account_id, owner_id, credit FROM account_owner ORDER BY account_id, owner_id");
  while (credit.step()) {
    owners[credit.int_at(0)].push_back({credit.int_at(1), money_from_text(credit.text_at(2))});
  }
  Statement row = db.prepare(
      "SELECT id, identity, name, balance, universe_id, color, pending_email FROM account"
      " ORDER BY id");
  while (row.step()) {
    Account account;
    account.id = row.int_at(0);
    if (!row.is_null(1)) account.identity = std::string(row.text_at(1));
    account.name = std::string(row.text_at(2));
    account.balance = money_from_text(row.text_at(3));
    account.universe = row.int_at(4);
    account.color = std::string(row.text_at(5));
    if (!row.is_null(6)) account.pending_email = std::string(row.text_at(6));
    if (auto it = owners.find(account.id); it != owners.end()) account.owners = it->second;
    exchange.restore_account(std::move(account));
  }
}

void load_universes(Database& db, Exchange& exchange) {
  Statement row =
      db.prepare("SELECT id, name, description, owner_id FROM universe ORDER BY id");
  while (row.step()) {
    exchange.restore_universe({row.int_at(0), std::string(row.text_at(1)),
                               std::string(row.text_at(2)), row.is_null(3) ? 0 : row.int_at(3)});
  }
}

void load_categories(Database& db, Exchange& exchange) {
  Statement type = db.prepare("SELECT id, name, description, public FROM market_type ORDER BY id");
  while (type.step()) {
    exchange.restore_market_type({type.int_at(0), std::string(type.text_at(1)),
                                  std::string(type.text_at(2)), type.int_at(3) != 0});
  }
  Statement group =
      db.prepare("SELECT id, name, description, type_id FROM market_group ORDER BY id");
  while (group.step()) {
    exchange.restore_market_group({group.int_at(0), std::string(group.text_at(1)),
                                   std::string(group.text_at(2)), group.int_at(3)});
  }
}

void load_markets(Database& db, Exchange& exchange) {
  std::map<MarketId, std::vector<AccountId>> visible;
  Statement listed =
      db.prepare("SELECT market_id, account_id FROM market_visible_to ORDER BY market_id, account_id");
  while (listed.step()) visible[listed.int_at(0)].push_back(listed.int_at(1));
  std::map<MarketId, std::vector<Constituent>> parts;
  Statement part = db.prepare(
      "SELECT fund_id, constituent_id, multiplier FROM redeemable ORDER BY fund_id, position");
  while (part.step()) parts[part.int_at(0)].push_back({part.int_at(1), part.int_at(2)});

  std::map<MarketId, OptionTerms> options;
  Statement option = db.prepare(
      "SELECT market_id, underlying_market_id, strike_price, is_call, expiration_date"
      " FROM option_market");
  while (option.step()) {
    OptionTerms terms{option.int_at(1), price_from_text(option.text_at(2)), option.int_at(3) != 0,
                      std::nullopt};
    if (!option.is_null(4)) terms.expiration = option.int_at(4);
    options[option.int_at(0)] = terms;
  }

  Statement row = db.prepare(
      "SELECT m.id, m.name, m.description, m.owner_id, m.transaction_id, created.timestamp,"
      " m.min_settlement, m.max_settlement, m.settled_price, m.settled_transaction_id,"
      " settled.timestamp, m.redeem_fee, m.hide_account_ids, m.pinned, m.status, m.type_id,"
      " m.group_id, m.universe_id"
      " FROM market m JOIN transactions created ON created.id = m.transaction_id"
      " LEFT JOIN transactions settled ON settled.id = m.settled_transaction_id ORDER BY m.id");
  while (row.step()) {
    Market m;
    m.id = row.int_at(0);
    m.name = std::string(row.text_at(1));
    m.description = std::string(row.text_at(2));
    m.owner = row.int_at(3);
    m.created = Transaction{row.int_at(4), Timestamp{row.int_at(5)}};
    m.min_settlement = price_from_text(row.text_at(6));
    m.max_settlement = price_from_text(row.text_at(7));
    if (!row.is_null(8)) {
      m.settlement = Settlement{price_from_text(row.text_at(8)),
                                Transaction{row.int_at(9), Timestamp{row.int_at(10)}}};
    }
    m.redeem_fee = money_from_text(row.text_at(11));
    m.hide_account_ids = row.int_at(12) != 0;
    m.pinned = row.int_at(13) != 0;
    const int64_t status = row.int_at(14);
    m.status = status >= 0 && status <= 2 ? MarketStatus(status) : MarketStatus::kOpen;
    m.type_id = row.int_at(15);
    m.group_id = row.is_null(16) ? 0 : row.int_at(16);
    m.universe = row.int_at(17);
    if (auto it = visible.find(m.id); it != visible.end()) m.visible_to = it->second;
    if (auto it = parts.find(m.id); it != parts.end()) m.constituents = it->second;
    if (auto it = options.find(m.id); it != options.end()) m.option = it->second;
    exchange.restore_market(std::move(m));
  }
}

void load_books_and_exposures(Database& db, Exchange& exchange) {
  // Read every live order, then restore them in book order (by market, side, price from the
  // best, then placement): each queue keeps its time priority, and every new price level is
  // appended to its side instead of searched for, which is what makes start-up fast.
  std::vector<std::pair<MarketId, RestingOrder>> live;
  Statement order = db.prepare(
      "SELECT o.id, o.market_id, o.owner_id, o.transaction_id, o.price, o.size, o.side,"
      " x.timestamp FROM orders o JOIN transactions x ON x.id = o.transaction_id"
      " WHERE o.size != '0'");
  while (order.step()) {
    live.emplace_back(order.int_at(1),
                      RestingOrder{order.int_at(0), order.int_at(2), order.int_at(3),
                                   Side(order.int_at(6)), price_from_text(order.text_at(4)),
                                   quantity_from_text(order.text_at(5)),
                                   Timestamp{order.int_at(7)}});
  }
  std::sort(live.begin(), live.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    const RestingOrder& x = a.second;
    const RestingOrder& y = b.second;
    if (x.side != y.side) return x.side < y.side;
    if (x.price != y.price) return x.side == Side::kBid ? x.price > y.price : x.price < y.price;
    if (x.placed != y.placed) return x.placed < y.placed;
    return x.id < y.id;
  });
  for (const auto& [market, resting] : live) exchange.restore_order(market, resting);
  Statement row = db.prepare(
      "SELECT account_id, market_id, position, bid_size, offer_size, bid_value, offer_value"
      " FROM exposure ORDER BY account_id, market_id");
  while (row.step()) {
    Exposure exposure{quantity_from_text(row.text_at(2)), quantity_from_text(row.text_at(3)),
                      quantity_from_text(row.text_at(4)), money_from_text(row.text_at(5)),
                      money_from_text(row.text_at(6))};
    exchange.restore_exposure(row.int_at(0), row.int_at(1), exposure);
  }
}

void load_transfers(Database& db, Exchange& exchange) {
  Statement row = db.prepare(
      "SELECT t.id, t.initiator_id, t.from_account_id, t.to_account_id, t.amount, t.note,"
      " t.transaction_id, x.timestamp FROM transfer t JOIN transactions x ON x.id ="
      " t.transaction_id ORDER BY t.id");
  while (row.step()) {
    exchange.restore_transfer(Transfer{row.int_at(0), row.int_at(1), row.int_at(2),
                                       row.int_at(3), money_from_text(row.text_at(4)),
                                       std::string(row.text_at(5)),
                                       Transaction{row.int_at(6), Timestamp{row.int_at(7)}}});
  }
}

// Each sold auction's contributors (migration 0007), by account id.
void load_auction_buyers(Database& db, Exchange& exchange) {
  Statement row = db.prepare(
      "SELECT auction_id, account_id, amount FROM auction_buyer ORDER BY auction_id, account_id");
  std::map<AuctionId, std::vector<AuctionBuyer>> buyers;
  while (row.step()) {
    buyers[row.int_at(0)].push_back({row.int_at(1), money_from_text(row.text_at(2))});
  }
  for (auto& [id, list] : buyers) {
    const Auction* sold = exchange.auction(id);
    if (sold == nullptr) continue;
    Auction restored = *sold;
    restored.buyers = std::move(list);
    exchange.restore_auction(std::move(restored));
  }
}

void load_auctions(Database& db, Exchange& exchange) {
  Statement row = db.prepare(
      "SELECT a.id, a.name, a.description, a.owner_id, a.transaction_id, created.timestamp,"
      " a.settled_price, a.settled_transaction_id, settled.timestamp, a.image_filename,"
      " a.bin_price, a.buyer_id FROM auction a"
      " JOIN transactions created ON created.id = a.transaction_id"
      " LEFT JOIN transactions settled ON settled.id = a.settled_transaction_id ORDER BY a.id");
  while (row.step()) {
    Auction a;
    a.id = row.int_at(0);
    a.name = std::string(row.text_at(1));
    a.description = std::string(row.text_at(2));
    a.owner = row.int_at(3);
    a.created = Transaction{row.int_at(4), Timestamp{row.int_at(5)}};
    if (!row.is_null(6)) {
      a.settled_price = money_from_text(row.text_at(6));
      a.settled = Transaction{row.int_at(7), Timestamp{row.int_at(8)}};
    }
    if (!row.is_null(9)) a.image_filename = std::string(row.text_at(9));
    if (!row.is_null(10)) a.bin_price = money_from_text(row.text_at(10));
    a.buyer = row.int_at(11);
    exchange.restore_auction(std::move(a));
  }
  load_auction_buyers(db, exchange);
}

void load_options(Database& db, Exchange& exchange) {
  Statement contract = db.prepare(
      "SELECT id, option_market_id, buyer_id, writer_id, remaining_amount, trade_id"
      " FROM option_contract ORDER BY id");
  while (contract.step()) {
    exchange.restore_option_contract({contract.int_at(0), contract.int_at(1), contract.int_at(2),
                                      contract.int_at(3), quantity_from_text(contract.text_at(4)),
                                      contract.int_at(5)});
  }
  Statement exercise = db.prepare(
      "SELECT e.id, e.option_market_id, o.underlying_market_id, e.contract_id, e.exerciser_id,"
      " e.counterparty_id, e.amount, e.price, e.is_cash_settled, e.transaction_id, x.timestamp"
      " FROM option_exercise e JOIN option_market o ON o.market_id = e.option_market_id"
      " JOIN transactions x ON x.id = e.transaction_id ORDER BY e.id");
  while (exercise.step()) {
    exchange.restore_option_exercise(
        {exercise.int_at(0), exercise.int_at(1), exercise.int_at(2), exercise.int_at(3),
         exercise.int_at(4), exercise.int_at(5), quantity_from_text(exercise.text_at(6)),
         price_from_text(exercise.text_at(7)), exercise.int_at(8) != 0,
         Transaction{exercise.int_at(9), Timestamp{exercise.int_at(10)}}});
  }
}

// Portfolio.traded_market_ids (additions.md 6.2): one scan at start-up, so that no portfolio
// ever reads the history. Ordered so that each account's list is built by appending.
void load_traded_markets(Database& db, Exchange& exchange) {
  Statement pair = db.prepare(
      "SELECT buyer_id, market_id FROM trade UNION SELECT seller_id, market_id FROM trade"
      " UNION SELECT redeemer_id, fund_id FROM redemption ORDER BY 1, 2");
  while (pair.step()) exchange.restore_traded_market(pair.int_at(0), pair.int_at(1));
}

// Each market's status log and last trade (additions.md 5, 6.4). The last trade is one index
// seek per market, not a scan of the trade table.
void load_market_records(Database& db, Exchange& exchange) {
  Statement change = db.prepare(
      "SELECT c.market_id, c.status, c.transaction_id, x.timestamp FROM market_status_change c"
      " JOIN transactions x ON x.id = c.transaction_id ORDER BY c.market_id, c.transaction_id");
  while (change.step()) {
    const int64_t status = change.int_at(1);
    exchange.restore_status_change(
        change.int_at(0),
        {status >= 0 && status <= 2 ? MarketStatus(status) : MarketStatus::kOpen,
         Transaction{change.int_at(2), Timestamp{change.int_at(3)}}});
  }
  Statement last = db.prepare(
      "SELECT t.id, t.market_id, t.buyer_id, t.seller_id, t.price, t.size, t.buyer_is_taker,"
      " t.transaction_id, x.timestamp FROM market m"
      " JOIN trade t ON t.id = (SELECT MAX(id) FROM trade WHERE market_id = m.id)"
      " JOIN transactions x ON x.id = t.transaction_id");
  while (last.step()) {
    exchange.restore_last_trade(Trade{last.int_at(0), last.int_at(1), last.int_at(2),
                                      last.int_at(3), price_from_text(last.text_at(4)),
                                      quantity_from_text(last.text_at(5)), last.int_at(6) != 0,
                                      Transaction{last.int_at(7), Timestamp{last.int_at(8)}}});
  }
}

int64_t next_id(Database& db, const char* table) {
  Statement max = db.prepare(std::string("SELECT COALESCE(MAX(id), 0) + 1 FROM ") + table);
  max.step();
  const int64_t next = max.int_at(0);
  max.reset();
  return next;
}

}  // namespace

void load_exchange(Database& db, Exchange& exchange) {
  load_accounts(db, exchange);
  load_universes(db, exchange);
  load_categories(db, exchange);
  load_markets(db, exchange);
  load_books_and_exposures(db, exchange);
  load_transfers(db, exchange);
  load_auctions(db, exchange);
  load_options(db, exchange);
  load_traded_markets(db, exchange);
  load_redeem_codes(db, exchange);
  load_market_records(db, exchange);
  IdCounters counters;
  counters.next_transaction = next_id(db, "transactions");
  counters.next_order = next_id(db, "orders");
  counters.next_trade = next_id(db, "trade");
  counters.next_market = next_id(db, "market");
  counters.next_account = next_id(db, "account");
  counters.next_transfer = next_id(db, "transfer");
  counters.next_market_type = next_id(db, "market_type");
  counters.next_market_group = next_id(db, "market_group");
  counters.next_auction = next_id(db, "auction");
  counters.next_redemption = next_id(db, "redemption");
  counters.next_option_contract = next_id(db, "option_contract");
  counters.next_option_exercise = next_id(db, "option_exercise");
  exchange.restore_counters(counters);
}

}  // namespace exchange::store
