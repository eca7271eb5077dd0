#include "api/session_registry.h"

#include <algorithm>

namespace exchange::api {

void SessionRegistry::add(SessionView view) {
  remove(view.id);
  index(view);
  sessions_.emplace(view.id, std::move(view));
}

void SessionRegistry::remove(SessionId id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  unindex(it->second);
  sessions_.erase(it);
}

SessionView* SessionRegistry::find(SessionId id) {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : &it->second;
}

const SessionView* SessionRegistry::find(SessionId id) const {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : &it->second;
}

void SessionRegistry::set_owned(SessionId id, std::vector<AccountId> owned) {
  SessionView* view = find(id);
  if (view == nullptr) return;
  unindex(*view);
  view->owned = std::move(owned);
  index(*view);
}

void SessionRegistry::set_universe(SessionId id, UniverseId universe) {
  SessionView* view = find(id);
  if (view == nullptr) return;
  unindex(*view);
  view->universe = universe;
  index(*view);
}

void SessionRegistry::restore(const SessionView& saved) {
  SessionView* view = find(saved.id);
  if (view == nullptr) return;
  unindex(*view);
  *view = saved;
  index(*view);
}

std::vector<SessionId> SessionRegistry::sessions_in_universe(UniverseId universe) const {
  auto it = by_universe_.find(universe);
  if (it == by_universe_.end()) return {};
  std::vector<SessionId> sessions = it->second;
  std::sort(sessions.begin(), sessions.end());
  return sessions;
}

std::vector<SessionId> SessionRegistry::sessions_outside_main() const {
  std::vector<SessionId> sessions;
  for (const auto& [universe, listed] : by_universe_) {
    sessions.insert(sessions.end(), listed.begin(), listed.end());
  }
  std::sort(sessions.begin(), sessions.end());
  return sessions;
}

std::vector<SessionId> SessionRegistry::sessions_owning(AccountId account) const {
  auto it = by_account_.find(account);
  if (it == by_account_.end()) return {};
  std::vector<SessionId> sessions = it->second;
  std::sort(sessions.begin(), sessions.end());
  return sessions;
}

std::vector<SessionId> SessionRegistry::sudo_admin_sessions() const {
  std::vector<SessionId> sessions;
  for (const auto& [id, view] : sessions_) {
    if (view.sudo_admin()) sessions.push_back(id);
  }
  std::sort(sessions.begin(), sessions.end());
  return sessions;
}

std::vector<SessionId> SessionRegistry::all_sessions() const {
  std::vector<SessionId> sessions;
  for (const auto& [id, view] : sessions_) sessions.push_back(id);
  std::sort(sessions.begin(), sessions.end());
  return sessions;
}

void SessionRegistry::index(const SessionView& view) {
  for (AccountId account : view.owned) by_account_[account].push_back(view.id);
  if (view.universe != kMainUniverse) by_universe_[view.universe].push_back(view.id);
}

void SessionRegistry::unindex(const SessionView& view) {
  for (AccountId account : view.owned) {
    auto it = by_account_.find(account);
    if (it == by_account_.end()) continue;
    std::erase(it->second, view.id);
    if (it->second.empty()) by_account_.erase(it);
  }
  if (auto it = by_universe_.find(view.universe); it != by_universe_.end()) {
    std::erase(it->second, view.id);
    if (it->second.empty()) by_universe_.erase(it);
  }
}

}  // namespace exchange::api
