#pragma once
// The login snapshot (protocol.md 5.2) and its re-sends, addressed to one session.

#include "api/publisher.h"
#include "api/session_view.h"
#include "core/exchange.h"

namespace exchange::api {

// Transfers touching O, then one Portfolio per account of O. (The reference sends this pair
// twice; once is enough, as the compatibility policy allows.)
void send_private_snapshot(Publisher& publisher, const Exchange& exchange,
                           const SessionView& view);

// Steps 6-10: Accounts, MarketTypes, MarketGroups, then per visible market its Market, live
// Orders (ids hidden per view) and an empty Trades, then every Auction.
void send_public_snapshot(Publisher& publisher, const Exchange& exchange, const SessionView& view);

}  // namespace exchange::api
