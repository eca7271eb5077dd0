#pragma once
// The static web app (a SvelteKit build) served from a directory.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "net/server.h"

namespace exchange::net {

// Serves GET/HEAD for files under one directory. Guarantees: never reads a file outside that
// directory (".." or a symlink leading out answers 400); a missing path without a file
// extension answers index.html (client-side routing); any other missing file answers 404 with
// an empty body.
class StaticFiles {
 public:
  explicit StaticFiles(const std::string& web_dir);

  // `path` is the request target without its query string, still percent-encoded.
  HttpResponse serve(const HttpRequest& request, std::string_view path) const;

 private:
  std::filesystem::path root_;
};

// Decodes %XX escapes; nullopt for a malformed escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view text);

// The Content-Type for a file name, chosen by its extension.
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace exchange::net
