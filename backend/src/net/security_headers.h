#pragma once
// The security headers every HTTP response carries, decided in one place: the connection adds
// them just before writing any response (routes, static files, images, errors, 404s).
//
// HTML pages get a Content-Security-Policy the SvelteKit web app works under: scripts only
// from our origin plus the exact inline scripts of the page (by SHA-256 hash, computed from the
// HTML being sent, so a rebuilt web app needs no configuration). Everything else gets a policy
// that allows nothing, which also defuses an SVG or HTML file served as an image.

#include <string>
#include <string_view>
#include <vector>

#include "net/server.h"

namespace exchange::net {

// For responses that are not HTML pages.
constexpr std::string_view kStrictContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'";

// The CSP source expressions ('sha256-<base64>') of the inline scripts of an HTML document:
// one per <script> element without a src attribute, hashing its text exactly as sent.
std::vector<std::string> inline_script_sources(std::string_view html);

// The policy of an HTML page. `extra_connect_sources` (space-separated, may be empty) are
// origins the page may fetch from besides its own, e.g. the OIDC issuer for PKCE logins.
std::string page_content_security_policy(const std::vector<std::string>& script_sources,
                                         std::string_view extra_connect_sources);

// Sets X-Content-Type-Options, Referrer-Policy and Content-Security-Policy on `response`,
// whose body must still be present (HEAD bodies are dropped afterwards).
void add_security_headers(HttpResponse& response, std::string_view extra_connect_sources);

}  // namespace exchange::net
