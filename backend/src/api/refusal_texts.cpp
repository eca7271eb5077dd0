#include "api/refusal_texts.h"

namespace exchange::api {

// No default: the compiler reports a code added to core without its text here.
std::string_view refusal_text(Refusal refusal) {
  switch (refusal) {
    case Refusal::kMarketNotFound:
      return "Market not found";
    case Refusal::kMarketAlreadySettled:
      return "Market already settled";
    case Refusal::kMarketPaused:
      return "Market is paused";
    case Refusal::kMarketNameTaken:
      return "Market name already exists";
    case Refusal::kNotMarketOwner:
      return "Not market owner";
    case Refusal::kInvalidMarketStatus:
      return "Invalid market status";
    case Refusal::kMarketEditNeedsAdmin:
      return "Only admins can edit market name, status, pinned, visibility, and redeemable "
             "settings";
    case Refusal::kDescriptionNotOwnMarket:
      return "You can only edit your own market's description";
    case Refusal::kInvalidSettlementPrices:
      return "Invalid settlement prices";
    case Refusal::kInvalidSettlementPrice:
      return "Invalid settlement price";
    case Refusal::kInvalidRedeemFee:
      return "Invalid redeem fee";
    case Refusal::kInvalidMultiplier:
      return "Invalid multiplier";
    case Refusal::kConstituentNotFound:
      return "Constituent not found";
    case Refusal::kConstituentAlreadySettled:
      return "Constituent already settled";
    case Refusal::kConstituentNotSettled:
      return "Constituent not settled";
    case Refusal::kFundNotFound:
      return "Fund not found";
    case Refusal::kCategoryNotFound:
      return "Category not found";
    case Refusal::kCategoryNotPublic:
      return "Cannot create market with non-public category";
    case Refusal::kCategoryNameTaken:
      return "Category name already exists";
    case Refusal::kLastCategory:
      return "Cannot delete the last category";
    case Refusal::kCategoryUsedByGroup:
      return "Category is used by a market group";
    case Refusal::kMarketGroupNotFound:
      return "Market group not found";
    case Refusal::kMarketGroupNameTaken:
      return "Market group name already exists";
    case Refusal::kGroupCategoryMismatch:
      return "Market category does not match group category";
    case Refusal::kNoSide:
      return "No side provided";
    case Refusal::kInvalidPrice:
      return "Invalid price";
    case Refusal::kInvalidSize:
      return "Invalid size";
    case Refusal::kOrderNotFound:
      return "Order not found";
    case Refusal::kNotOrderOwner:
      return "Not order owner";
    case Refusal::kInsufficientFunds:
      return "Insufficient funds";
    case Refusal::kAccountNotFound:
      return "Account not found";
    case Refusal::kAccountNameTaken:
      return "Account name already exists";
    case Refusal::kNewUserWithoutName:
      return "No name provided for new user";
    case Refusal::kNoNumericSuffix:
      return "Could not find an available numeric suffix for this name";
    case Refusal::kAccountNameEmpty:
      return "Account name cannot be empty";
    case Refusal::kInvalidOwner:
      return "Invalid owner";
    case Refusal::kOwnerNotUser:
      return "Owner not a user";
    case Refusal::kNotOwner:
      return "Not owner";
    case Refusal::kRecipientNotUser:
      return "Recipient not a user";
    case Refusal::kAlreadyOwner:
      return "Already owner";
    case Refusal::kAlreadyNotShared:
      return "Account already not shared";
    case Refusal::kOwnerStillHasCredit:
      return "Ownership can only be revoked after removing all credits";
    case Refusal::kPayingYourself:
      return "Cannot pay yourself";
    case Refusal::kInvalidAmount:
      return "Invalid amount";
    case Refusal::kInitiatorNotUser:
      return "Initiator not user";
    case Refusal::kAccountNotOwned:
      return "Account not owned";
    case Refusal::kSharedAccountHasPositions:
      return "Shared ownership account has open positions";
    case Refusal::kInsufficientCredit:
      return "Insufficient credit";
    case Refusal::kAuctionNotFound:
      return "Auction not found";
    case Refusal::kAuctionNameTaken:
      return "Auction name already exists";
    case Refusal::kInvalidBuyItNowPrice:
      return "Invalid buy-it-now price";
    case Refusal::kNotAuctionOwner:
      return "Sudo required";
    case Refusal::kNegativeContribution:
      return "Contribution amount cannot be negative";
    case Refusal::kDuplicateAuctionBuyer:
      return "The same buyer cannot appear more than once";
    case Refusal::kBuyerIsSeller:
      return "Buyer is the seller \u2014 pick a different buyer";
    case Refusal::kContributionsDoNotSum:
      return "Contributions must sum to the settle price";
    case Refusal::kOwnerNotContributor:
      return "Labeled owner must be one of the contributors";
    case Refusal::kUniverseNotFound:
      return "Universe not found";
    case Refusal::kUniverseNameTaken:
      return "Universe name already exists";
    case Refusal::kNotUniverseOwner:
      return "Not the owner of this universe";
    case Refusal::kInvalidAccountColor:
      return "Account color must be a hex value like #aabbcc";
    case Refusal::kOwnerUniverseMismatch:
      return "Owner must be in universe 0 or the same universe";
    case Refusal::kMainOwnerNotUser:
      return "Owner from main universe must be a user account";
    case Refusal::kMarketInOtherUniverse:
      return "Cannot trade in a market from a different universe";
    case Refusal::kTransferAcrossUniverses:
      return "Cannot transfer between accounts in different universes";
    case Refusal::kInvalidStrikePrice:
      return "Invalid strike price";
    case Refusal::kInvalidExpirationDate:
      return "Invalid expiration date";
    case Refusal::kOptionNotSettleable:
      return "Option markets cannot be settled; use exercise instead";
    case Refusal::kOptionContractNotFound:
      return "Option contract not found";
    case Refusal::kNotContractBuyer:
      return "Not the buyer of this contract";
    case Refusal::kOptionExpired:
      return "Option has expired";
    case Refusal::kInvalidRedeemCodeFormat:
      return "Invalid redeem code format";
    case Refusal::kRedeemCodeNotFound:
      return "Redeem code not found";
    case Refusal::kRedeemCodeAlreadyRedeemed:
      return "Redeem code already redeemed";
    case Refusal::kRedeemCodeExpired:
      return "Redeem code has expired";
    case Refusal::kRedeemCodesExhausted:
      return "Could not generate a unique redeem code; please retry";
  }
  return "Unknown error";  // unreachable for a valid code
}

}  // namespace exchange::api
