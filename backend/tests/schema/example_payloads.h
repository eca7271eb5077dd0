#pragma once
// Builders for the payload types that several round-trip examples share
// (round_trip_test.cpp). Values are arbitrary but never the proto3 default, so that every
// field of an example holds something.

#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "client_message.pb.h"
#include "server_message.pb.h"

namespace schema_testing {

namespace ws = websocket_api;

void SetTimestamp(google::protobuf::Timestamp* ts, int64_t seconds);
void FillRedeemables(google::protobuf::RepeatedPtrField<ws::Redeemable>* list);
void FillOptionInfo(ws::OptionInfo* o);
void FillOptionExercised(ws::OptionExercised* e, int64_t transaction);
void FillMarket(ws::Market* m, bool closed);
void FillOrder(ws::Order* o, int64_t id);
void FillTrade(ws::Trade* t, int64_t id);
void FillTransfer(ws::Transfer* t, int64_t id);
void FillAccount(ws::Account* a, int64_t id);
void FillPortfolio(ws::Portfolio* p, int64_t account_id);
void FillAuction(ws::Auction* a, bool closed);
void FillAuctionBuyers(google::protobuf::RepeatedPtrField<ws::AuctionBuyer>* buyers);
void FillMarketType(ws::MarketType* t, int64_t id);
void FillMarketGroup(ws::MarketGroup* g, int64_t id);

// Examples of the May 2026 additions (additions_examples.cpp): the case each fills, and how.
template <typename Root>
using Fills = std::vector<std::pair<typename Root::MessageCase, std::function<void(Root&)>>>;
Fills<ws::ClientMessage> AdditionsClientFills();
Fills<ws::ServerMessage> AdditionsServerFills();

}  // namespace schema_testing
