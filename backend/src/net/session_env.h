#pragma once
// What a connection needs from its server and from the I/O thread it lives on.

#include <atomic>
#include <cstddef>

#include "net/server.h"

namespace exchange::net {

class Hub;
class HttpRouter;
class WorkerPool;

// Everything referenced here outlives every connection of the server.
struct SessionEnv {
  const ServerOptions* options;
  const ServerHooks* hooks;
  const HttpRouter* router;
  Hub* hub;             // the hub of the connection's own I/O thread
  WorkerPool* workers;  // for blocking work; stopped only after the I/O threads
  WorkerPool* hashing;  // for RunOn::kHashing routes; stopped only after the I/O threads
  std::atomic<size_t>* queued_bytes;  // held by every session's outbound queue together
};

}  // namespace exchange::net
