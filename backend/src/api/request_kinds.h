#pragma once
// The one table of request kinds after login: for each ClientMessage case, the kind name that
// RequestFailed reports, the handler, and the rate class. Dispatch, the rate limit, the history
// worker's failure replies and every error reply read it, so that a request's name is written
// once.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "api/batch_context.h"
#include "api/rate_limiter.h"
#include "client_message.pb.h"

namespace exchange::api {

struct Request;

// The cohort gates (cohorts.md 5.2), checked before everything else a request does, in this
// order: auctions enabled, cohort writable, requester a member (not a guest).
struct Gates {
  bool auctions = false;   // "Auctions are disabled for this cohort"
  bool read_only = false;  // "Cohort is read-only"
  bool members = false;    // "Auction access only"
};

struct RequestKind {
  websocket_api::ClientMessage::MessageCase message_case;
  std::string_view name;  // its message type name in PascalCase, as RequestFailed reports it
  // Answers the request completely. nullptr for Authenticate, which the login path handles.
  void (*handler)(const Request&) = nullptr;
  // Taken before the handler runs; nullopt when the handler takes it itself (the admin check
  // of category requests comes first) or the request is not limited.
  std::optional<RateClass> rate;
  // The kind reported when rate limited, when the reference reports another than its own.
  std::string_view rate_limited_as;
  Gates gates;
};

// The entry of `message_case`; nullptr for a case this server does not implement.
const RequestKind* find_request_kind(websocket_api::ClientMessage::MessageCase message_case);

// Every entry, in a fixed order; metrics create one series per entry up front and count by
// index into this span.
std::span<const RequestKind> request_kinds();
// The index of `kind` in request_kinds(); request_kinds().size() for nullptr (not implemented).
size_t request_kind_index(const RequestKind* kind);

// The case a full-history request came as (for the history worker's failure replies).
websocket_api::ClientMessage::MessageCase message_case_of(HistoryRequest::Kind kind);

}  // namespace exchange::api
