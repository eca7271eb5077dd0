#include "uploads/image_routes.h"

#include <utility>

#include "net/http_json.h"

namespace exchange::uploads {
namespace {

net::HttpResponse to_http(const net::HttpRequest& request, const ImageResponse& image) {
  net::HttpResponse response{static_cast<net::http::status>(image.status), request.version()};
  response.set(net::http::field::content_type, image.content_type);
  for (const auto& [name, value] : image.headers) response.set(name, value);
  response.body() = image.body;
  response.prepare_payload();
  return response;
}

net::HttpResponse unauthorized(const net::HttpRequest& request) {
  net::HttpResponse response{net::http::status::unauthorized, request.version()};
  response.set(net::http::field::content_type, "text/plain; charset=utf-8");
  response.set(net::http::field::www_authenticate, "Bearer");
  response.body() = "Sign in to upload images: a valid access token is required";
  response.prepare_payload();
  return response;
}

}  // namespace

void add_image_routes(net::Server& server, std::shared_ptr<ImageStore> images,
                      BearerVerifier verify_bearer) {
  server.add_route(
      net::http::verb::post, "/api/upload-image",
      [images, verify_bearer = std::move(verify_bearer)](const net::HttpRequest& request,
                                                         const net::HttpContext&) {
        // Before looking at the body: anonymous uploads are refused outright.
        const std::optional<std::string_view> token = net::bearer_token(request);
        const std::optional<messaging::Identity> user = token ? verify_bearer(*token) : std::nullopt;
        if (!user) return unauthorized(request);
        const auto content_type = request[net::http::field::content_type];
        return to_http(request, images->upload({content_type.data(), content_type.size()},
                                               request.body(), user->subject));
      },
      net::RunOn::kWorker);
  server.add_prefix_route(net::http::verb::get, "/api/images/",
                          [images](const net::HttpRequest& request) {
                            std::string_view target(request.target().data(),
                                                    request.target().size());
                            target = target.substr(std::string_view("/api/images/").size());
                            target = target.substr(0, target.find('?'));
                            return to_http(request, images->serve(target));
                          });
}

}  // namespace exchange::uploads
