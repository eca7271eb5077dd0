#pragma once
// The HTTP routes of auction images (protocol.md 1.3) over net::ImageStore.

#include <memory>

#include "net/images.h"
#include "net/server.h"

namespace exchange::app {

// POST /api/upload-image (on a worker thread: it writes a file) and GET /api/images/<name>.
void add_image_routes(net::Server& server, std::shared_ptr<const net::ImageStore> images);

}  // namespace exchange::app
