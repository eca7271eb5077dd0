#pragma once
// The per-market messages built from what core remembers of a market's past: its status log
// (additions.md 5) and the last trade that snapshots carry (additions.md 6.4).

#include "api/session_view.h"
#include "core/exchange.h"
#include "server_message.pb.h"

namespace exchange::api {

// MarketStatusChanges with the market's complete log (no `changes` when it is empty) and an
// empty request id: the snapshot's and the EditMarket broadcast's message.
websocket_api::ServerMessage status_changes_message(const Exchange& exchange, MarketId market);

// The snapshot's Trades of one market: its last trade, or none; ids hidden for `view` as in
// any Trades when the market hides them.
websocket_api::ServerMessage snapshot_trades_message(const Exchange& exchange,
                                                     const Market& market,
                                                     const SessionView& view);

}  // namespace exchange::api
