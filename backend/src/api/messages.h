#pragma once
// Small builders for server messages shared by the request handlers.

#include <string>
#include <string_view>

#include "client_message.pb.h"
#include "core/error.h"
#include "messaging/request_failed.h"
#include "server_message.pb.h"

namespace exchange::api {

using websocket_api::ClientMessage;
using websocket_api::ServerMessage;

using messaging::request_failed;

// The request's kind as RequestFailed reports it: its message type name in PascalCase, or
// "Unknown". Read from the table of request kinds (request_kinds.cpp).
std::string_view request_kind(ClientMessage::MessageCase message_case);

}  // namespace exchange::api
