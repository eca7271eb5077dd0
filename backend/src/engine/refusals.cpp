#include "engine/refusals.h"

#include <map>
#include <memory>
#include <string>

#include "api/messages.h"

namespace exchange::engine {
namespace {

void reply(messaging::Outbox& outbox, messaging::SessionId session,
           const websocket_api::ServerMessage& message) {
  outbox.items.emplace_back(messaging::Delivery{
      false, {session}, std::make_shared<const std::string>(message.SerializeAsString())});
}

// The HTTP caller waiting on the command learns that nothing changed.
void fail(messaging::AccountCommand& command) {
  try {
    command.done.set_value({messaging::AccountCommandResult::Outcome::kFailed, {}});
  } catch (const std::future_error&) {
    // Already answered: the command was completed before this refusal.
  }
}

}  // namespace

messaging::Outbox refusals(const std::vector<messaging::Inbound>& inputs, std::string_view text) {
  using Kind = messaging::Inbound::Kind;
  using Control = messaging::SessionControl;
  messaging::Outbox outbox;
  // A session only counts its answered requests, so one kProcessed per session, after all the
  // replies, is enough (as BatchProcessor does for a batch whose commit failed).
  std::map<messaging::SessionId, uint32_t> processed;
  for (const messaging::Inbound& input : inputs) {
    const std::string& request_id = input.message.request_id();
    if (input.kind == Kind::kLogin) {
      reply(outbox, input.session, api::request_failed("Authenticate", text, request_id));
      outbox.items.emplace_back(Control{input.session, Control::Kind::kLoginFailed, 0, {}});
    } else if (input.kind == Kind::kAccountCommand && input.command) {
      fail(*input.command);
    } else if (input.kind == Kind::kRequest) {
      reply(outbox, input.session,
            api::request_failed(api::request_kind(input.message.message_case()), text, request_id));
      ++processed[input.session];
    }
  }
  for (const auto& [session, count] : processed) {
    outbox.items.emplace_back(Control{session, Control::Kind::kProcessed, count, {}});
  }
  return outbox;
}

}  // namespace exchange::engine
