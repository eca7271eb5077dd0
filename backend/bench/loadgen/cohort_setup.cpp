#include "cohort_setup.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <stdexcept>

namespace exchange::loadgen {

namespace asio = boost::asio;
namespace http = boost::beast::http;

std::string cohort_socket_path(const std::string& name) {
  // Names are lower-case letters, digits and '-' (the server refuses others): no escaping.
  return name.empty() ? "/api" : "/api/ws/" + name;
}

namespace {

http::response<http::string_body> exchange_http(const std::string& host, uint16_t port,
                                                http::verb verb, const std::string& target,
                                                const std::string& token, std::string body) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::ip::tcp::resolver resolver(io);
  asio::connect(socket, resolver.resolve(host, std::to_string(port)));
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, host + ":" + std::to_string(port));
  request.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return response;
}

}  // namespace

void ensure_cohort(const std::string& host, uint16_t port, const std::string& admin_token,
                   const std::string& name) {
  // GET /api/cohorts first: it lists every cohort to an admin, and it makes the server know a
  // person it has never seen (the admin API refuses those). A second run finds its cohorts here.
  const auto listed = exchange_http(host, port, http::verb::get, "/api/cohorts", admin_token, "");
  if (listed.result() != http::status::ok) {
    throw std::runtime_error("cannot list cohorts: " + std::to_string(listed.result_int()) + " " +
                             listed.body());
  }
  if (listed.body().find("\"name\":\"" + name + "\"") != std::string::npos) return;
  const auto created =
      exchange_http(host, port, http::verb::post, "/api/admin/cohorts", admin_token,
                    R"({"name":")" + name + R"(","display_name":")" + name + R"("})");
  // 409: created meanwhile by another load generator.
  if (created.result() != http::status::ok && created.result() != http::status::conflict) {
    throw std::runtime_error("cannot create cohort " + name + ": " +
                             std::to_string(created.result_int()) + " " + created.body());
  }
}

std::vector<std::string> cohort_names(const std::vector<std::string>& named, int count) {
  std::vector<std::string> names = named;
  for (int i = 1; i <= count; ++i) names.push_back("load-" + std::to_string(i));
  if (names.empty()) names.emplace_back();
  return names;
}

}  // namespace exchange::loadgen
