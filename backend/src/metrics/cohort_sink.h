#pragma once
// What one exchange instance reports for monitoring (issue 20): plain calls carrying plain
// numbers, so that api/ and engine/ count without knowing the exporter (app/ implements this
// with prometheus-cpp; without it, nothing is counted). Standard library only.
//
// Contract for implementations: every call comes from the instance's sequencer thread, on its
// hot path, so each must be cheap: no allocation, no lookup by name, no lock shared with
// scrapes beyond atomics. Request kinds arrive as indexes into api::request_kinds() (its size:
// a kind this server does not implement), so that series can be created once per kind up front.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace exchange::metrics {

// How a request after login, or a login, was answered.
enum class Outcome : uint8_t {
  kOk,           // no RequestFailed
  kFailed,       // answered with RequestFailed, other than a rate limit
  kRateLimited,  // refused by the per-user rate limit
};
inline constexpr size_t kOutcomeCount = 3;

// One batch of the sequencer, once committed (or rolled back).
struct BatchReport {
  size_t inputs = 0;  // logins, requests, closes and commands applied together
  // Inputs in the sequencer's queue when the batch was taken, the batch's own included.
  size_t queued = 0;
  std::chrono::nanoseconds commit_time{0};  // the SQLite transaction (group commit)
  bool committed = true;
  // Rows the batch committed (zero when it rolled back). Orders placed are the batch's
  // successful CreateOrder requests, once committed.
  size_t trades = 0;     // fills
  size_t transfers = 0;  // transfers of money between accounts
  size_t sessions = 0;   // logged-in sessions of the instance after the batch
};

class CohortSink {
 public:
  virtual ~CohortSink() = default;
  // A request after login of kind index `kind`.
  virtual void request(size_t kind, Outcome outcome) = 0;
  // A login (Authenticate); `snapshot_bytes`: the encoded login snapshot sent (0 if refused).
  virtual void login(Outcome outcome, size_t snapshot_bytes) = 0;
  virtual void batch(const BatchReport& report) = 0;
};

// Counts nothing: the default where no exporter is configured.
class NoCohortMetrics final : public CohortSink {
 public:
  void request(size_t, Outcome) override {}
  void login(Outcome, size_t) override {}
  void batch(const BatchReport&) override {}
};

// A shared instance of NoCohortMetrics (stateless, so any thread may use it).
inline CohortSink& no_cohort_metrics() {
  static NoCohortMetrics none;
  return none;
}

}  // namespace exchange::metrics
