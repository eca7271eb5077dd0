// Portfolio.traded_market_ids (additions.md 6.2): the markets each account ever traded in or
// redeemed as a fund, kept up to date by trades and redemptions and restored at start-up, so
// that no portfolio ever scans the history.

#include <algorithm>

#include "core/exchange.h"

namespace exchange {

void Exchange::note_traded(Account& account, MarketId market) {
  std::vector<MarketId>& traded = account.traded_markets;
  auto at = std::lower_bound(traded.begin(), traded.end(), market);
  if (at == traded.end() || *at != market) traded.insert(at, market);
}

void Exchange::restore_traded_market(AccountId account_id, MarketId market) {
  if (Account* holder = mutable_account(account_id)) note_traded(*holder, market);
}

}  // namespace exchange
