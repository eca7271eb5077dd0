// Image uploads and serving (protocol.md 1.3, hardened).

#include "uploads/images.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace exchange::uploads {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, '\x01');

std::string form(const std::string& part_headers, const std::string& content) {
  return "--XyZ\r\n" + part_headers + "\r\n\r\n" + content + "\r\n--XyZ--\r\n";
}
constexpr const char* kFormType = "multipart/form-data; boundary=XyZ";

ImageLimits limits(size_t max_image_bytes) {
  ImageLimits limits;
  limits.max_image_bytes = max_image_bytes;
  return limits;
}

std::string png_form(size_t extra_bytes = 0) {
  return form("Content-Type: image/png", kPng + std::string(extra_bytes, '\x02'));
}

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
  ImageStore store(directory, limits(1024));
  const std::string body = form(
      "Content-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd.png\"\r\n"
      "Content-Type: image/png",
      kPng);
  const ImageResponse uploaded = store.upload(kFormType, body, "alice");
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
  ImageStore store(directory, limits(1024));
  EXPECT_EQ(store.upload("text/plain", "x", "alice").body.rfind("Failed to process form data", 0),
            0u);
  EXPECT_EQ(store.upload(kFormType, "--XyZ--\r\n", "alice").body, "No file found in request");
  EXPECT_EQ(
      store.upload(kFormType, form("Content-Disposition: form-data; name=\"file\"", kPng), "alice")
          .body,
      "Missing content type");
  const ImageResponse not_image =
      store.upload(kFormType, form("Content-Type: text/html", "<b>"), "alice");
  EXPECT_EQ(not_image.status, 400);
  EXPECT_EQ(not_image.body, "Invalid file type. Only images are allowed.");
  EXPECT_EQ(store.upload(kFormType, form("Content-Type: image/p n g", kPng), "alice").body,
            "Invalid content type");
  EXPECT_EQ(store.upload(kFormType, form("Content-Type: image/svg+xml", "<svg/>"), "alice").status,
            415);
  // Declared PNG, but the bytes are not.
  const ImageResponse fake =
      store.upload(kFormType, form("Content-Type: image/png", "GIF89a...."), "alice");
  EXPECT_EQ(fake.status, 400);
  EXPECT_EQ(fake.body, "The file is not a valid png image");
  const ImageResponse big = store.upload(
      kFormType, form("Content-Type: image/png", kPng + std::string(2000, 'x')), "alice");
  EXPECT_EQ(big.status, 413);
  EXPECT_TRUE(std::filesystem::is_empty(directory));  // nothing stored by any refusal
}

TEST_F(ImagesTest, ServingRefusesAnythingButOurOwnNames) {
  ImageStore store(directory, limits(1024));
  EXPECT_EQ(store.serve("../exchange.db").status, 400);
  EXPECT_EQ(store.serve("..").status, 400);
  EXPECT_EQ(store.serve("/etc/passwd").status, 400);
  EXPECT_EQ(store.serve("0123456789abcdef0123456789abcdef.png").status, 400);
  const ImageResponse missing = store.serve("01234567-89ab-4def-8123-456789abcdef.png");
  EXPECT_EQ(missing.status, 404);
}

TEST_F(ImagesTest, PerUserQuotaOfImagesAndBytes) {
  ImageLimits quota = limits(1024);
  quota.max_images_per_user = 2;
  quota.max_bytes_per_user = 3 * kPng.size();
  ImageStore store(directory, quota);
  EXPECT_EQ(store.upload(kFormType, png_form(), "alice").status, 200);
  EXPECT_EQ(store.upload(kFormType, png_form(), "alice").status, 200);
  const ImageResponse third = store.upload(kFormType, png_form(), "alice");
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(third.body, "Upload quota reached: at most 2 images per user");
  // Another user has a quota of their own; bytes count too.
  EXPECT_EQ(store.upload(kFormType, png_form(), "bob").status, 200);
  const ImageResponse too_many_bytes = store.upload(kFormType, png_form(2 * kPng.size()), "bob");
  EXPECT_EQ(too_many_bytes.status, 429);
  EXPECT_EQ(too_many_bytes.body, "Upload quota reached: at most " +
                                     std::to_string(3 * kPng.size()) + " bytes of images per user");
}

TEST_F(ImagesTest, GlobalCapOverAllUsers) {
  ImageLimits quota = limits(1024);
  quota.max_total_bytes = 2 * kPng.size();
  ImageStore store(directory, quota);
  EXPECT_EQ(store.upload(kFormType, png_form(), "alice").status, 200);
  EXPECT_EQ(store.upload(kFormType, png_form(), "bob").status, 200);
  const ImageResponse full = store.upload(kFormType, png_form(), "carol");
  EXPECT_EQ(full.status, 413);
  EXPECT_EQ(full.body, "Image storage is full: the server keeps at most " +
                           std::to_string(2 * kPng.size()) + " bytes of images");
}

TEST_F(ImagesTest, QuotasSurviveARestart) {
  ImageLimits quota = limits(1024);
  quota.max_images_per_user = 2;
  quota.max_total_bytes = 4 * kPng.size();
  {
    ImageStore store(directory, quota);
    EXPECT_EQ(store.upload(kFormType, png_form(), "alice with spaces%").status, 200);
    EXPECT_EQ(store.upload(kFormType, png_form(), "alice with spaces%").status, 200);
  }
  // An image no ledger line lists (stored before the ledger, or a crash lost its line).
  std::ofstream(std::filesystem::path(directory) / "01234567-89ab-4def-8123-456789abcdef.png",
                std::ios::binary)
      << kPng;
  ImageStore restarted(directory, quota);
  EXPECT_EQ(restarted.upload(kFormType, png_form(), "alice with spaces%").status, 429);
  EXPECT_EQ(restarted.upload(kFormType, png_form(), "bob").status, 200);
  EXPECT_EQ(restarted.upload(kFormType, png_form(), "carol").status, 413);  // 4 images stored
}

TEST_F(ImagesTest, DeletingAnImageFreesItsQuotaAfterRestart) {
  ImageLimits quota = limits(1024);
  quota.max_images_per_user = 1;
  std::string name;
  {
    ImageStore store(directory, quota);
    const ImageResponse uploaded = store.upload(kFormType, png_form(), "alice");
    ASSERT_EQ(uploaded.status, 200);
    name = uploaded.body.substr(13, 40);
  }
  ASSERT_TRUE(std::filesystem::remove(std::filesystem::path(directory) / name)) << name;
  // A torn last line (a crash mid-append) is ignored and later lines still parse.
  std::ofstream(std::filesystem::path(directory) / kImageLedgerFile, std::ios::app) << "0123 4";
  ImageStore restarted(directory, quota);
  EXPECT_EQ(restarted.upload(kFormType, png_form(), "alice").status, 200);
  ImageStore again(directory, quota);
  EXPECT_EQ(again.upload(kFormType, png_form(), "alice").status, 429);
}

TEST_F(ImagesTest, ConcurrentUploadsNeverExceedTheQuota) {
  ImageLimits quota = limits(1024);
  quota.max_images_per_user = 5;
  ImageStore store(directory, quota);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 4; ++j) {
        if (store.upload(kFormType, png_form(), "alice").status == 200) ++accepted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 5);
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
}  // namespace exchange::uploads
