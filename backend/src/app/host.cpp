#include "app/host.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/resource.h>

#include <algorithm>

namespace exchange::app {
namespace {

std::string url_of(const std::string& address, uint16_t port) {
  const bool ipv6 = address.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port) + "/";
}

// The IPv4 (and, when `ipv6`, IPv6) addresses of the host's interfaces, loopback excluded.
std::vector<std::string> interface_addresses(bool ipv6) {
  std::vector<std::string> found;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return found;
  for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr) continue;
    char text[INET6_ADDRSTRLEN] = {};
    const int family = entry->ifa_addr->sa_family;
    if (family == AF_INET) {
      const auto* ip = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
      if (ntohl(ip->sin_addr.s_addr) >> 24 == 127) continue;
      inet_ntop(AF_INET, &ip->sin_addr, text, sizeof text);
    } else if (family == AF_INET6 && ipv6) {
      const auto* ip = reinterpret_cast<const sockaddr_in6*>(entry->ifa_addr);
      if (IN6_IS_ADDR_LOOPBACK(&ip->sin6_addr) || IN6_IS_ADDR_LINKLOCAL(&ip->sin6_addr)) continue;
      inet_ntop(AF_INET6, &ip->sin6_addr, text, sizeof text);
    } else {
      continue;
    }
    if (std::find(found.begin(), found.end(), text) == found.end()) found.emplace_back(text);
  }
  freeifaddrs(list);
  return found;
}

}  // namespace

std::vector<std::string> served_urls(const std::string& bind_address, uint16_t port) {
  const bool any_v4 = bind_address == "0.0.0.0";
  const bool any_v6 = bind_address == "::";
  if (!any_v4 && !any_v6) return {url_of(bind_address, port)};
  std::vector<std::string> urls{url_of(any_v6 ? "::1" : "127.0.0.1", port)};
  for (const std::string& address : interface_addresses(any_v6)) urls.push_back(url_of(address, port));
  return urls;
}

size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<size_t>(limit.rlim_cur);
}

}  // namespace exchange::app
