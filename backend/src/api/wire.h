#pragma once
// The protobuf boundary: domain values to wire messages and back. Doubles exist only here.
// Decoding a double follows rules.md 2.2 exactly (through core's decode_binary64); encoding
// gives the nearest double to the exact decimal (rules.md 2.3).

#include <optional>

#include "account.pb.h"
#include "auction.pb.h"
#include "core/account.h"
#include "core/auction.h"
#include "core/decimal.h"
#include "core/events.h"
#include "core/market.h"
#include "core/order.h"
#include "core/universe.h"
#include "market.pb.h"
#include "option.pb.h"
#include "order.pb.h"
#include "store/history_reader.h"

namespace exchange::api {

namespace wire = websocket_api;

// nullopt for NaN, ±infinity and magnitudes beyond the decimal range.
std::optional<Decimal> decimal_from_wire(double value);

double to_wire(Money value);
double to_wire(Price value);
double to_wire(Quantity value);

void set_timestamp(Timestamp time, google::protobuf::Timestamp* out);

// Enums arrive as raw ints (proto3 enums are open): nullopt for a value the protocol does not
// define. Callers refuse that where the rules say, so that the order of checks is kept.
std::optional<Side> side_from_wire(int value);
std::optional<MarketStatus> market_status_from_wire(int value);

wire::Side to_wire(Side side);
wire::Market to_wire(const Market& market);
wire::Order to_wire(MarketId market, const RestingOrder& order);
wire::Order to_wire(const store::OrderRecord& record);
wire::Trade to_wire(const Trade& trade);
wire::Redeemed to_wire(const Redemption& redemption);
wire::Transfer to_wire(const Transfer& transfer);
wire::Account to_wire(const Account& account);
wire::Universe to_wire(const Universe& universe);
wire::Portfolio to_wire_portfolio(const Account& account);
wire::MarketType to_wire(const MarketType& type);
wire::MarketGroup to_wire(const MarketGroup& group);
wire::Auction to_wire(const Auction& auction);
wire::AuctionBuyer to_wire(const AuctionBuyer& buyer);

}  // namespace exchange::api
