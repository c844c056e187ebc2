#pragma once
// Sha256: incremental SHA-256 over OpenSSL's EVP interface, with a hex digest.

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "pipeline/status.h"

namespace mfp::engine_hw::sim::detail {

struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
// Owns one EVP_MD_CTX.
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;

// One digest in progress. Move-only; OpenSSL failures come back as `internal`. Never throws.
class Sha256 {
 public:
  [[nodiscard]] static pipeline::Result<Sha256> create() noexcept;

  [[nodiscard]] pipeline::Status update(std::span<const std::uint8_t> bytes) noexcept;
  // Ends the digest: 64 lowercase hex digits. The object cannot be updated afterwards.
  [[nodiscard]] pipeline::Result<std::string> finish_hex() noexcept;

 private:
  explicit Sha256(EvpMdCtxPtr ctx) noexcept : ctx_(std::move(ctx)) {}
  EvpMdCtxPtr ctx_;
};

}  // namespace mfp::engine_hw::sim::detail
