#include "net/connection_limits.h"

#include <utility>

namespace exchange::net {

ConnectionLimits::Slot::Slot(Slot&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}

ConnectionLimits::Slot& ConnectionLimits::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

ConnectionLimits::Slot::~Slot() {
  release();
}

void ConnectionLimits::Slot::release() {
  if (owner_ != nullptr) std::exchange(owner_, nullptr)->release(address_);
}

std::optional<ConnectionLimits::Slot> ConnectionLimits::try_acquire(const std::string& address) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total_) return std::nullopt;
  size_t& mine = per_address_[address];
  if (mine >= max_per_address_) {
    if (mine == 0) per_address_.erase(address);
    return std::nullopt;
  }
  ++mine;
  ++total_;
  return Slot(this, address);
}

void ConnectionLimits::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --total_;
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

size_t ConnectionLimits::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

size_t ConnectionLimits::for_address(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

}  // namespace exchange::net
