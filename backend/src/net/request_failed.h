#pragma once
// RequestFailed frames the network layer answers on its own (protocol.md 1.2, 5.8), before a
// request ever reaches the sequencer.

#include <memory>
#include <string>
#include <string_view>

namespace exchange::net {

// An encoded ServerMessage{request_failed{kind, message}, request_id}, ready to send.
std::shared_ptr<const std::string> request_failed_frame(std::string_view kind,
                                                        std::string_view message,
                                                        std::string_view request_id = {});

}  // namespace exchange::net
