#include "api/publisher.h"

#include <algorithm>

#include "api/hiding.h"

namespace exchange::api {
namespace {

void sort_unique(std::vector<SessionId>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

std::shared_ptr<const std::string> Publisher::encode(const ServerMessage& message) {
  return std::make_shared<const std::string>(message.SerializeAsString());
}

void Publisher::deliver(bool to_everyone, std::vector<SessionId> sessions,
                        std::shared_ptr<const std::string> frame, bool bulk) {
  if (!to_everyone && sessions.empty()) return;
  encoded_bytes_ += frame->size();
  outbox_.items.emplace_back(
      messaging::Delivery{to_everyone, std::move(sessions), std::move(frame), bulk});
}

void Publisher::reply(SessionId session, const ServerMessage& message) {
  deliver(false, {session}, encode(message));
}

void Publisher::snapshot_reply(SessionId session, const ServerMessage& message) {
  deliver(false, {session}, encode(message), /*bulk=*/true);
}

void Publisher::to_sessions(std::vector<SessionId> sessions, const ServerMessage& message) {
  if (sessions.empty()) return;
  deliver(false, std::move(sessions), encode(message));
}

void Publisher::to_everyone(const ServerMessage& message, std::vector<SessionId> except) {
  deliver(true, std::move(except), encode(message));
}

void Publisher::to_owners_of(AccountId account, const ServerMessage& message) {
  to_sessions(sessions_.sessions_owning(account), message);
}

void Publisher::control(messaging::SessionControl control) {
  outbox_.items.emplace_back(std::move(control));
}

void Publisher::market_event(const Market& market, const ServerMessage& message,
                             SessionId requester) {
  // Only sessions showing the market's universe receive it (cohorts.md 10.1: the reference
  // leaks other universes' markets into every client's list), and always the requester, whose
  // reply it is. Main's public markets stay one broadcast, minus the usually empty list of
  // sessions elsewhere.
  const bool requester_known = sessions_.find(requester) != nullptr;
  const bool everyone = market.is_public() && market.universe == kMainUniverse;
  std::vector<SessionId> excluded;    // everyone: the sessions showing another universe
  std::vector<SessionId> recipients;  // otherwise: exactly these
  if (everyone) {
    excluded = sessions_.sessions_outside_main();
    if (requester_known) std::erase(excluded, requester);
  } else {
    if (market.is_public()) {
      recipients = sessions_.sessions_in_universe(market.universe);
    } else {
      for (AccountId listed : market.visible_to) {
        for (SessionId id : sessions_.sessions_owning(listed)) recipients.push_back(id);
      }
      for (SessionId id : sessions_.sessions_owning(market.owner)) recipients.push_back(id);
      for (SessionId id : sessions_.sudo_admin_sessions()) recipients.push_back(id);
      std::erase_if(recipients, [&](SessionId id) {
        return sessions_.find(id)->universe != market.universe;
      });
    }
    if (requester_known) recipients.push_back(requester);
    sort_unique(recipients);
  }
  if (!market.hide_account_ids) {
    if (everyone) to_everyone(message, std::move(excluded));
    else to_sessions(std::move(recipients), message);
    return;
  }

  // Viewers who may see some id: sudo admins (all of them) and owners of a mentioned account.
  std::vector<SessionId> special = sessions_.sudo_admin_sessions();
  for (int64_t id : hideable_account_ids(message)) {
    for (SessionId session : sessions_.sessions_owning(id)) special.push_back(session);
  }
  sort_unique(special);
  std::vector<SessionId> kept;
  if (everyone) {
    std::set_difference(special.begin(), special.end(), excluded.begin(), excluded.end(),
                        std::back_inserter(kept));
  } else {
    std::set_intersection(special.begin(), special.end(), recipients.begin(), recipients.end(),
                          std::back_inserter(kept));
  }
  special = std::move(kept);
  std::shared_ptr<const std::string> plain;
  for (SessionId id : special) {
    const SessionView* view = sessions_.find(id);
    if (view->sudo_admin()) {
      if (!plain) plain = encode(message);
      deliver(false, {id}, plain);
      continue;
    }
    ServerMessage custom = message;
    hide_account_ids(custom, [view](int64_t account) { return view->owns(account); });
    deliver(false, {id}, encode(custom));
  }
  ServerMessage hidden = message;
  hide_account_ids(hidden, [](int64_t) { return false; });
  if (everyone) {
    std::vector<SessionId> skipped;
    std::set_union(special.begin(), special.end(), excluded.begin(), excluded.end(),
                   std::back_inserter(skipped));
    deliver(true, std::move(skipped), encode(hidden));
  } else {
    std::vector<SessionId> rest;
    std::set_difference(recipients.begin(), recipients.end(), special.begin(), special.end(),
                        std::back_inserter(rest));
    deliver(false, std::move(rest), encode(hidden));
  }
}

}  // namespace exchange::api
