#pragma once
// Full order and trade histories (protocol.md 3.3.11-3.3.12): validated on the sequencer,
// read from the database after the batch commits.

#include "api/batch_context.h"
#include "server_message.pb.h"
#include "store/history_reader.h"

namespace exchange::api {

// Builds the reply to a queued history request (runs on the history reader's thread).
websocket_api::ServerMessage answer_history(store::HistoryReader& reader,
                                            const HistoryRequest& request);

}  // namespace exchange::api
