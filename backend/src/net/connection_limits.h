#pragma once
// How many TCP connections the server holds open: in all, and per client address. A slot is
// taken when a connection is accepted and given back when the connection (HTTP, then perhaps
// WebSocket) is destroyed, so one student's script cannot use up the file descriptors that
// everyone else's logins need.

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace exchange::net {

class ConnectionLimits {
 public:
  ConnectionLimits(size_t max_total, size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}
  ConnectionLimits(const ConnectionLimits&) = delete;
  ConnectionLimits& operator=(const ConnectionLimits&) = delete;

  // Held by a connection for its whole life; gives the slot back when destroyed. Movable, and
  // empty after a move. The limits object must outlive its slots.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();

   private:
    friend class ConnectionLimits;
    Slot(ConnectionLimits* owner, std::string address)
        : owner_(owner), address_(std::move(address)) {}
    void release();

    ConnectionLimits* owner_ = nullptr;
    std::string address_;
  };

  // Thread-safe. A slot, or nullopt when the total or the address's share is used up.
  std::optional<Slot> try_acquire(const std::string& address);
  size_t total() const;
  size_t for_address(const std::string& address) const;

 private:
  void release(const std::string& address);

  const size_t max_total_;
  const size_t max_per_address_;
  mutable std::mutex mutex_;
  size_t total_ = 0;
  std::unordered_map<std::string, size_t> per_address_;  // only addresses holding a slot
};

}  // namespace exchange::net
