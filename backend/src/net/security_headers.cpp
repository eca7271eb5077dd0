#include "net/security_headers.h"

#include <openssl/evp.h>

#include <cctype>
#include <stdexcept>

namespace exchange::net {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// `needle` must be lower case.
size_t find_case_insensitive(std::string_view haystack, std::string_view needle, size_t from) {
  for (size_t at = from; at + needle.size() <= haystack.size(); ++at) {
    size_t i = 0;
    while (i < needle.size() && lower(haystack[at + i]) == needle[i]) ++i;
    if (i == needle.size()) return at;
  }
  return std::string_view::npos;
}

// The end ('>') of the start tag whose attributes begin at `from`, skipping quoted values
// (which may contain '>'); npos when the tag never ends.
size_t tag_end(std::string_view html, size_t from) {
  char quote = 0;
  for (size_t i = from; i < html.size(); ++i) {
    const char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Whether a start tag's attribute text names a `src` attribute (not merely contains "src").
bool has_src_attribute(std::string_view attributes) {
  size_t i = 0;
  while (i < attributes.size()) {
    while (i < attributes.size() && (is_space(attributes[i]) || attributes[i] == '/')) ++i;
    const size_t name_start = i;
    while (i < attributes.size() && !is_space(attributes[i]) && attributes[i] != '=' &&
           attributes[i] != '/') {
      ++i;
    }
    std::string name(attributes.substr(name_start, i - name_start));
    for (char& c : name) c = lower(c);
    if (name == "src") return true;
    while (i < attributes.size() && is_space(attributes[i])) ++i;
    if (i < attributes.size() && attributes[i] == '=') {
      ++i;
      while (i < attributes.size() && is_space(attributes[i])) ++i;
      if (i < attributes.size() && (attributes[i] == '"' || attributes[i] == '\'')) {
        const size_t close = attributes.find(attributes[i], i + 1);
        i = close == std::string_view::npos ? attributes.size() : close + 1;
      } else {
        while (i < attributes.size() && !is_space(attributes[i])) ++i;
      }
    }
  }
  return false;
}

std::string sha256_source(std::string_view script) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(script.data(), script.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  unsigned char base64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int written = EVP_EncodeBlock(base64, digest, static_cast<int>(length));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(base64), size_t(written)) + "'";
}

bool is_html(const HttpResponse& response) {
  auto type = response.find(http::field::content_type);
  if (type == response.end()) return false;
  return find_case_insensitive(type->value(), "text/html", 0) == 0;
}

constexpr std::string_view kPolicyHeader = "Content-Security-Policy";

}  // namespace

std::vector<std::string> inline_script_sources(std::string_view html) {
  std::vector<std::string> sources;
  constexpr std::string_view kOpen = "<script";
  size_t at = 0;
  while ((at = find_case_insensitive(html, kOpen, at)) != std::string_view::npos) {
    const size_t attributes_start = at + kOpen.size();
    // "<scripts>" or "<script-x>" is another element.
    if (attributes_start < html.size() && !is_space(html[attributes_start]) &&
        html[attributes_start] != '>' && html[attributes_start] != '/') {
      at = attributes_start;
      continue;
    }
    const size_t end = tag_end(html, attributes_start);
    if (end == std::string_view::npos) break;
    const size_t close = find_case_insensitive(html, "</script", end + 1);
    if (close == std::string_view::npos) break;
    if (!has_src_attribute(html.substr(attributes_start, end - attributes_start))) {
      sources.push_back(sha256_source(html.substr(end + 1, close - end - 1)));
    }
    at = close;
  }
  return sources;
}

std::string page_content_security_policy(const std::vector<std::string>& script_sources,
                                         std::string_view extra_connect_sources) {
  std::string scripts = "script-src 'self'";
  for (const std::string& source : script_sources) scripts += " " + source;
  std::string connect = "connect-src 'self' ws: wss:";
  if (!extra_connect_sources.empty()) connect += " " + std::string(extra_connect_sources);
  // Svelte sets inline style attributes (transitions), hence 'unsafe-inline' for styles only;
  // auction images may be data:/blob: previews before upload.
  return "default-src 'self'; " + scripts +
         "; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
         connect +
         "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

void add_security_headers(HttpResponse& response, std::string_view extra_connect_sources) {
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  if (is_html(response)) {
    response.set(kPolicyHeader, page_content_security_policy(inline_script_sources(response.body()),
                                                             extra_connect_sources));
  } else {
    response.set(kPolicyHeader, kStrictContentSecurityPolicy);
  }
}

}  // namespace exchange::net
