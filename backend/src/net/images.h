#pragma once
// Auction images (protocol.md 1.3): POST /api/upload-image and GET /api/images/{filename},
// hardened: a size cap, the bytes checked to be an image of the declared type, file names
// made by the server only (so no path can ever be smuggled in), a correct Content-Type and a
// long cache lifetime. These functions do the work; routes wrap them.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace exchange::net {

struct ImageResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class ImageStore {
 public:
  ImageStore(std::string directory, size_t max_bytes);

  // `content_type` is the request's Content-Type; `body` the multipart form.
  ImageResponse upload(std::string_view content_type, std::string_view body) const;
  // `filename` is the path segment after /api/images/ (already percent-decoded).
  ImageResponse serve(std::string_view filename) const;

  const std::string& directory() const { return directory_; }
  size_t max_bytes() const { return max_bytes_; }

 private:
  std::string directory_;
  size_t max_bytes_;
};

// Whether the bytes start like an image of this MIME subtype (png, jpeg, gif, webp).
bool looks_like(std::string_view subtype, std::string_view bytes);

}  // namespace exchange::net
