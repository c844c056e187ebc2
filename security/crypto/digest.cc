#include "security/crypto/digest.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <cstdlib>
#include <new>

#include "security/crypto/openssl_deleter.h"
#include "security/crypto/openssl_error.h"

namespace mfp::security::crypto {

using pipeline::make_error;
using pipeline::StatusCode;

namespace {

// Algorithms are fetched once per process (fetching is a locked lookup in OpenSSL 3) and kept
// for the life of the process. A null result means the provider lacks the algorithm.
const EVP_MD* sha256_md() noexcept {
  static const EvpMdPtr md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  return md.get();
}

const EVP_MD* sha512_md() noexcept {
  static const EvpMdPtr md(EVP_MD_fetch(nullptr, "SHA512", nullptr));
  return md.get();
}

EVP_MAC* hmac_mac() noexcept {
  static const EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

EVP_KDF* hkdf_kdf() noexcept {
  static const EvpKdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  return kdf.get();
}

// A new HMAC-SHA-256 context keyed with `key`, or the failure.
pipeline::Result<EvpMacCtxPtr> new_hmac_ctx(std::span<const std::uint8_t> key) noexcept {
  EVP_MAC* mac = hmac_mac();
  if (mac == nullptr) return openssl_error(StatusCode::internal, "HMAC: not available");
  EvpMacCtxPtr ctx(EVP_MAC_CTX_new(mac));
  if (!ctx) return make_error(StatusCode::resource_exhausted, "HMAC: no memory for context");
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  // HMAC keys may be empty (RFC 2104); a null pointer would mean "keep the old key".
  static const unsigned char kEmpty = 0;
  if (EVP_MAC_init(ctx.get(), key.empty() ? &kEmpty : key.data(), key.size(), params) != 1) {
    return openssl_error(StatusCode::internal, "HMAC-SHA-256: key setup failed");
  }
  return ctx;
}

// A digest with no status channel cannot report failure; returning a wrong digest would be
// worse than stopping. EVP_Digest on a fetched SHA-2 fails only when memory is exhausted or the
// library is broken, so the process stops as it would on an allocation failure.
[[noreturn]] void digest_failed() noexcept {
  std::abort();
}

template <std::size_t N>
std::array<std::uint8_t, N> digest(const EVP_MD* md, std::span<const std::uint8_t> data) noexcept {
  std::array<std::uint8_t, N> out{};
  unsigned int len = 0;
  static const unsigned char kEmpty = 0;
  if (md == nullptr ||
      EVP_Digest(data.empty() ? &kEmpty : data.data(), data.size(), out.data(), &len, md,
                 nullptr) != 1 ||
      len != N) {
    digest_failed();
  }
  return out;
}

}  // namespace

Sha256Digest sha256(std::span<const std::uint8_t> data) noexcept {
  return digest<32>(sha256_md(), data);
}

Sha512Digest sha512(std::span<const std::uint8_t> data) noexcept {
  return digest<64>(sha512_md(), data);
}

struct HmacSha256::Impl {
  EvpMacCtxPtr ctx;
};

pipeline::Result<std::unique_ptr<HmacSha256>> HmacSha256::create(
    std::span<const std::uint8_t> key) noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(auto ctx, new_hmac_ctx(key));
    auto impl = std::make_unique<Impl>();
    impl->ctx = std::move(ctx);
    return std::unique_ptr<HmacSha256>(new HmacSha256(std::move(impl)));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "HMAC-SHA-256: out of memory");
  }
}

HmacSha256::HmacSha256(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

HmacSha256::~HmacSha256() = default;

void HmacSha256::update(std::span<const std::uint8_t> data) noexcept {
  if (data.empty()) return;
  if (EVP_MAC_update(impl_->ctx.get(), data.data(), data.size()) != 1) digest_failed();
}

Sha256Digest HmacSha256::finish() noexcept {
  Sha256Digest out{};
  std::size_t len = 0;
  if (EVP_MAC_final(impl_->ctx.get(), out.data(), &len, out.size()) != 1 || len != out.size()) {
    digest_failed();
  }
  // A null key restarts the message under the key already set.
  if (EVP_MAC_init(impl_->ctx.get(), nullptr, 0, nullptr) != 1) digest_failed();
  return out;
}

pipeline::Result<Sha256Digest> hmac_sha256(std::span<const std::uint8_t> key,
                                           std::span<const std::uint8_t> data) noexcept {
  MFP_ASSIGN_OR_RETURN(auto ctx, new_hmac_ctx(key));
  Sha256Digest out{};
  std::size_t len = 0;
  if ((!data.empty() && EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1) ||
      EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1 || len != out.size()) {
    return openssl_error(StatusCode::internal, "HMAC-SHA-256 failed");
  }
  return out;
}

pipeline::Result<SecureBytes> hkdf_sha256(std::span<const std::uint8_t> ikm,
                                          std::span<const std::uint8_t> salt, std::string_view info,
                                          std::size_t length) noexcept {
  if (ikm.empty()) return make_error(StatusCode::invalid_argument, "HKDF: empty input key");
  if (length == 0 || length > 255 * 32) {
    return make_error(StatusCode::invalid_argument, "HKDF-SHA-256: length must be 1..8160");
  }
  try {
    EVP_KDF* kdf = hkdf_kdf();
    if (kdf == nullptr) return openssl_error(StatusCode::internal, "HKDF: not available");
    EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
    if (!ctx) return make_error(StatusCode::resource_exhausted, "HKDF: no memory for context");
    char digest_name[] = "SHA256";
    OSSL_PARAM params[5];
    OSSL_PARAM* p = params;
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest_name, 0);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                             const_cast<std::uint8_t*>(ikm.data()), ikm.size());
    // An absent salt is HashLen zero bytes (RFC 5869 2.2), which is OpenSSL's default too.
    if (!salt.empty()) {
      *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                               const_cast<std::uint8_t*>(salt.data()), salt.size());
    }
    if (!info.empty()) {
      *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                               info.size());
    }
    *p = OSSL_PARAM_construct_end();
    SecureBytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
      return openssl_error(StatusCode::internal, "HKDF-SHA-256 derive failed");
    }
    return out;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "HKDF-SHA-256: out of memory");
  }
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    hex[2 * i] = kHex[bytes[i] >> 4];
    hex[2 * i + 1] = kHex[bytes[i] & 0xF];
  }
  return hex;
}

}  // namespace mfp::security::crypto
