#include "store/history_reader.h"

#include <map>

#include "store/text_decimal.h"

namespace exchange::store {

HistoryReader::HistoryReader(const std::string& path) : db_(path, Database::Access::kReadOnly) {}

std::vector<OrderRecord> HistoryReader::orders(MarketId market) {
  std::vector<OrderRecord> records;
  Statement order = db_.prepare(
      "SELECT o.id, o.owner_id, o.transaction_id, x.timestamp, o.side, o.price, o.size"
      " FROM orders o JOIN transactions x ON x.id = o.transaction_id WHERE o.market_id = ?"
      " ORDER BY o.id");
  order.bind(1, market);
  while (order.step()) {
    OrderRecord record;
    record.id = order.int_at(0);
    record.market = market;
    record.owner = order.int_at(1);
    record.placed = Transaction{order.int_at(2), Timestamp{order.int_at(3)}};
    record.side = Side(order.int_at(4));
    record.price = price_from_text(order.text_at(5));
    record.size = quantity_from_text(order.text_at(6));
    records.push_back(std::move(record));
  }
  // Both queries walk the market's orders in id order, so the histories line up.
  Statement size = db_.prepare(
      "SELECT s.order_id, s.transaction_id, x.timestamp, s.size FROM order_size s"
      " JOIN orders o ON o.id = s.order_id JOIN transactions x ON x.id = s.transaction_id"
      " WHERE o.market_id = ? ORDER BY s.order_id, s.transaction_id");
  size.bind(1, market);
  size_t at = 0;
  while (size.step()) {
    const OrderId id = size.int_at(0);
    while (at < records.size() && records[at].id < id) ++at;
    if (at == records.size() || records[at].id != id) continue;
    records[at].sizes.push_back(SizeRecord{Transaction{size.int_at(1), Timestamp{size.int_at(2)}},
                                           quantity_from_text(size.text_at(3))});
  }
  return records;
}

std::vector<Trade> HistoryReader::trades(MarketId market) {
  std::vector<Trade> trades;
  Statement trade = db_.prepare(
      "SELECT t.id, t.buyer_id, t.seller_id, t.price, t.size, t.buyer_is_taker,"
      " t.transaction_id, x.timestamp FROM trade t JOIN transactions x ON x.id ="
      " t.transaction_id WHERE t.market_id = ? ORDER BY t.id");
  trade.bind(1, market);
  while (trade.step()) {
    trades.push_back(Trade{trade.int_at(0), market, trade.int_at(1), trade.int_at(2),
                           price_from_text(trade.text_at(3)), quantity_from_text(trade.text_at(4)),
                           trade.int_at(5) != 0,
                           Transaction{trade.int_at(6), Timestamp{trade.int_at(7)}}});
  }
  return trades;
}

std::vector<Redemption> HistoryReader::redemptions(MarketId fund) {
  std::vector<Redemption> redemptions;
  Statement row = db_.prepare(
      "SELECT r.id, r.redeemer_id, r.amount, r.transaction_id, x.timestamp FROM redemption r"
      " JOIN transactions x ON x.id = r.transaction_id WHERE r.fund_id = ? ORDER BY r.id");
  row.bind(1, fund);
  while (row.step()) {
    Redemption redemption;
    redemption.id = row.int_at(0);
    redemption.account = row.int_at(1);
    redemption.fund = fund;
    redemption.amount = quantity_from_text(row.text_at(2));
    redemption.transaction = Transaction{row.int_at(3), Timestamp{row.int_at(4)}};
    redemptions.push_back(std::move(redemption));
  }
  return redemptions;
}

std::vector<PositionRecord> HistoryReader::positions(MarketId market) {
  std::map<AccountId, PositionRecord> totals;
  auto of = [&](AccountId account) -> PositionRecord& {
    PositionRecord& record = totals[account];
    record.account = account;
    return record;
  };
  Statement trade = db_.prepare("SELECT buyer_id, seller_id, price, size FROM trade WHERE market_id = ?");
  trade.bind(1, market);
  while (trade.step()) {
    const Price price = price_from_text(trade.text_at(2));
    const Quantity size = quantity_from_text(trade.text_at(3));
    PositionRecord& buyer = of(trade.int_at(0));
    buyer.bought += size;
    buyer.buy_value += price * size;
    PositionRecord& seller = of(trade.int_at(1));
    seller.sold += size;
    seller.sell_value += price * size;
  }
  Statement redemption = db_.prepare("SELECT redeemer_id, amount FROM redemption WHERE fund_id = ?");
  redemption.bind(1, market);
  while (redemption.step()) of(redemption.int_at(0)).redeemed += quantity_from_text(redemption.text_at(1));
  std::vector<PositionRecord> records;
  for (auto& [account, record] : totals) records.push_back(record);
  return records;
}

}  // namespace exchange::store
