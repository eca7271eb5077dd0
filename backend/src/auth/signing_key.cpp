#include "auth/signing_key.h"

#include <fcntl.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "auth/base64url.h"
#include "auth/jwt.h"

namespace exchange::auth {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioHandle = std::unique_ptr<BIO, BioFree>;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw std::runtime_error("signing key " + path.string() + ": " + what);
}

std::string private_pem(EVP_PKEY* key) {
  BioHandle bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return {};
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

// Writes `pem` to a new file readable by the owner only; false if the file exists already.
bool create_private_file(const std::filesystem::path& path, const std::string& pem) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    fail(path, std::strerror(errno));
  }
  size_t written = 0;
  while (written < pem.size()) {
    const ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      fail(path, std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) fail(path, "fsync failed");
  return true;
}

PkeyHandle read_private_key(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) fail(path, std::strerror(errno));
  if ((info.st_mode & 077) != 0) {
    spdlog::warn("auth: {} was readable by others; setting its mode to 0600", path.string());
    ::chmod(path.c_str(), 0600);
  }
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) fail(path, "cannot read");
  const std::string pem = text.str();
  BioHandle bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyHandle key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) fail(path, "not a PEM private key");
  if (!EVP_PKEY_is_a(key.get(), "EC") || EVP_PKEY_get_bits(key.get()) != 256) {
    fail(path, "not an EC P-256 key");
  }
  return key;
}

// The public half as its own key, and a kid derived from it.
VerificationKey public_half(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  if (length <= 0) throw std::runtime_error("signing key: cannot export the public key");
  const unsigned char* cursor = der;
  PkeyHandle public_key(d2i_PUBKEY(nullptr, &cursor, length));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  const bool hashed = EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length,
                                 EVP_sha256(), nullptr) == 1;
  OPENSSL_free(der);
  if (!public_key || !hashed) throw std::runtime_error("signing key: cannot export the public key");
  VerificationKey result;
  result.kid = base64url_encode(std::string_view(reinterpret_cast<char*>(digest), 12));
  result.algorithm = Algorithm::kEs256;
  result.key = share(std::move(public_key));
  return result;
}

}  // namespace

SigningKey SigningKey::load_or_create(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    PkeyHandle generated(EVP_EC_gen("P-256"));
    const std::string pem = generated ? private_pem(generated.get()) : std::string();
    if (pem.empty()) fail(path, "key generation failed");
    if (create_private_file(path, pem)) {
      spdlog::info("auth: created the built-in issuer's signing key {}", path.string());
    }
    // Else another process created it first: use that one.
  }
  PkeyHandle key = read_private_key(path);
  VerificationKey public_key = public_half(key.get());
  return SigningKey(share(std::move(key)), std::move(public_key));
}

std::string SigningKey::sign(const boost::json::object& claims) const {
  return sign_jwt(private_.get(), Algorithm::kEs256, public_.kid, claims);
}

std::string SigningKey::jwks_json() const {
  boost::json::object jwks;
  jwks["keys"] = boost::json::array{public_jwk(public_)};
  return boost::json::serialize(jwks);
}

}  // namespace exchange::auth
