#pragma once
// Turns one session's input into exchange operations, store rows and outgoing messages, with
// the replies, broadcasts, errors and check order of protocol.md section 3. Runs on the
// sequencer thread, inside a batch. Each login and request is counted in the metrics sink
// by kind and outcome.

#include <cstddef>

#include "api/batch_context.h"
#include "client_message.pb.h"
#include "messaging/inbound.h"
#include "metrics/cohort_sink.h"

namespace exchange::api {

class RequestHandler {
 public:
  // `metrics` outlives the handler.
  explicit RequestHandler(metrics::CohortSink& metrics = metrics::no_cohort_metrics())
      : metrics_(metrics) {}

  void login(BatchContext& ctx, SessionId session, const websocket_api::ClientMessage& message,
             const messaging::Identity& identity);
  void handle(BatchContext& ctx, SessionId session, const websocket_api::ClientMessage& message);
  void closed(BatchContext& ctx, SessionId session);
  // Creates the user's account if it has none yet (as a first login would, without a session):
  // announced to everyone, so that an instructor can fund a student before they connect.
  void provision(BatchContext& ctx, const messaging::Identity& identity);
  // Account work the HTTP API asked for (renames, placeholders); its result is handed back
  // only once the batch has committed.
  messaging::AccountCommandResult account_command(BatchContext& ctx,
                                                  const messaging::AccountCommand& command);
  // End of batch: portfolio updates for every account that changed, backpressure controls.
  void finish(BatchContext& ctx);

 private:
  // handle() without the counting: the request's index in request_kinds(), or kNotCounted
  // when its session closed meanwhile (nothing is answered).
  size_t dispatch(BatchContext& ctx, SessionId session, const websocket_api::ClientMessage& message);
  static constexpr size_t kNotCounted = static_cast<size_t>(-1);

  metrics::CohortSink& metrics_;
};

}  // namespace exchange::api
