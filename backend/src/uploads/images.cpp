#include "uploads/images.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "uploads/multipart.h"

namespace exchange::uploads {
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

// "5 MiB" for whole mebibytes (the configured limits), else exact bytes (small test limits).
std::string describe_bytes(uint64_t bytes) {
  constexpr uint64_t kMiB = 1 << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// Uploaders are login subjects, which may hold any character: the ledger escapes the ones
// that would break its space-separated lines.
std::string escape_subject(std::string_view subject) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : subject) {
    if (c <= ' ' || c == '%' || c == 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

std::string unescape_subject(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += char(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct LedgerLine {
  std::string name;
  uint64_t bytes = 0;
  std::string uploader;
};

// Nullopt for a malformed line (the last one may be torn by a crash).
std::optional<LedgerLine> parse_ledger_line(std::string_view line) {
  const size_t first = line.find(' ');
  const size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  LedgerLine parsed;
  parsed.name = std::string(line.substr(0, first));
  const std::string_view bytes = line.substr(first + 1, second - first - 1);
  if (bytes.empty() || bytes.size() > 19) return std::nullopt;
  for (char c : bytes) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  parsed.bytes = std::stoull(std::string(bytes));
  const std::string_view uploader = line.substr(second + 1);
  for (size_t i = 0; i < uploader.size(); ++i) {
    if (uploader[i] == '%' &&
        (i + 2 >= uploader.size() || !std::isxdigit(static_cast<unsigned char>(uploader[i + 1])) ||
         !std::isxdigit(static_cast<unsigned char>(uploader[i + 2])))) {
      return std::nullopt;
    }
  }
  parsed.uploader = unescape_subject(uploader);
  return parsed;
}

}  // namespace

bool looks_like(std::string_view subtype, std::string_view bytes) {
  if (subtype == "png") return bytes.starts_with("\x89PNG\r\n\x1a\n");
  if (subtype == "jpeg") return bytes.starts_with("\xff\xd8\xff");
  if (subtype == "gif") return bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a");
  if (subtype == "webp") return bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP";
  return false;
}

ImageStore::ImageStore(std::string directory, ImageLimits limits)
    : directory_(std::move(directory)), limits_(limits) {
  std::filesystem::create_directories(directory_);
  load_ledger();
}

// Quotas must survive restarts and the images alone do not say who uploaded them, hence the
// ledger: one appended line per stored image, read once here. A line counts while its image
// exists, so an operator frees room by deleting images. Images the ledger does not list (from
// before it existed, or whose line a crash lost) still count toward the total.
void ImageStore::load_ledger() {
  namespace fs = std::filesystem;
  const fs::path ledger = fs::path(directory_) / kImageLedgerFile;
  std::unordered_set<std::string> listed;
  std::error_code error;
  if (fs::exists(ledger, error)) {
    std::ifstream in(ledger, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the image ledger " + ledger.string());
    const std::string contents{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
    ledger_needs_newline_ = !contents.empty() && contents.back() != '\n';
    size_t start = 0;
    while (start < contents.size()) {
      size_t end = contents.find('\n', start);
      if (end == std::string::npos) end = contents.size();
      const auto line = parse_ledger_line(std::string_view(contents).substr(start, end - start));
      start = end + 1;
      if (!line || !is_stored_name(line->name) || !listed.insert(line->name).second) continue;
      if (!fs::is_regular_file(fs::path(directory_) / line->name, error)) continue;
      Usage& usage = usage_[line->uploader];
      ++usage.images;
      usage.bytes += line->bytes;
      total_bytes_ += line->bytes;
    }
  }
  for (const auto& entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (!is_stored_name(name) || listed.contains(name)) continue;
    total_bytes_ += entry.file_size(error);
  }
}

std::optional<ImageResponse> ImageStore::quota_refusal(const std::string& uploader,
                                                       uint64_t bytes) const {
  const auto found = usage_.find(uploader);
  const Usage usage = found == usage_.end() ? Usage{} : found->second;
  if (usage.images + 1 > limits_.max_images_per_user) {
    return text(429, "Upload quota reached: at most " +
                         std::to_string(limits_.max_images_per_user) + " images per user");
  }
  if (usage.bytes + bytes > limits_.max_bytes_per_user) {
    return text(429, "Upload quota reached: at most " + describe_bytes(limits_.max_bytes_per_user) +
                         " of images per user");
  }
  if (total_bytes_ + bytes > limits_.max_total_bytes) {
    return text(413, "Image storage is full: the server keeps at most " +
                         describe_bytes(limits_.max_total_bytes) + " of images");
  }
  return std::nullopt;
}

ImageResponse ImageStore::upload(std::string_view content_type, std::string_view body,
                                 std::string_view uploader) {
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
  if (bytes.size() > limits_.max_image_bytes) {
    return text(413, "Image too large: at most " + describe_bytes(limits_.max_image_bytes));
  }
  if (!looks_like(subtype, bytes)) {
    return text(400, "The file is not a valid " + subtype + " image");
  }
  const std::string owner(uploader);
  // One upload at a time from the quota check to the ledger line: images are small, uploads
  // rare, and this keeps the accounting exact under concurrent workers.
  std::lock_guard lock(mutex_);
  if (auto refusal = quota_refusal(owner, bytes.size())) return std::move(*refusal);
  return store(owner, subtype, bytes);
}

ImageResponse ImageStore::store(const std::string& uploader, std::string_view subtype,
                                std::string_view bytes) {
  const std::string name = uuid_v4() + "." + std::string(subtype);
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
  // After the image: a crash in between leaves an unlisted image, which still counts toward
  // the total on restart, rather than a line for an image that never existed.
  {
    std::ofstream ledger(std::filesystem::path(directory_) / kImageLedgerFile,
                         std::ios::binary | std::ios::app);
    if (ledger_needs_newline_) ledger << '\n';
    ledger << name << ' ' << bytes.size() << ' ' << escape_subject(uploader) << '\n';
    ledger.flush();
    if (!ledger) {
      std::filesystem::remove(path, error);
      return text(500, "Failed to save file: cannot record the upload");
    }
    ledger_needs_newline_ = false;
  }
  Usage& usage = usage_[uploader];
  ++usage.images;
  usage.bytes += bytes.size();
  total_bytes_ += bytes.size();
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

}  // namespace exchange::uploads
