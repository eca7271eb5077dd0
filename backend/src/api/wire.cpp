#include "api/wire.h"

#include <algorithm>
#include <bit>
#include <cstdlib>

namespace exchange::api {
namespace {

template <int Scale>
double fixed_to_double(int128 units) {
  constexpr int128 kExact = int128(1) << 53;
  constexpr double kDivisor = double(pow10_i128(Scale));
  // Both operands exact: IEEE division rounds the quotient correctly.
  if (units < kExact && units > -kExact) return double(units) / kDivisor;
  return std::strtod(format_units(units, Scale).c_str(), nullptr);
}

}  // namespace

std::optional<Decimal> decimal_from_wire(double value) {
  return decode_binary64(std::bit_cast<uint64_t>(value));
}

double to_wire(Money value) { return fixed_to_double<Money::kScale>(value.units()); }
double to_wire(Price value) { return fixed_to_double<Price::kScale>(value.units()); }
double to_wire(Quantity value) { return fixed_to_double<Quantity::kScale>(value.units()); }

void set_timestamp(Timestamp time, google::protobuf::Timestamp* out) {
  int64_t seconds = time.micros / 1'000'000;
  int64_t micros = time.micros % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(int32_t(micros * 1000));
}

std::optional<Side> side_from_wire(int value) {
  if (value == wire::BID) return Side::kBid;
  if (value == wire::OFFER) return Side::kOffer;
  return std::nullopt;
}

std::optional<MarketStatus> market_status_from_wire(int value) {
  switch (value) {
    case wire::MARKET_STATUS_OPEN:
      return MarketStatus::kOpen;
    case wire::MARKET_STATUS_SEMI_PAUSED:
      return MarketStatus::kSemiPaused;
    case wire::MARKET_STATUS_PAUSED:
      return MarketStatus::kPaused;
    default:
      return std::nullopt;
  }
}

wire::Side to_wire(Side side) { return side == Side::kBid ? wire::BID : wire::OFFER; }

wire::Market to_wire(const Market& m) {
  wire::Market out;
  out.set_id(m.id);
  out.set_name(m.name);
  out.set_description(m.description);
  out.set_universe_id(m.universe);
  for (const Constituent& part : m.constituents) {
    wire::Redeemable* redeemable = out.add_redeemable_for();
    redeemable->set_constituent_id(part.market);
    redeemable->set_multiplier(part.multiplier);
  }
  out.set_min_settlement(to_wire(m.min_settlement));
  out.set_max_settlement(to_wire(m.max_settlement));
  if (m.settlement) {
    wire::Market::Closed* closed = out.mutable_closed();
    closed->set_settle_price(to_wire(m.settlement->price));
    closed->set_transaction_id(m.settlement->transaction.id);
    set_timestamp(m.settlement->transaction.timestamp, closed->mutable_transaction_timestamp());
  } else {
    out.mutable_open();
  }
  out.set_owner_id(m.owner);
  out.set_redeem_fee(to_wire(m.redeem_fee));
  out.set_transaction_id(m.created.id);
  set_timestamp(m.created.timestamp, out.mutable_transaction_timestamp());
  for (AccountId id : m.visible_to) out.add_visible_to(id);
  out.set_pinned(m.pinned);
  out.set_type_id(m.type_id);
  out.set_group_id(m.group_id);
  out.set_status(wire::MarketStatus(int(m.status)));
  if (m.option) {
    wire::OptionInfo* option = out.mutable_option();
    option->set_underlying_market_id(m.option->underlying);
    option->set_strike_price(to_wire(m.option->strike));
    option->set_is_call(m.option->is_call);
    if (m.option->expiration) option->mutable_expiration_date()->set_seconds(*m.option->expiration);
  }
  return out;
}

wire::Order to_wire(MarketId market, const RestingOrder& order) {
  wire::Order out;
  out.set_id(order.id);
  out.set_market_id(market);
  out.set_transaction_id(order.placed);
  out.set_price(to_wire(order.price));
  out.set_size(to_wire(order.size));
  out.set_side(to_wire(order.side));
  out.set_owner_id(order.owner);
  set_timestamp(order.placed_at, out.mutable_transaction_timestamp());
  return out;
}

wire::Order to_wire(const store::OrderRecord& record) {
  wire::Order out;
  out.set_id(record.id);
  out.set_market_id(record.market);
  out.set_transaction_id(record.placed.id);
  out.set_price(to_wire(record.price));
  out.set_size(to_wire(record.size));
  out.set_side(to_wire(record.side));
  out.set_owner_id(record.owner);
  set_timestamp(record.placed.timestamp, out.mutable_transaction_timestamp());
  for (const store::SizeRecord& change : record.sizes) {
    wire::Size* size = out.add_sizes();
    size->set_transaction_id(change.transaction.id);
    size->set_size(to_wire(change.size));
    set_timestamp(change.transaction.timestamp, size->mutable_transaction_timestamp());
  }
  return out;
}

wire::Trade to_wire(const Trade& trade) {
  wire::Trade out;
  out.set_id(trade.id);
  out.set_market_id(trade.market);
  out.set_transaction_id(trade.transaction.id);
  out.set_price(to_wire(trade.price));
  out.set_size(to_wire(trade.size));
  out.set_buyer_id(trade.buyer);
  out.set_seller_id(trade.seller);
  set_timestamp(trade.transaction.timestamp, out.mutable_transaction_timestamp());
  out.set_buyer_is_taker(trade.buyer_is_taker);
  return out;
}

wire::Transfer to_wire(const Transfer& transfer) {
  wire::Transfer out;
  out.set_id(transfer.id);
  out.set_initiator_id(transfer.initiator);
  out.set_from_account_id(transfer.from);
  out.set_to_account_id(transfer.to);
  out.set_amount(to_wire(transfer.amount));
  out.set_note(transfer.note);
  out.set_transaction_id(transfer.transaction.id);
  set_timestamp(transfer.transaction.timestamp, out.mutable_transaction_timestamp());
  return out;
}

wire::Redeemed to_wire(const Redemption& redemption) {
  wire::Redeemed out;
  out.set_account_id(redemption.account);
  out.set_fund_id(redemption.fund);
  out.set_amount(to_wire(redemption.amount));
  out.set_transaction_id(redemption.transaction.id);
  set_timestamp(redemption.transaction.timestamp, out.mutable_transaction_timestamp());
  return out;
}

wire::Account to_wire(const Account& account) {
  wire::Account out;
  out.set_id(account.id);
  out.set_name(account.name);
  out.set_is_user(account.is_user());
  out.set_universe_id(account.universe);
  // The reference sends an absent colour as "" in snapshots; absent is what it means
  // (cohorts.md 10.20).
  if (!account.color.empty()) out.set_color(account.color);
  return out;
}

wire::Universe to_wire(const Universe& universe) {
  wire::Universe out;
  out.set_id(universe.id);
  out.set_name(universe.name);
  out.set_description(universe.description);
  out.set_owner_id(universe.owner);
  return out;
}

wire::Portfolio to_wire_portfolio(const Account& account) {
  wire::Portfolio out;
  out.set_account_id(account.id);
  out.set_total_balance(to_wire(account.balance));
  out.set_available_balance(to_wire(account.available_balance()));
  for (const auto& [market, e] : account.exposures) {
    wire::Portfolio::MarketExposure* row = out.add_market_exposures();
    row->set_market_id(market);
    row->set_position(to_wire(e.position));
    row->set_total_bid_size(to_wire(e.bid_size));
    row->set_total_offer_size(to_wire(e.offer_size));
    row->set_total_bid_value(to_wire(e.bid_value));
    row->set_total_offer_value(to_wire(e.offer_value));
  }
  for (const OwnerCredit& credit : account.owners) {
    wire::Portfolio::OwnerCredit* row = out.add_owner_credits();
    row->set_owner_id(credit.owner);
    row->set_credit(to_wire(credit.credit));
  }
  // In every portfolio, portfolio_updated included (issue 17's decision on additions.md 13.7;
  // the reference leaves it empty there).
  for (MarketId market : account.traded_markets) out.add_traded_market_ids(market);
  return out;
}

wire::MarketType to_wire(const MarketType& type) {
  wire::MarketType out;
  out.set_id(type.id);
  out.set_name(type.name);
  out.set_description(type.description);
  out.set_public_(type.is_public);
  return out;
}

wire::MarketGroup to_wire(const MarketGroup& group) {
  wire::MarketGroup out;
  out.set_id(group.id);
  out.set_name(group.name);
  out.set_description(group.description);
  out.set_type_id(group.type_id);
  return out;
}

wire::AuctionBuyer to_wire(const AuctionBuyer& buyer) {
  wire::AuctionBuyer out;
  out.set_account_id(buyer.account);
  out.set_amount(to_wire(buyer.amount));
  return out;
}

wire::Auction to_wire(const Auction& auction) {
  wire::Auction out;
  out.set_id(auction.id);
  out.set_name(auction.name);
  out.set_description(auction.description);
  out.set_owner_id(auction.owner);
  out.set_transaction_id(auction.created.id);
  set_timestamp(auction.created.timestamp, out.mutable_transaction_timestamp());
  if (auction.settled_price) {
    out.mutable_closed()->set_settle_price(to_wire(*auction.settled_price));
  } else {
    out.mutable_open();
  }
  // "/images/<file>" whenever a name is stored, even an empty one (clients read "/images/" as
  // "no image"); the file is served at /api/images/<file>.
  if (auction.image_filename) out.set_image_url("/images/" + *auction.image_filename);
  if (auction.bin_price) out.set_bin_price(to_wire(*auction.bin_price));
  out.set_buyer_id(auction.buyer);
  // Sorted by account id in every Auction sent (additions.md 4.4), whatever the sale's order.
  std::vector<AuctionBuyer> buyers = auction.buyers;
  std::sort(buyers.begin(), buyers.end(),
            [](const AuctionBuyer& a, const AuctionBuyer& b) { return a.account < b.account; });
  for (const AuctionBuyer& buyer : buyers) *out.add_buyers() = to_wire(buyer);
  return out;
}

}  // namespace exchange::api
