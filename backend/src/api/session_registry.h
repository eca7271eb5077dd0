#pragma once
// Every logged-in connection's view, and the index from accounts to the connections whose
// owned set contains them (for private deliveries: portfolios, transfers, restricted markets).
// Invariant: a session appears under account X exactly when X is in its `owned`, and under
// universe k != 0 exactly when its `universe` is k (universe 0, the common case, has no list:
// it is "everyone but the other universes").

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
  void set_universe(SessionId id, UniverseId universe);
  // Puts back a view saved earlier (undo of a failed batch), indexes included.
  void restore(const SessionView& saved);

  // Sessions whose owned set contains the account, ascending id.
  std::vector<SessionId> sessions_owning(AccountId account) const;
  std::vector<SessionId> sudo_admin_sessions() const;
  std::vector<SessionId> all_sessions() const;
  // Sessions showing universe k, ascending id; for k = 0 use sessions_outside_main().
  std::vector<SessionId> sessions_in_universe(UniverseId universe) const;
  // Sessions showing any universe but Main, ascending id: usually none.
  std::vector<SessionId> sessions_outside_main() const;
  size_t size() const { return sessions_.size(); }

 private:
  void index(const SessionView& view);
  void unindex(const SessionView& view);

  std::unordered_map<SessionId, SessionView> sessions_;
  std::unordered_map<AccountId, std::vector<SessionId>> by_account_;
  std::unordered_map<UniverseId, std::vector<SessionId>> by_universe_;  // k != 0 only
};

}  // namespace exchange::api
