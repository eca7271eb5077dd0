#pragma once
// What the server learns from its host at start-up: the addresses a bind address really
// serves on (for the start-up line an instructor copies to students), and how many file
// descriptors it may hold (so that the connection limits fit inside them).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace exchange::app {

// "http://<address>:<port>/" for each address `bind_address` serves: itself, or for 0.0.0.0
// (and ::) the loopback address first, then every configured interface address.
std::vector<std::string> served_urls(const std::string& bind_address, uint16_t port);

// Raises the soft descriptor limit to the hard one; returns the soft limit in force.
size_t raise_descriptor_limit();

// Descriptors kept for everything but client connections: databases, WAL files, uploads being
// written, the listening socket, logs.
constexpr size_t kReservedDescriptors = 256;

}  // namespace exchange::app
