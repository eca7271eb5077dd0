#include "uploads/multipart.h"

#include <algorithm>
#include <cctype>

namespace exchange::uploads {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<std::string> boundary_of(std::string_view content_type) {
  if (lower(trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data") {
    return std::nullopt;
  }
  const std::string lowered = lower(content_type);
  const size_t at = lowered.find("boundary=");
  if (at == std::string::npos) return std::nullopt;
  std::string_view value = content_type.substr(at + 9);
  value = value.substr(0, value.find(';'));
  value = trim(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (value.empty() || value.size() > 70) return std::nullopt;
  return std::string(value);
}

}  // namespace

FirstPart first_form_part(std::string_view content_type, std::string_view body) {
  const std::optional<std::string> boundary = boundary_of(content_type);
  if (!boundary) return {std::nullopt, "missing or invalid multipart boundary"};
  const std::string delimiter = "--" + *boundary;
  size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return {std::nullopt, "no boundary in the body"};
  at += delimiter.size();
  if (body.substr(at, 2) == "--") return {};  // the closing delimiter: no parts at all
  if (body.substr(at, 2) != "\r\n") return {std::nullopt, "malformed boundary line"};
  at += 2;
  const size_t headers_end = body.find("\r\n\r\n", at);
  if (headers_end == std::string_view::npos) return {std::nullopt, "unterminated part headers"};
  FormPart part;
  std::string_view headers = body.substr(at, headers_end - at);
  while (!headers.empty()) {
    const size_t line_end = headers.find("\r\n");
    const std::string_view line = headers.substr(0, line_end);
    headers = line_end == std::string_view::npos ? std::string_view{} : headers.substr(line_end + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return {std::nullopt, "malformed part header"};
    part.headers[lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  const size_t content_start = headers_end + 4;
  const size_t content_end = body.find("\r\n" + delimiter, content_start);
  if (content_end == std::string_view::npos) return {std::nullopt, "unterminated part"};
  part.content = body.substr(content_start, content_end - content_start);
  return {std::move(part), {}};
}

}  // namespace exchange::uploads
