// Image upload and serving through the real server's HTTP routes.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>

#include "http_request.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;

constexpr const char* kAliceToken = "test::alice::Alice::false";
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\x07');

// An upload as `token`'s user ("" for none).
http::request<http::string_body> upload(const std::string& content_type, const std::string& bytes,
                                        const std::string& token = kAliceToken) {
  http::request<http::string_body> request{http::verb::post, "/api/upload-image", 11};
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  request.set(http::field::content_type, "multipart/form-data; boundary=BOUNDARY");
  request.body() = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                   "Content-Type: " + content_type + "\r\n\r\n" + bytes + "\r\n--BOUNDARY--\r\n";
  return request;
}

TEST(ImagesHttp, UploadThenFetch) {
  app::Config config;
  config.max_upload_bytes = 4096;
  TestExchange exchange(config);
  const std::string& png = kPng;
  const auto uploaded = http_send(exchange.port(), upload("image/png", png));
  ASSERT_EQ(uploaded.result_int(), 200) << uploaded.body();
  const std::string& body = uploaded.body();
  const size_t at = body.find("/api/images/");
  ASSERT_NE(at, std::string::npos);
  const std::string url = body.substr(at, body.find('"', at) - at);
  const auto fetched = http_send(exchange.port(), {http::verb::get, url, 11});
  EXPECT_EQ(fetched.result_int(), 200);
  EXPECT_EQ(fetched[http::field::content_type], "image/png");
  EXPECT_EQ(fetched.body(), png);
  EXPECT_NE(fetched[http::field::cache_control].find("immutable"), std::string::npos);
  EXPECT_EQ(fetched[http::field::access_control_allow_origin], "*");
  EXPECT_EQ(fetched["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(fetched["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'");

  EXPECT_EQ(http_send(exchange.port(), upload("text/plain", "hi")).body(),
            "Invalid file type. Only images are allowed.");
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", "not a png")).result_int(), 400);
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", png + std::string(5000, 'x'))).result_int(), 413);
  EXPECT_EQ(http_send(exchange.port(), {http::verb::get, "/api/images/..%2Fexchange.db", 11}).result_int(), 400);
  EXPECT_EQ(http_send(exchange.port(), {http::verb::get, "/api/images/../exchange.db", 11}).result_int(), 400);
}

TEST(ImagesHttp, UploadNeedsALoggedInUser) {
  TestExchange exchange;
  for (const std::string token : {"", "not-a-token", "test::broken"}) {
    const auto refused = http_send(exchange.port(), upload("image/png", kPng, token));
    EXPECT_EQ(refused.result_int(), 401) << token;
    EXPECT_EQ(refused[http::field::www_authenticate], "Bearer");
    EXPECT_EQ(refused["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'");
  }
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", kPng)).result_int(), 200);
  // Nothing of the refused uploads was stored: only the one image and the ledger.
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(exchange.data_dir() + "/uploads")) {
    files += entry.path().extension() == ".png";
  }
  EXPECT_EQ(files, 1u);
}

TEST(ImagesHttp, PerUserQuotaSurvivesARestart) {
  app::Config config;
  config.max_upload_images_per_user = 2;
  TestExchange exchange(config);
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", kPng)).result_int(), 200);
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", kPng)).result_int(), 200);
  exchange.restart();
  const auto refused = http_send(exchange.port(), upload("image/png", kPng));
  EXPECT_EQ(refused.result_int(), 429);
  EXPECT_EQ(refused.body(), "Upload quota reached: at most 2 images per user");
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", kPng, "test::bob::Bob::false")).result_int(),
            200);
}

TEST(ImagesHttp, GlobalCapRefusesEveryone) {
  app::Config config;
  config.max_upload_total_bytes = 2 * kPng.size();
  TestExchange exchange(config);
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", kPng)).result_int(), 200);
  EXPECT_EQ(http_send(exchange.port(), upload("image/png", kPng, "test::bob::Bob::false")).result_int(),
            200);
  const auto full = http_send(exchange.port(), upload("image/png", kPng, "test::carol::Carol::true"));
  EXPECT_EQ(full.result_int(), 413);
  EXPECT_NE(full.body().find("Image storage is full"), std::string::npos) << full.body();
}

}  // namespace
}  // namespace exchange::testing
