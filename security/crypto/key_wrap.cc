#include "security/crypto/key_wrap.h"

#include <openssl/evp.h>

#include <cstring>
#include <new>

#include "security/crypto/detail/kwp.h"
#include "security/crypto/openssl_deleter.h"
#include "security/crypto/openssl_error.h"

namespace mfp::security::crypto {

using pipeline::make_error;
using pipeline::StatusCode;

namespace detail {
namespace {

// Fetched once per process: an implicit fetch on every EVP_*Init_ex costs more than the wrap.
const EVP_CIPHER* kwp_cipher(std::size_t kek_bytes) noexcept {
  static const EvpCipherPtr aes128(EVP_CIPHER_fetch(nullptr, "AES-128-WRAP-PAD", nullptr));
  static const EvpCipherPtr aes192(EVP_CIPHER_fetch(nullptr, "AES-192-WRAP-PAD", nullptr));
  static const EvpCipherPtr aes256(EVP_CIPHER_fetch(nullptr, "AES-256-WRAP-PAD", nullptr));
  switch (kek_bytes) {
    case 16:
      return aes128.get();
    case 24:
      return aes192.get();
    case 32:
      return aes256.get();
    default:
      return nullptr;
  }
}

// A cipher context for KWP in direction `encrypt`, keyed with `kek`.
pipeline::Result<EvpCipherCtxPtr> kwp_context(std::span<const std::uint8_t> kek,
                                              bool encrypt) noexcept {
  if (kek.size() != 16 && kek.size() != 24 && kek.size() != 32) {
    return make_error(StatusCode::invalid_argument, "key wrap: KEK must be 16, 24 or 32 bytes");
  }
  const EVP_CIPHER* cipher = kwp_cipher(kek.size());
  if (cipher == nullptr) return openssl_error(StatusCode::internal, "key wrap: no AES-WRAP-PAD");
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return make_error(StatusCode::resource_exhausted, "key wrap: no memory for context");
  // OpenSSL 3.0 refuses wrap modes through EVP unless the caller opts in.
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  const int rc = encrypt ? EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr)
                         : EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr);
  if (rc != 1) return openssl_error(StatusCode::internal, "key wrap: KEK setup failed");
  return ctx;
}

}  // namespace

pipeline::Result<std::vector<std::uint8_t>> kwp_wrap(std::span<const std::uint8_t> kek,
                                                     std::span<const std::uint8_t> key) noexcept {
  if (key.empty() || key.size() > kMaxWrappedKeyBytes) {
    return make_error(StatusCode::invalid_argument, "key wrap: key must be 1..4096 bytes");
  }
  try {
    MFP_ASSIGN_OR_RETURN(auto ctx, kwp_context(kek, true));
    // RFC 5649: the key padded to a multiple of 8, plus the 8-byte integrity block.
    std::vector<std::uint8_t> out((key.size() + 7) / 8 * 8 + 8);
    int outl = 0;
    if (EVP_EncryptUpdate(ctx.get(), out.data(), &outl, key.data(), static_cast<int>(key.size())) !=
            1 ||
        static_cast<std::size_t>(outl) != out.size()) {
      return openssl_error(StatusCode::internal, "key wrap failed");
    }
    int finl = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + outl, &finl) != 1 || finl != 0) {
      return openssl_error(StatusCode::internal, "key wrap: final failed");
    }
    return out;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "key wrap: out of memory");
  }
}

pipeline::Result<SecureBytes> kwp_unwrap(std::span<const std::uint8_t> kek,
                                         std::span<const std::uint8_t> wrapped) noexcept {
  if (wrapped.size() < 16 || wrapped.size() % 8 != 0 || wrapped.size() > kMaxWrappedKeyBytes + 8) {
    return make_error(StatusCode::integrity_error, "key unwrap: wrapped key has a bad length");
  }
  try {
    MFP_ASSIGN_OR_RETURN(auto ctx, kwp_context(kek, false));
    SecureBytes scratch(wrapped.size());  // unwrapped bytes are secret from the first write
    int outl = 0;
    if (EVP_DecryptUpdate(ctx.get(), scratch.data(), &outl, wrapped.data(),
                          static_cast<int>(wrapped.size())) != 1 ||
        outl <= 0) {
      clear_openssl_errors();
      return make_error(StatusCode::integrity_error, "key unwrap: integrity check failed");
    }
    int finl = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), scratch.data() + outl, &finl) != 1 || finl != 0) {
      clear_openssl_errors();
      return make_error(StatusCode::integrity_error, "key unwrap: integrity check failed");
    }
    return SecureBytes::copy_of(scratch.span().first(static_cast<std::size_t>(outl)));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "key unwrap: out of memory");
  }
}

}  // namespace detail

pipeline::Result<std::vector<std::uint8_t>> wrap_key(std::span<const std::uint8_t> kek,
                                                     std::span<const std::uint8_t> key) noexcept {
  if (kek.size() != 32)
    return make_error(StatusCode::invalid_argument, "key wrap: KEK must be 32 bytes");
  return detail::kwp_wrap(kek, key);
}

pipeline::Result<SecureBytes> unwrap_key(std::span<const std::uint8_t> kek,
                                         std::span<const std::uint8_t> wrapped) noexcept {
  if (kek.size() != 32) {
    return make_error(StatusCode::invalid_argument, "key unwrap: KEK must be 32 bytes");
  }
  return detail::kwp_unwrap(kek, wrapped);
}

}  // namespace mfp::security::crypto
