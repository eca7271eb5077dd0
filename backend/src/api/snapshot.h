#pragma once
// The login snapshot (protocol.md 5.2) and its re-sends, addressed to one session.

#include "api/batch_context.h"
#include "api/session_view.h"

namespace exchange::api {

// Transfers touching O, then one Portfolio per account of O. (The reference sends this pair
// twice; once is enough, as the compatibility policy allows.) Reading a portfolio rebalances
// its owners' credits, as in the reference.
void send_private_snapshot(BatchContext& ctx, const SessionView& view);

// Steps 6-10: Accounts, MarketTypes, MarketGroups, then per visible market its Market, live
// Orders (ids hidden per view) and an empty Trades, then every Auction.
void send_public_snapshot(BatchContext& ctx, const SessionView& view);

// A portfolio as clients see it, after rebalancing the account's credits (rules.md 9.6).
websocket_api::Portfolio read_portfolio(BatchContext& ctx, AccountId account);

// Protocol 5.5: after an ownership change notified to `account`, every session whose owned
// set contains it recomputes that set, falls back to acting as itself if it lost its acting
// account, and receives its private data again (and, unless admin, the public data).
void resync_owners_of(BatchContext& ctx, AccountId account);

}  // namespace exchange::api
