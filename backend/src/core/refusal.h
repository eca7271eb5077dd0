#pragma once
// Why the exchange refused an operation, in the domain's own words. Core decides only which
// rule was broken; the protocol's exact text for each code (rules.md Appendix A) and the
// request kind a client sees belong to api/ (api/refusal_texts.h).
//
// One code per distinct protocol text: where the reference reuses a text for another reason
// (a split settlement's bad amount is "Invalid settlement price"), the code is the text's,
// and the comment at the refusal says why.

#include <cstdint>

namespace exchange {

enum class Refusal : uint8_t {
  // Markets, funds and their lifecycle
  kMarketNotFound,
  kMarketAlreadySettled,
  kMarketPaused,
  kMarketNameTaken,
  kNotMarketOwner,
  kInvalidMarketStatus,
  kMarketEditNeedsAdmin,     // name, status, pinned, visibility or redeemable settings
  kDescriptionNotOwnMarket,  // a non-admin editing another's description
  kInvalidSettlementPrices,  // a market's bounds
  kInvalidSettlementPrice,   // one settlement or sale price
  kInvalidRedeemFee,
  kInvalidMultiplier,
  kConstituentNotFound,
  kConstituentAlreadySettled,
  kConstituentNotSettled,
  kFundNotFound,
  // Categories ("market types") and groups
  kCategoryNotFound,
  kCategoryNotPublic,
  kCategoryNameTaken,
  kLastCategory,
  kCategoryUsedByGroup,
  kMarketGroupNotFound,
  kMarketGroupNameTaken,
  kGroupCategoryMismatch,
  // Orders
  kNoSide,
  kInvalidPrice,
  kInvalidSize,
  kOrderNotFound,
  kNotOrderOwner,
  kInsufficientFunds,
  // Accounts and ownership
  kAccountNotFound,
  kAccountNameTaken,
  kNewUserWithoutName,
  kNoNumericSuffix,  // no free "<name>-N" for a new user's account
  kAccountNameEmpty,  // also an empty universe name: the reference reuses the text
  kInvalidOwner,
  kOwnerNotUser,
  kNotOwner,
  kRecipientNotUser,
  kAlreadyOwner,
  kAlreadyNotShared,
  kOwnerStillHasCredit,
  // Transfers
  kPayingYourself,
  kInvalidAmount,
  kInitiatorNotUser,
  kAccountNotOwned,
  kSharedAccountHasPositions,
  kInsufficientCredit,
  // Auctions
  kAuctionNotFound,
  kAuctionNameTaken,
  kInvalidBuyItNowPrice,
  kNotAuctionOwner,  // "Sudo required": neither its owner nor a sudo admin
  kNegativeContribution,   // split settlements (additions.md 4.2)
  kDuplicateAuctionBuyer,
  kBuyerIsSeller,
  kContributionsDoNotSum,
  kOwnerNotContributor,
  // Universes (cohorts.md 5.3-5.6)
  kUniverseNotFound,
  kUniverseNameTaken,
  kNotUniverseOwner,
  kInvalidAccountColor,
  kOwnerUniverseMismatch,     // the new account's owner is in another non-main universe
  kMainOwnerNotUser,          // a main-universe owner of an account elsewhere must be a user
  kMarketInOtherUniverse,     // orders (and redeem, cohorts.md 10.2) across universes
  kTransferAcrossUniverses,
  // Option markets (options.md 16). "Sudo required" for a non-admin's option is
  // kNotAuctionOwner's text.
  kInvalidStrikePrice,
  kInvalidExpirationDate,  // our text where the reference drops the connection
  kOptionNotSettleable,    // "Option markets cannot be settled; use exercise instead"
  kOptionContractNotFound,
  kNotContractBuyer,
  kOptionExpired,
  // Redeem codes (additions.md 1)
  kInvalidRedeemCodeFormat,
  kRedeemCodeNotFound,
  kRedeemCodeAlreadyRedeemed,
  kRedeemCodeExpired,
  kRedeemCodesExhausted,  // our text where the reference drops the connection
};

}  // namespace exchange
