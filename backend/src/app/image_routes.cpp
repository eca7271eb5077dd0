#include "app/image_routes.h"

namespace exchange::app {
namespace {

net::HttpResponse to_http(const net::HttpRequest& request, const net::ImageResponse& image) {
  net::HttpResponse response{static_cast<net::http::status>(image.status), request.version()};
  response.set(net::http::field::content_type, image.content_type);
  for (const auto& [name, value] : image.headers) response.set(name, value);
  response.body() = image.body;
  response.prepare_payload();
  return response;
}

}  // namespace

void add_image_routes(net::Server& server, std::shared_ptr<const net::ImageStore> images) {
  server.add_route(
      net::http::verb::post, "/api/upload-image",
      [images](const net::HttpRequest& request, const net::HttpContext&) {
        const auto content_type = request[net::http::field::content_type];
        return to_http(request, images->upload({content_type.data(), content_type.size()},
                                               request.body()));
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

}  // namespace exchange::app
