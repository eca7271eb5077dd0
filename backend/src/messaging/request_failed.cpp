#include "messaging/request_failed.h"

namespace exchange::messaging {

websocket_api::ServerMessage request_failed(std::string_view kind, std::string_view message,
                                            std::string_view request_id) {
  websocket_api::ServerMessage reply;
  reply.set_request_id(std::string(request_id));
  auto* failed = reply.mutable_request_failed();
  failed->mutable_request_details()->set_kind(std::string(kind));
  failed->mutable_error_details()->set_message(std::string(message));
  return reply;
}

std::shared_ptr<const std::string> request_failed_frame(std::string_view kind,
                                                        std::string_view message,
                                                        std::string_view request_id) {
  return std::make_shared<const std::string>(
      request_failed(kind, message, request_id).SerializeAsString());
}

}  // namespace exchange::messaging
