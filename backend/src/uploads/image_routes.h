#pragma once
// The HTTP routes of auction images (protocol.md 1.3) over ImageStore.

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "messaging/inbound.h"
#include "uploads/images.h"
#include "net/server.h"

namespace exchange::uploads {

// Verifies a bearer access token (thread-safe): the user it names, or nullopt.
using BearerVerifier = std::function<std::optional<messaging::Identity>(std::string_view token)>;

// POST /api/upload-image (on a worker thread: it verifies a token and writes a file), only for
// a logged-in user (401 otherwise), and GET /api/images/<name> for anyone: images are public
// once placed on an auction.
void add_image_routes(net::Server& server, std::shared_ptr<ImageStore> images,
                      BearerVerifier verify_bearer);

}  // namespace exchange::uploads
