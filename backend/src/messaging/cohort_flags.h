#pragma once
// A cohort's switches (cohorts.md 2.1) as its exchange instance reads them: set by the admin
// API on an HTTP thread, read by the sequencer at each request and snapshot, so they take
// effect for the next request without a restart. Nothing is pushed to open connections.

#include <atomic>

namespace exchange::messaging {

struct CohortFlags {
  std::atomic<bool> read_only{false};         // every state change refused
  std::atomic<bool> auctions_enabled{false};  // auctions shown and usable; guests admitted
};

}  // namespace exchange::messaging
