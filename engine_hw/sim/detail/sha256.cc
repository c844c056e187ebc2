#include "engine_hw/sim/detail/sha256.h"

namespace mfp::engine_hw::sim::detail {

using pipeline::make_error;
using pipeline::StatusCode;

pipeline::Result<Sha256> Sha256::create() noexcept {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return make_error(StatusCode::resource_exhausted, "SHA-256: no memory for context");
  if (EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return make_error(StatusCode::internal, "SHA-256: EVP_DigestInit_ex failed");
  }
  return Sha256(std::move(ctx));
}

pipeline::Status Sha256::update(std::span<const std::uint8_t> bytes) noexcept {
  if (!ctx_) return make_error(StatusCode::internal, "SHA-256: digest already finished");
  if (bytes.empty()) return pipeline::Status::ok();
  if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) {
    return make_error(StatusCode::internal, "SHA-256: EVP_DigestUpdate failed");
  }
  return pipeline::Status::ok();
}

pipeline::Result<std::string> Sha256::finish_hex() noexcept {
  if (!ctx_) return make_error(StatusCode::internal, "SHA-256: digest already finished");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const int rc = EVP_DigestFinal_ex(ctx_.get(), md, &len);
  ctx_.reset();
  if (rc != 1) return make_error(StatusCode::internal, "SHA-256: EVP_DigestFinal_ex failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(static_cast<std::size_t>(len) * 2, '0');
  for (unsigned i = 0; i < len; ++i) {
    hex[2 * i] = kHex[md[i] >> 4];
    hex[2 * i + 1] = kHex[md[i] & 0xF];
  }
  return hex;
}

}  // namespace mfp::engine_hw::sim::detail
