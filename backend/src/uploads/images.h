#pragma once
// Auction images (protocol.md 1.3): POST /api/upload-image and GET /api/images/{filename},
// hardened: a size cap, the bytes checked to be an image of the declared type, file names
// made by the server only (so no path can ever be smuggled in), a correct Content-Type and a
// long cache lifetime, and quotas per uploader and in all that survive restarts. These
// functions do the work; routes wrap them (and check who the uploader is).

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace exchange::uploads {

struct ImageResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct ImageLimits {
  size_t max_image_bytes = 5 << 20;  // one image; larger answers 413
  // Per uploader (by login subject), over everything they ever uploaded; beyond: 429.
  size_t max_images_per_user = 50;
  uint64_t max_bytes_per_user = 50 << 20;
  // Over all stored images, so the disk cannot be filled by many accounts; beyond: 413.
  uint64_t max_total_bytes = uint64_t{2} << 30;
};

// The file in the image directory that records every stored image: "<name> <bytes> <uploader>"
// per line. Never served: it is not an image name.
inline constexpr std::string_view kImageLedgerFile = "uploads.ledger";

class ImageStore {
 public:
  // Creates the directory if needed and reads the ledger, so quotas count what earlier runs
  // stored. Throws std::runtime_error when the ledger cannot be read.
  ImageStore(std::string directory, ImageLimits limits);

  // Thread-safe. `content_type` is the request's Content-Type; `body` the multipart form;
  // `uploader` the verified login subject of the user uploading.
  ImageResponse upload(std::string_view content_type, std::string_view body,
                       std::string_view uploader);
  // `filename` is the path segment after /api/images/ (already percent-decoded).
  ImageResponse serve(std::string_view filename) const;

  const std::string& directory() const { return directory_; }
  const ImageLimits& limits() const { return limits_; }

 private:
  struct Usage {
    size_t images = 0;
    uint64_t bytes = 0;
  };

  void load_ledger();
  // The refusal when storing `bytes` more for `uploader` would break a quota. Needs mutex_.
  std::optional<ImageResponse> quota_refusal(const std::string& uploader, uint64_t bytes) const;
  // Writes the image and its ledger line. Needs mutex_.
  ImageResponse store(const std::string& uploader, std::string_view subtype,
                      std::string_view bytes);

  std::string directory_;
  ImageLimits limits_;
  // Held from the quota check to the ledger line, so concurrent uploads cannot both pass the
  // check for the last bit of room.
  std::mutex mutex_;
  std::unordered_map<std::string, Usage> usage_;  // by uploader
  uint64_t total_bytes_ = 0;
  bool ledger_needs_newline_ = false;  // its last line was torn by a crash
};

// Whether the bytes start like an image of this MIME subtype (png, jpeg, gif, webp).
bool looks_like(std::string_view subtype, std::string_view bytes);

}  // namespace exchange::uploads
