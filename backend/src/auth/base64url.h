#pragma once
// Base64url without padding (RFC 7515 section 2), the encoding of JWT parts and JWK numbers.

#include <optional>
#include <string>
#include <string_view>

namespace exchange::auth {

std::string base64url_encode(std::string_view bytes);
// nullopt for anything but canonical unpadded base64url (stray characters, padding, a
// dangling final character).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace exchange::auth
