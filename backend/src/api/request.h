#pragma once
// One request after login, as its handler sees it (private to api/): the batch it runs in,
// the asking session, the message, and the ways to refuse it.

#include "api/batch_context.h"
#include "api/messages.h"
#include "api/refusal_texts.h"

namespace exchange::api {

struct Request {
  BatchContext& ctx;
  SessionView& view;
  const ClientMessage& message;
  const std::string& request_id() const { return message.request_id(); }
  // The kind RequestFailed reports for this request.
  std::string_view kind() const { return request_kind(message.message_case()); }
  void fail(std::string_view kind, std::string_view text) const {
    ++ctx.tally.refused;
    ctx.publisher.reply(view.id, request_failed(kind, text, request_id()));
  }
  // Core's refusals (and the same refusals found by api first), under the request's own kind
  // unless the protocol reports another.
  void fail(Refusal refusal) const { fail(kind(), refusal_text(refusal)); }
  void fail(const Error& error) const { fail(error.refusal); }
  void fail(std::string_view kind, Refusal refusal) const { fail(kind, refusal_text(refusal)); }
  // For requests whose admin check precedes the rate limit: takes a unit or answers the
  // refusal; false when refused.
  bool take_rate(RateClass rate_class, std::string_view kind) const;
  // The "admin required" refusal of protocol.md 3.2; false when refused.
  bool require_sudo_admin(std::string_view kind) const;
};

}  // namespace exchange::api
