#pragma once
// The first part of a multipart/form-data body (RFC 7578), which is all the upload route uses.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace exchange::uploads {

struct FormPart {
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string_view content;                    // points into the body
};

struct FirstPart {
  std::optional<FormPart> part;  // absent: the form has no part
  std::string error;             // non-empty: the form could not be parsed
};

// `content_type` is the request's Content-Type header (it carries the boundary).
FirstPart first_form_part(std::string_view content_type, std::string_view body);

}  // namespace exchange::uploads
