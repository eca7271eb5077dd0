#pragma once
// RequestFailed, the one refusal of the protocol (protocol.md 1.2): built by the request
// handlers and by the network layer, which answers some frames on its own (protocol.md 5.8)
// before they ever reach the sequencer.

#include <memory>
#include <string>
#include <string_view>

#include "server_message.pb.h"

namespace exchange::messaging {

// ServerMessage{request_failed{kind, message}, request_id}.
websocket_api::ServerMessage request_failed(std::string_view kind, std::string_view message,
                                            std::string_view request_id = {});
// The same, encoded and ready to send.
std::shared_ptr<const std::string> request_failed_frame(std::string_view kind,
                                                        std::string_view message,
                                                        std::string_view request_id = {});

}  // namespace exchange::messaging
