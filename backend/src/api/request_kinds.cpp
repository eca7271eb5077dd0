#include "api/request_kinds.h"

#include <array>

#include "api/handlers.h"

namespace exchange::api {
namespace {

using websocket_api::ClientMessage;
using enum RateClass;

constexpr std::optional<RateClass> kNotLimited = std::nullopt;
// The gates of cohorts.md 5.2.
constexpr Gates kMembersOfWritable{false, true, true};
constexpr Gates kWritable{false, true, false};
constexpr Gates kAuctionsOfWritable{true, true, false};
constexpr Gates kNoGates{};

// In the schema's field order.
const std::array kKinds{
    RequestKind{ClientMessage::kCreateMarket, "CreateMarket", create_market, kExpensive, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kSettleMarket, "SettleMarket", settle_market, kExpensive, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kCreateOrder, "CreateOrder", create_order, kMutate, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kCancelOrder, "CancelOrder", cancel_order, kMutate, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kOut, "Out", out, kMutate, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kMakeTransfer, "MakeTransfer", make_transfer, kMutate, {}, kWritable},
    RequestKind{ClientMessage::kAuthenticate, "Authenticate", nullptr, kNotLimited, {}, kNoGates},
    RequestKind{ClientMessage::kActAs, "ActAs", act_as, kNotLimited, {}, kNoGates},
    // Deviation from the reference (mutate there): each of these three re-sends the owners'
    // private data and, to owners who are not admins, the whole public state, encoded on the
    // sequencer thread; at the mutate rate one student could keep the sequencer busy for
    // everyone (issue 13, item 2).
    RequestKind{ClientMessage::kCreateAccount, "CreateAccount", create_account, kExpensive, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kShareOwnership, "ShareOwnership", share_ownership, kExpensive, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kGetFullOrderHistory, "GetFullOrderHistory", get_full_order_history,
                kExpensive, {}, kNoGates},
    RequestKind{ClientMessage::kGetFullTradeHistory, "GetFullTradeHistory", get_full_trade_history,
                kExpensive, {}, kNoGates},
    RequestKind{ClientMessage::kRedeem, "Redeem", redeem, kMutate, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kCreateAuction, "CreateAuction", create_auction, kExpensive,
                "CreateMarket", kAuctionsOfWritable},
    RequestKind{ClientMessage::kSettleAuction, "SettleAuction", settle_auction, kExpensive, {}, kAuctionsOfWritable},
    RequestKind{ClientMessage::kDeleteAuction, "DeleteAuction", delete_auction, kExpensive, {}, kAuctionsOfWritable},
    // Deviation from the reference, which limits neither EditMarket nor SetSudo: EditMarket is
    // broadcast to everyone and SetSudo re-sends a whole public snapshot, so unlimited they let
    // one user flood every connection (issue 13, item 2).
    RequestKind{ClientMessage::kEditMarket, "EditMarket", edit_market, kExpensive, {}, kMembersOfWritable},
    RequestKind{ClientMessage::kRevokeOwnership, "RevokeOwnership", revoke_ownership, kExpensive,
                {}, kMembersOfWritable},
    RequestKind{ClientMessage::kBuyAuction, "BuyAuction", buy_auction, kExpensive,
                "SettleAuction", kAuctionsOfWritable},
    // Their admin check comes before the rate limit: the handlers take the unit themselves.
    RequestKind{ClientMessage::kCreateMarketType, "CreateMarketType", create_market_type,
                kNotLimited, {}, kWritable},
    RequestKind{ClientMessage::kDeleteMarketType, "DeleteMarketType", delete_market_type,
                kNotLimited, {}, kWritable},
    RequestKind{ClientMessage::kCreateMarketGroup, "CreateMarketGroup", create_market_group,
                kNotLimited, {}, kWritable},
    RequestKind{ClientMessage::kGetMarketPositions, "GetMarketPositions", get_market_positions,
                kExpensive, {}, kNoGates},
    RequestKind{ClientMessage::kEditAuction, "EditAuction", edit_auction, kExpensive, {}, kAuctionsOfWritable},
    RequestKind{ClientMessage::kSetSudo, "SetSudo", set_sudo, kExpensive, {}, kNoGates},
    RequestKind{ClientMessage::kCreateUniverse, "CreateUniverse", create_universe, kExpensive,
                {}, kMembersOfWritable},
    // Quirk fixed (options.md 4.1, issue 16): the reference lets read-only cohorts and guests
    // exercise; we gate it like every other mutation.
    RequestKind{ClientMessage::kExerciseOption, "ExerciseOption", exercise_option, kMutate, {},
                kMembersOfWritable},
    RequestKind{ClientMessage::kGetOptionContracts, "GetOptionContracts", get_option_contracts,
                kExpensive, {}, kNoGates},
    // Our extension (issue 16): the acting account's exercise history.
    RequestKind{ClientMessage::kGetOptionExercises, "GetOptionExercises", get_option_exercises,
                kExpensive, {}, kNoGates},
    // additions.md 2 and 3. Quirk fixed (additions.md 12.7): the reference lets both change a
    // read-only cohort; a frozen cohort stays frozen. As for every gated request, the gate
    // comes before the rate limit.
    RequestKind{ClientMessage::kGift, "Gift", gift, kMutate, {}, kWritable},
    RequestKind{ClientMessage::kRedistributeOwnerCredit, "RedistributeOwnerCredit",
                redistribute_owner_credit, kMutate, {}, kWritable},
    // Redeem codes (additions.md 1): the mutate limit first, before any other check, so no
    // gates here; ClaimRedeemCode checks the read-only flag itself, after the limit.
    RequestKind{ClientMessage::kCreateRedeemCode, "CreateRedeemCode", create_redeem_code, kMutate,
                {}, kNoGates},
    RequestKind{ClientMessage::kClaimRedeemCode, "ClaimRedeemCode", claim_redeem_code, kMutate,
                {}, kNoGates},
    // Our extension (issue 17): the sudo admin's list of minted codes.
    RequestKind{ClientMessage::kGetRedeemCodes, "GetRedeemCodes", get_redeem_codes, kExpensive,
                {}, kNoGates},
};

}  // namespace

const RequestKind* find_request_kind(ClientMessage::MessageCase message_case) {
  for (const RequestKind& kind : kKinds) {
    if (kind.message_case == message_case) return &kind;
  }
  return nullptr;
}

std::span<const RequestKind> request_kinds() { return kKinds; }

size_t request_kind_index(const RequestKind* kind) {
  return kind != nullptr ? static_cast<size_t>(kind - kKinds.data()) : kKinds.size();
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
