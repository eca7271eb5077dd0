#include "net/images.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "net/multipart.h"

namespace exchange::net {
namespace {

ImageResponse text(int status, std::string message) {
  return ImageResponse{status, "text/plain; charset=utf-8", std::move(message), {}};
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!std::isalnum(c) && std::string_view("!#$&^_.+-").find(char(c)) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string uuid_v4() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  unsigned char bytes[16];
  for (int i = 0; i < 16; i += 8) {
    const uint64_t value = random();
    for (int j = 0; j < 8; ++j) bytes[i + j] = static_cast<unsigned char>(value >> (8 * j));
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
  return out;
}

// The only names we ever create: <uuid>.<png|jpeg|gif|webp>.
bool is_stored_name(std::string_view name) {
  const size_t dot = name.find('.');
  if (dot != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = name[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  const std::string_view extension = name.substr(37);
  return extension == "png" || extension == "jpeg" || extension == "gif" || extension == "webp";
}

}  // namespace

bool looks_like(std::string_view subtype, std::string_view bytes) {
  if (subtype == "png") return bytes.starts_with("\x89PNG\r\n\x1a\n");
  if (subtype == "jpeg") return bytes.starts_with("\xff\xd8\xff");
  if (subtype == "gif") return bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a");
  if (subtype == "webp") return bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP";
  return false;
}

ImageStore::ImageStore(std::string directory, size_t max_bytes)
    : directory_(std::move(directory)), max_bytes_(max_bytes) {
  std::filesystem::create_directories(directory_);
}

ImageResponse ImageStore::upload(std::string_view content_type, std::string_view body) const {
  // Checks in the order of protocol.md 1.3, then our own hardening.
  const FirstPart form = first_form_part(content_type, body);
  if (!form.error.empty()) return text(400, "Failed to process form data: " + form.error);
  if (!form.part) return text(400, "No file found in request");
  auto declared = form.part->headers.find("content-type");
  if (declared == form.part->headers.end()) return text(400, "Missing content type");
  std::string mime = declared->second.substr(0, declared->second.find(';'));
  for (char& c : mime) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (!mime.starts_with("image/")) return text(400, "Invalid file type. Only images are allowed.");
  std::string subtype = mime.substr(6);
  while (!subtype.empty() && std::isspace(static_cast<unsigned char>(subtype.back()))) subtype.pop_back();
  if (!is_token(subtype)) return text(400, "Invalid content type");
  subtype = subtype.substr(0, subtype.find('+'));
  if (subtype == "jpg") subtype = "jpeg";
  // SVG can carry scripts and other formats are rare in a browser: only these four.
  if (subtype != "png" && subtype != "jpeg" && subtype != "gif" && subtype != "webp") {
    return text(415, "Unsupported image type: use PNG, JPEG, GIF or WebP");
  }
  const std::string_view bytes = form.part->content;
  if (bytes.size() > max_bytes_) {
    return text(413, "Image too large: at most " + std::to_string(max_bytes_ / (1 << 20)) + " MiB");
  }
  if (!looks_like(subtype, bytes)) {
    return text(400, "The file is not a valid " + subtype + " image");
  }
  const std::string name = uuid_v4() + "." + subtype;
  const std::filesystem::path path = std::filesystem::path(directory_) / name;
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) return text(500, "Failed to save file: write error");
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) return text(500, "Failed to save file: " + error.message());
  return ImageResponse{200, "application/json",
                       "{\"filename\":\"" + name + "\",\"url\":\"/api/images/" + name + "\"}",
                       {}};
}

ImageResponse ImageStore::serve(std::string_view filename) const {
  if (!is_stored_name(filename)) return text(400, "Invalid filename");
  const std::filesystem::path path = std::filesystem::path(directory_) / std::string(filename);
  std::ifstream in(path, std::ios::binary);
  if (!in) return text(404, "Image not found: " + std::string(filename));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string_view extension = filename.substr(37);
  ImageResponse response{200, "image/" + std::string(extension), bytes.str(), {}};
  response.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace exchange::net
