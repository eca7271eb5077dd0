// The static web app: path resolution, traversal refusal, SPA fallback, content types and
// caching headers (no sockets).

#include "net/static_files.h"

#include <gtest/gtest.h>

#include <string>

#include "web_dir.h"

namespace exchange::net::testing {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  HttpResponse get(const std::string& path, http::verb method = http::verb::get) {
    HttpRequest request{method, path, 11};
    return files_.serve(request, path);
  }

  WebDir dir_;
  StaticFiles files_{dir_.web().string()};
};

TEST_F(StaticFilesTest, ServesFileWithContentType) {
  HttpResponse response = get("/app.js");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "console.log(1);");
  EXPECT_EQ(response[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(response[http::field::cache_control], "");
}

TEST_F(StaticFilesTest, RootAndDirectoriesServeTheirIndex) {
  HttpResponse root = get("/");
  EXPECT_EQ(root.result(), http::status::ok);
  EXPECT_EQ(root.body(), "<html>app</html>");
  EXPECT_EQ(root[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(root[http::field::cache_control], "no-cache");
  EXPECT_EQ(get("/docs").body(), "<html>docs</html>");
  EXPECT_EQ(get("/docs/").body(), "<html>docs</html>");
}

TEST_F(StaticFilesTest, MissingPathWithoutExtensionFallsBackToIndex) {
  HttpResponse response = get("/markets/42");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "<html>app</html>");
  EXPECT_EQ(response[http::field::cache_control], "no-cache");
}

TEST_F(StaticFilesTest, MissingFileWithExtensionIsNotFound) {
  HttpResponse response = get("/missing.js");
  EXPECT_EQ(response.result(), http::status::not_found);
  EXPECT_EQ(response.body(), "");
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  EXPECT_EQ(get("/../secret.txt").result(), http::status::bad_request);
  EXPECT_EQ(get("/%2e%2e/secret.txt").result(), http::status::bad_request);
  EXPECT_EQ(get("/docs/../../secret.txt").result(), http::status::bad_request);
  EXPECT_EQ(get("/..%2fsecret.txt").result(), http::status::bad_request);
  EXPECT_EQ(get("/leak.txt").result(), http::status::bad_request);  // symlink out
  // A ".." that stays inside is fine.
  EXPECT_EQ(get("/docs/../app.js").body(), "console.log(1);");
}

TEST_F(StaticFilesTest, PathIsPercentDecoded) {
  EXPECT_EQ(get("/hello%20world.txt").body(), "hello");
  EXPECT_EQ(get("/bad%2").result(), http::status::bad_request);
  EXPECT_EQ(get("/bad%zz").result(), http::status::bad_request);
  EXPECT_EQ(get("/nul%00.txt").result(), http::status::bad_request);
}

TEST_F(StaticFilesTest, ImmutableAssetsAreCachedForever) {
  HttpResponse response = get("/_app/immutable/chunk.css");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_type], "text/css; charset=utf-8");
  EXPECT_EQ(response[http::field::cache_control], "public, max-age=31536000, immutable");
}

// The connection drops a HEAD answer's body after deriving its headers (see HttpServerTest).
TEST_F(StaticFilesTest, HeadAnswersTheHeadersOfGet) {
  HttpResponse response = get("/app.js", http::verb::head);
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_length], "15");
  EXPECT_EQ(response[http::field::content_type], "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, ContentTypesByExtension) {
  EXPECT_EQ(get("/logo.PNG")[http::field::content_type], "image/png");
  EXPECT_EQ(get("/data.bin")[http::field::content_type], "application/octet-stream");
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.jpg"), "image/jpeg");
  EXPECT_EQ(content_type_for("a.jpeg"), "image/jpeg");
  EXPECT_EQ(content_type_for("a.gif"), "image/gif");
  EXPECT_EQ(content_type_for("a.webp"), "image/webp");
  EXPECT_EQ(content_type_for("a.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("a.woff"), "font/woff");
  EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("a.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js.map"), "application/json");
  EXPECT_EQ(content_type_for("a.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

}  // namespace
}  // namespace exchange::net::testing
