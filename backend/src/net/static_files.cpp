#include "net/static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

namespace exchange::net {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutablePrefix = "/_app/immutable/";

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

constexpr std::array kContentTypes{
    ContentType{".html", "text/html; charset=utf-8"},
    ContentType{".js", "text/javascript; charset=utf-8"},
    ContentType{".mjs", "text/javascript; charset=utf-8"},
    ContentType{".css", "text/css; charset=utf-8"},
    ContentType{".json", "application/json"},
    ContentType{".svg", "image/svg+xml"},
    ContentType{".png", "image/png"},
    ContentType{".jpg", "image/jpeg"},
    ContentType{".jpeg", "image/jpeg"},
    ContentType{".gif", "image/gif"},
    ContentType{".webp", "image/webp"},
    ContentType{".ico", "image/x-icon"},
    ContentType{".woff", "font/woff"},
    ContentType{".woff2", "font/woff2"},
    ContentType{".txt", "text/plain; charset=utf-8"},
    ContentType{".map", "application/json"},
    ContentType{".wasm", "application/wasm"},
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

HttpResponse empty_response(const HttpRequest& request, http::status status) {
  HttpResponse response{status, request.version()};
  return response;
}

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// True when `path` (canonical) is `root` or lies below it.
bool is_within(const fs::path& path, const fs::path& root) {
  auto [root_end, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string contents{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return std::nullopt;
  return contents;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string_view content_type_for(const fs::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& entry : kContentTypes) {
    if (entry.extension == extension) return entry.type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::string& web_dir) {
  if (web_dir.empty()) return;
  std::error_code ec;
  root_ = fs::weakly_canonical(fs::absolute(web_dir), ec);
  if (ec) root_ = fs::absolute(web_dir).lexically_normal();
}

HttpResponse StaticFiles::serve(const HttpRequest& request, std::string_view path) const {
  std::optional<std::string> decoded = percent_decode(path);
  if (!decoded) return empty_response(request, http::status::bad_request);

  // Resolve the path lexically first: a ".." above the root is refused outright.
  std::vector<std::string_view> segments;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (segments.empty()) return empty_response(request, http::status::bad_request);
      segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  fs::path file = root_;
  for (std::string_view segment : segments) file /= fs::path(segment);

  std::error_code ec;
  if (fs::is_directory(file, ec)) file /= "index.html";
  if (!is_file(file)) {
    bool has_extension = !segments.empty() && segments.back().find('.') != std::string_view::npos;
    if (has_extension) return empty_response(request, http::status::not_found);
    file = root_ / "index.html";  // single-page-app fallback
    if (!is_file(file)) return empty_response(request, http::status::not_found);
  }

  // A symlink may still lead out of the root.
  fs::path real = fs::canonical(file, ec);
  if (ec) return empty_response(request, http::status::not_found);
  if (!is_within(real, root_)) return empty_response(request, http::status::bad_request);

  std::optional<std::string> contents = read_file(real);
  if (!contents) return empty_response(request, http::status::not_found);

  HttpResponse response{http::status::ok, request.version()};
  response.set(http::field::content_type, content_type_for(file));
  if (file.extension() == ".html") {
    response.set(http::field::cache_control, "no-cache");
  } else if (decoded->starts_with(kImmutablePrefix)) {
    response.set(http::field::cache_control, "public, max-age=31536000, immutable");
  }
  response.body() = std::move(*contents);
  // Also for HEAD: the connection drops the body after deriving the headers from it (the
  // Content-Length, an HTML page's script hashes), so HEAD and GET answer the same headers.
  response.prepare_payload();
  return response;
}

}  // namespace exchange::net
