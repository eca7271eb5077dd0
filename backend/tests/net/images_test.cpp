// Image uploads and serving (protocol.md 1.3, hardened).

#include "net/images.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace exchange::net {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, '\x01');

std::string form(const std::string& part_headers, const std::string& content) {
  return "--XyZ\r\n" + part_headers + "\r\n\r\n" + content + "\r\n--XyZ--\r\n";
}
constexpr const char* kFormType = "multipart/form-data; boundary=XyZ";

class ImagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/images-test-XXXXXX";
    directory = mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(directory); }
  std::string directory;
};

TEST_F(ImagesTest, UploadAndServeRoundTrip) {
  ImageStore store(directory, 1024);
  const std::string body = form(
      "Content-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd.png\"\r\n"
      "Content-Type: image/png",
      kPng);
  const ImageResponse uploaded = store.upload(kFormType, body);
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  EXPECT_EQ(uploaded.content_type, "application/json");
  const size_t start = uploaded.body.find("\"filename\":\"") + 12;
  const std::string name = uploaded.body.substr(start, uploaded.body.find('"', start) - start);
  EXPECT_EQ(name.size(), 40u);  // <uuid>.png: the client's file name is never used
  EXPECT_NE(uploaded.body.find("\"url\":\"/api/images/" + name + "\""), std::string::npos);
  const ImageResponse served = store.serve(name);
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.content_type, "image/png");
  EXPECT_EQ(served.body, kPng);
  bool cached = false;
  for (const auto& [key, value] : served.headers) {
    if (key == "Cache-Control") cached = value.find("max-age=31536000") != std::string::npos;
  }
  EXPECT_TRUE(cached);
}

TEST_F(ImagesTest, RefusalsInProtocolOrder) {
  ImageStore store(directory, 1024);
  EXPECT_EQ(store.upload("text/plain", "x").body.rfind("Failed to process form data", 0), 0u);
  EXPECT_EQ(store.upload(kFormType, "--XyZ--\r\n").body, "No file found in request");
  EXPECT_EQ(store.upload(kFormType, form("Content-Disposition: form-data; name=\"file\"", kPng)).body,
            "Missing content type");
  const ImageResponse not_image = store.upload(kFormType, form("Content-Type: text/html", "<b>"));
  EXPECT_EQ(not_image.status, 400);
  EXPECT_EQ(not_image.body, "Invalid file type. Only images are allowed.");
  EXPECT_EQ(store.upload(kFormType, form("Content-Type: image/p n g", kPng)).body,
            "Invalid content type");
  EXPECT_EQ(store.upload(kFormType, form("Content-Type: image/svg+xml", "<svg/>")).status, 415);
  // Declared PNG, but the bytes are not.
  const ImageResponse fake = store.upload(kFormType, form("Content-Type: image/png", "GIF89a...."));
  EXPECT_EQ(fake.status, 400);
  EXPECT_EQ(fake.body, "The file is not a valid png image");
  const ImageResponse big =
      store.upload(kFormType, form("Content-Type: image/png", kPng + std::string(2000, 'x')));
  EXPECT_EQ(big.status, 413);
  EXPECT_TRUE(std::filesystem::is_empty(directory));  // nothing stored by any refusal
}

TEST_F(ImagesTest, ServingRefusesAnythingButOurOwnNames) {
  ImageStore store(directory, 1024);
  EXPECT_EQ(store.serve("../exchange.db").status, 400);
  EXPECT_EQ(store.serve("..").status, 400);
  EXPECT_EQ(store.serve("/etc/passwd").status, 400);
  EXPECT_EQ(store.serve("0123456789abcdef0123456789abcdef.png").status, 400);
  const ImageResponse missing = store.serve("01234567-89ab-4def-8123-456789abcdef.png");
  EXPECT_EQ(missing.status, 404);
}

TEST(ImageMagic, RecognisesTheFourFormats) {
  using namespace std::literals;
  EXPECT_TRUE(looks_like("jpeg", "\xff\xd8\xff\xe0rest"));
  EXPECT_TRUE(looks_like("gif", "GIF87a...."));
  EXPECT_TRUE(looks_like("webp", "RIFF\x10\0\0\0WEBPVP8 "sv));
  EXPECT_FALSE(looks_like("webp", "RIFF\x10\0\0\0AVI "sv));
  EXPECT_FALSE(looks_like("png", "\x89PNG"));
}

}  // namespace
}  // namespace exchange::net
