#pragma once
// Every logged-in connection's view, and the index from accounts to the connections whose
// owned set contains them (for private deliveries: portfolios, transfers, restricted markets).
// Invariant: a session appears under account X exactly when X is in its `owned`.

#include <unordered_map>
#include <vector>

#include "api/session_view.h"

namespace exchange::api {

class SessionRegistry {
 public:
  void add(SessionView view);
  void remove(SessionId id);
  SessionView* find(SessionId id);
  const SessionView* find(SessionId id) const;

  // Replaces a session's owned set, keeping the account index in step.
  void set_owned(SessionId id, std::vector<AccountId> owned);

  // Sessions whose owned set contains the account, ascending id.
  std::vector<SessionId> sessions_owning(AccountId account) const;
  std::vector<SessionId> sudo_admin_sessions() const;
  std::vector<SessionId> all_sessions() const;
  size_t size() const { return sessions_.size(); }

 private:
  void index(const SessionView& view);
  void unindex(const SessionView& view);

  std::unordered_map<SessionId, SessionView> sessions_;
  std::unordered_map<AccountId, std::vector<SessionId>> by_account_;
};

}  // namespace exchange::api
