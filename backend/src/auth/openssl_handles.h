#pragma once
// Owning handles for the OpenSSL objects auth/ uses, so every exit path frees them.

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

namespace exchange::auth {

struct OpenSslFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  void operator()(BIGNUM* number) const { BN_free(number); }
  void operator()(OSSL_PARAM_BLD* builder) const { OSSL_PARAM_BLD_free(builder); }
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

using PkeyHandle = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using PkeyContextHandle = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree>;
using DigestContextHandle = std::unique_ptr<EVP_MD_CTX, OpenSslFree>;
using BignumHandle = std::unique_ptr<BIGNUM, OpenSslFree>;
using ParamBuilderHandle = std::unique_ptr<OSSL_PARAM_BLD, OpenSslFree>;
using ParamsHandle = std::unique_ptr<OSSL_PARAM, OpenSslFree>;

// A shared, immutable public or private key (EVP_PKEY is safe to use from many threads once
// built).
using SharedPkey = std::shared_ptr<EVP_PKEY>;
inline SharedPkey share(PkeyHandle key) {
  return SharedPkey(key.release(), OpenSslFree{});
}

}  // namespace exchange::auth
