#pragma once
// A verified login identity (protocol.md section 6), as the login systems (auth/) hand it to
// the exchange.

#include <string>

namespace exchange::messaging {

struct Identity {
  std::string subject;  // the identity provider's subject; the account's login identity
  std::string name;     // display name for a first login; may be empty
  bool is_admin = false;
};

}  // namespace exchange::messaging
