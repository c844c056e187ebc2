#include "security/auth/password_hasher.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <charconv>
#include <string_view>
#include <vector>

#include "security/crypto/digest.h"

namespace mfp::security::auth {
namespace {

using pipeline::make_error;
using pipeline::StatusCode;

constexpr std::string_view kPrefix = "pbkdf2-sha256$1$";

bool from_hex(std::string_view hex, std::span<std::uint8_t> out) {
  if (hex.size() != out.size() * 2) return false;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nib(hex[2 * i]);
    int lo = nib(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

pipeline::Status malformed() {
  return make_error(StatusCode::invalid_argument, "password record is malformed");
}

}  // namespace

pipeline::Result<PasswordHasher> PasswordHasher::create(PasswordHasherOptions options,
                                                        crypto::Drbg& drbg) noexcept {
  if (options.pbkdf2_iterations < 1'000 || options.pbkdf2_iterations > kMaxPbkdf2Iterations ||
      (!options.allow_weak_for_tests && options.pbkdf2_iterations < kMinPbkdf2Iterations)) {
    return make_error(StatusCode::invalid_argument,
                      "PBKDF2 iterations must be at least " + std::to_string(kMinPbkdf2Iterations));
  }
  return PasswordHasher(options, drbg);
}

pipeline::Result<crypto::SecureBytes> PasswordHasher::derive(std::span<const std::uint8_t> password,
                                                             std::span<const std::uint8_t> salt,
                                                             std::uint32_t iterations) noexcept {
  runs_.fetch_add(1);
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "PBKDF2", nullptr);
  if (kdf == nullptr) return make_error(StatusCode::internal, "PBKDF2 unavailable");
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  if (ctx == nullptr) return make_error(StatusCode::internal, "PBKDF2 context");
  crypto::SecureBytes out(kPasswordHashBytes);
  char digest[] = "SHA256";
  int pkcs5_checks = 0;  // 0 = enforce SP 800-132 floors (>= 1,000 iterations, >= 128-bit salt)
  unsigned int iter = iterations;
  static const std::uint8_t kEmpty = 0;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_PASSWORD,
          const_cast<std::uint8_t*>(password.empty() ? &kEmpty : password.data()), password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<std::uint8_t*>(salt.data()),
                                        salt.size()),
      OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &iter),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5_checks),
      OSSL_PARAM_construct_end()};
  const int rc = EVP_KDF_derive(ctx, out.data(), out.size(), params);
  EVP_KDF_CTX_free(ctx);
  if (rc != 1) return make_error(StatusCode::internal, "PBKDF2 derivation failed");
  return out;
}

pipeline::Result<std::string> PasswordHasher::hash(
    std::span<const std::uint8_t> password) noexcept {
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes salt, drbg_->bytes(kPasswordSaltBytes));
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes h,
                       derive(password, salt.span(), options_.pbkdf2_iterations));
  return std::string(kPrefix) + std::to_string(options_.pbkdf2_iterations) + "$" +
         crypto::to_hex(salt.span()) + "$" + crypto::to_hex(h.span());
}

pipeline::Result<bool> PasswordHasher::verify(std::span<const std::uint8_t> password,
                                              const std::string& record) noexcept {
  std::string_view r = record;
  if (!r.starts_with(kPrefix)) return malformed();
  r.remove_prefix(kPrefix.size());
  const std::size_t d1 = r.find('$');
  if (d1 == std::string_view::npos) return malformed();
  std::uint32_t iterations = 0;
  auto [p, ec] = std::from_chars(r.data(), r.data() + d1, iterations);
  if (ec != std::errc() || p != r.data() + d1 || iterations == 0 ||
      iterations > kMaxPbkdf2Iterations) {
    return malformed();
  }
  r.remove_prefix(d1 + 1);
  const std::size_t d2 = r.find('$');
  if (d2 == std::string_view::npos) return malformed();
  std::uint8_t salt[kPasswordSaltBytes];
  crypto::SecureBytes expected(kPasswordHashBytes);
  if (!from_hex(r.substr(0, d2), salt) || !from_hex(r.substr(d2 + 1), expected.span())) {
    return malformed();
  }
  MFP_ASSIGN_OR_RETURN(crypto::SecureBytes got, derive(password, salt, iterations));
  return crypto::constant_time_equal(got.span(), expected.span());
}

}  // namespace mfp::security::auth
