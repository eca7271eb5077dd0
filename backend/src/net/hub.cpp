#include "net/hub.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "net/session.h"

namespace exchange::net {
namespace {

// Below this many exclusions a linear scan beats building a sorted copy.
constexpr size_t kLinearExclusionScan = 16;

}  // namespace

void Hub::add(std::shared_ptr<Session> session) {
  messaging::SessionId id = session->id();
  if (sessions_.emplace(id, std::move(session)).second) ++session_count_;
}

void Hub::remove(messaging::SessionId id) {
  if (applying_) {
    removed_while_applying_.push_back(id);
    return;
  }
  if (sessions_.erase(id) > 0) --session_count_;
}

void Hub::apply(const messaging::Outbox& outbox) {
  applying_ = true;
  for (const messaging::OutboxItem& item : outbox.items) {
    if (const auto* delivery = std::get_if<messaging::Delivery>(&item)) {
      apply_delivery(*delivery, outbox.cohort);
    } else {
      apply_control(std::get<messaging::SessionControl>(item));
    }
  }
  applying_ = false;
  for (messaging::SessionId id : std::exchange(removed_while_applying_, {})) remove(id);
}

void Hub::apply_delivery(const messaging::Delivery& delivery, messaging::CohortId cohort) {
  if (!delivery.frame) return;
  if (!delivery.to_everyone) {
    for (messaging::SessionId id : delivery.sessions) {
      auto it = sessions_.find(id);
      if (it != sessions_.end()) it->second->send(delivery.frame, delivery.bulk);
    }
    return;
  }
  const std::vector<messaging::SessionId>* excluded = &delivery.sessions;
  std::vector<messaging::SessionId> sorted;
  bool linear = excluded->size() <= kLinearExclusionScan;
  if (!linear) {
    sorted = *excluded;
    std::sort(sorted.begin(), sorted.end());
  }
  auto is_excluded = [&](messaging::SessionId id) {
    if (linear) return std::find(excluded->begin(), excluded->end(), id) != excluded->end();
    return std::binary_search(sorted.begin(), sorted.end(), id);
  };
  for (auto& [id, session] : sessions_) {
    if (session->logged_in() && session->cohort() == cohort && !is_excluded(id)) {
      session->send(delivery.frame, delivery.bulk);
    }
  }
}

void Hub::apply_control(const messaging::SessionControl& control) {
  auto it = sessions_.find(control.session);
  if (it != sessions_.end()) it->second->apply(control);
}

std::vector<std::shared_ptr<Session>> Hub::snapshot() const {
  std::vector<std::shared_ptr<Session>> sessions;
  sessions.reserve(sessions_.size());
  for (const auto& entry : sessions_) sessions.push_back(entry.second);
  return sessions;
}

void Hub::close_all(const std::string& reason) {
  for (const auto& session : snapshot()) session->close_going_away(reason);
}

void Hub::abandon_all() {
  for (const auto& session : snapshot()) session->abandon();
}

}  // namespace exchange::net
