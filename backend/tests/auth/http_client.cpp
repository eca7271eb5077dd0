#include "http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <chrono>

namespace exchange::auth::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

boost::json::value HttpAnswer::json() const {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  return ec ? boost::json::value() : value;
}

HttpAnswer http_call(uint16_t port, http::verb method, const std::string& target,
                     const std::string& body, const std::string& bearer,
                     const std::map<std::string, std::string>& headers) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  if (!bearer.empty()) request.set(http::field::authorization, "Bearer " + bearer);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  HttpAnswer answer;
  answer.status = response.result_int();
  answer.body = response.body();
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    answer.headers[name] = std::string(field.value());
  }
  return answer;
}

HttpAnswer post_credentials(uint16_t port, const std::string& target, const std::string& name,
                            const std::string& password) {
  boost::json::object body{{"name", name}, {"password", password}};
  return http_call(port, http::verb::post, target, boost::json::serialize(body));
}

}  // namespace exchange::auth::testing
