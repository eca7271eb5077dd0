#include "api/request_kinds.h"

#include <array>

#include "api/handlers.h"

namespace exchange::api {
namespace {

using websocket_api::ClientMessage;
using enum RateClass;

constexpr std::optional<RateClass> kNotLimited = std::nullopt;

// In the schema's field order.
const std::array kKinds{
    RequestKind{ClientMessage::kCreateMarket, "CreateMarket", create_market, kExpensive, {}},
    RequestKind{ClientMessage::kSettleMarket, "SettleMarket", settle_market, kExpensive, {}},
    RequestKind{ClientMessage::kCreateOrder, "CreateOrder", create_order, kMutate, {}},
    RequestKind{ClientMessage::kCancelOrder, "CancelOrder", cancel_order, kMutate, {}},
    RequestKind{ClientMessage::kOut, "Out", out, kMutate, {}},
    RequestKind{ClientMessage::kMakeTransfer, "MakeTransfer", make_transfer, kMutate, {}},
    RequestKind{ClientMessage::kAuthenticate, "Authenticate", nullptr, kNotLimited, {}},
    RequestKind{ClientMessage::kActAs, "ActAs", act_as, kNotLimited, {}},
    // Deviation from the reference (mutate there): each of these three re-sends the owners'
    // private data and, to owners who are not admins, the whole public state, encoded on the
    // sequencer thread; at the mutate rate one student could keep the sequencer busy for
    // everyone (issue 13, item 2).
    RequestKind{ClientMessage::kCreateAccount, "CreateAccount", create_account, kExpensive, {}},
    RequestKind{ClientMessage::kShareOwnership, "ShareOwnership", share_ownership, kExpensive, {}},
    RequestKind{ClientMessage::kGetFullOrderHistory, "GetFullOrderHistory", get_full_order_history,
                kExpensive, {}},
    RequestKind{ClientMessage::kGetFullTradeHistory, "GetFullTradeHistory", get_full_trade_history,
                kExpensive, {}},
    RequestKind{ClientMessage::kRedeem, "Redeem", redeem, kMutate, {}},
    RequestKind{ClientMessage::kCreateAuction, "CreateAuction", create_auction, kExpensive,
                "CreateMarket"},
    RequestKind{ClientMessage::kSettleAuction, "SettleAuction", settle_auction, kExpensive, {}},
    RequestKind{ClientMessage::kDeleteAuction, "DeleteAuction", delete_auction, kExpensive, {}},
    // Deviation from the reference, which limits neither EditMarket nor SetSudo: EditMarket is
    // broadcast to everyone and SetSudo re-sends a whole public snapshot, so unlimited they let
    // one user flood every connection (issue 13, item 2).
    RequestKind{ClientMessage::kEditMarket, "EditMarket", edit_market, kExpensive, {}},
    RequestKind{ClientMessage::kRevokeOwnership, "RevokeOwnership", revoke_ownership, kExpensive,
                {}},
    RequestKind{ClientMessage::kBuyAuction, "BuyAuction", buy_auction, kExpensive,
                "SettleAuction"},
    // Their admin check comes before the rate limit: the handlers take the unit themselves.
    RequestKind{ClientMessage::kCreateMarketType, "CreateMarketType", create_market_type,
                kNotLimited, {}},
    RequestKind{ClientMessage::kDeleteMarketType, "DeleteMarketType", delete_market_type,
                kNotLimited, {}},
    RequestKind{ClientMessage::kCreateMarketGroup, "CreateMarketGroup", create_market_group,
                kNotLimited, {}},
    RequestKind{ClientMessage::kGetMarketPositions, "GetMarketPositions", get_market_positions,
                kExpensive, {}},
    RequestKind{ClientMessage::kEditAuction, "EditAuction", edit_auction, kExpensive, {}},
    RequestKind{ClientMessage::kSetSudo, "SetSudo", set_sudo, kExpensive, {}},
    RequestKind{ClientMessage::kCreateUniverse, "CreateUniverse", create_universe, kExpensive,
                {}},
};

}  // namespace

const RequestKind* find_request_kind(ClientMessage::MessageCase message_case) {
  for (const RequestKind& kind : kKinds) {
    if (kind.message_case == message_case) return &kind;
  }
  return nullptr;
}

std::string_view request_kind(ClientMessage::MessageCase message_case) {
  const RequestKind* kind = find_request_kind(message_case);
  return kind != nullptr ? kind->name : "Unknown";
}

ClientMessage::MessageCase message_case_of(HistoryRequest::Kind kind) {
  switch (kind) {
    case HistoryRequest::Kind::kOrders: return ClientMessage::kGetFullOrderHistory;
    case HistoryRequest::Kind::kTrades: return ClientMessage::kGetFullTradeHistory;
    case HistoryRequest::Kind::kPositions: return ClientMessage::kGetMarketPositions;
  }
  return ClientMessage::MESSAGE_NOT_SET;
}

}  // namespace exchange::api
