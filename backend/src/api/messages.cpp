#include "api/messages.h"

namespace exchange::api {

std::string_view request_kind(ClientMessage::MessageCase message_case) {
  switch (message_case) {
    case ClientMessage::kCreateMarket: return "CreateMarket";
    case ClientMessage::kSettleMarket: return "SettleMarket";
    case ClientMessage::kCreateOrder: return "CreateOrder";
    case ClientMessage::kCancelOrder: return "CancelOrder";
    case ClientMessage::kOut: return "Out";
    case ClientMessage::kMakeTransfer: return "MakeTransfer";
    case ClientMessage::kAuthenticate: return "Authenticate";
    case ClientMessage::kActAs: return "ActAs";
    case ClientMessage::kCreateAccount: return "CreateAccount";
    case ClientMessage::kShareOwnership: return "ShareOwnership";
    case ClientMessage::kGetFullOrderHistory: return "GetFullOrderHistory";
    case ClientMessage::kGetFullTradeHistory: return "GetFullTradeHistory";
    case ClientMessage::kRedeem: return "Redeem";
    case ClientMessage::kCreateAuction: return "CreateAuction";
    case ClientMessage::kSettleAuction: return "SettleAuction";
    case ClientMessage::kDeleteAuction: return "DeleteAuction";
    case ClientMessage::kEditMarket: return "EditMarket";
    case ClientMessage::kRevokeOwnership: return "RevokeOwnership";
    case ClientMessage::kBuyAuction: return "BuyAuction";
    case ClientMessage::kCreateMarketType: return "CreateMarketType";
    case ClientMessage::kDeleteMarketType: return "DeleteMarketType";
    case ClientMessage::kCreateMarketGroup: return "CreateMarketGroup";
    case ClientMessage::kGetMarketPositions: return "GetMarketPositions";
    case ClientMessage::kEditAuction: return "EditAuction";
    case ClientMessage::kSetSudo: return "SetSudo";
    case ClientMessage::MESSAGE_NOT_SET: break;
  }
  return "Unknown";
}

}  // namespace exchange::api
