#pragma once
// Everything request handlers may touch while the sequencer works through one batch.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/publisher.h"
#include "api/rate_limiter.h"
#include "api/session_registry.h"
#include "core/exchange.h"
#include "messaging/cohort_flags.h"
#include "store/write_set.h"

namespace exchange::api {

// A full-history request, answered from the read-only connection after the batch commits.
struct HistoryRequest {
  enum class Kind { kOrders, kTrades, kPositions };
  Kind kind = Kind::kOrders;
  SessionId session = 0;
  std::string request_id;
  MarketId market = 0;
  bool hide_ids = false;          // the market hides ids and the viewer is no sudo admin
  std::vector<AccountId> owned;  // the viewer's O: ids it may always see
};

struct BatchContext {
  Exchange& exchange;
  const messaging::CohortFlags& cohort;
  SessionRegistry& sessions;
  Publisher& publisher;
  RateLimiter& limits;
  store::WriteSet& writes;
  Timestamp now;                          // wall-clock time of the batch's transactions
  RateLimiter::Clock::time_point clock;  // for rate limits
  std::set<AccountId> changed_portfolios;
  std::vector<HistoryRequest> history;
  // Reverts session-registry changes if the batch fails to commit, newest first.
  std::vector<std::function<void()>> undo;
  std::map<SessionId, uint32_t> processed;  // requests handled per session, for backpressure
  // Significant events (settlements) for the operator's log, written only once the batch has
  // committed, so the log never reports what a failed commit undid (issue 20).
  std::vector<std::string> log_lines;
  // Refusals answered so far in this batch, so that RequestHandler can tell each request's
  // outcome for metrics: every RequestFailed, and of them the rate-limit refusals.
  struct Tally {
    uint32_t refused = 0;
    uint32_t rate_limited = 0;
  };
  Tally tally;
  // Uniform 64-bit random numbers for redeem codes, from a source the engine chooses (core and
  // api do no I/O).
  Exchange::RandomDraw random_draw;
};

}  // namespace exchange::api
