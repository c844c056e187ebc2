#include "security/crypto/drbg.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <new>

#include "security/crypto/detail/ctr_drbg.h"
#include "security/crypto/detail/ctr_drbg_kat.h"
#include "security/crypto/openssl_deleter.h"
#include "security/crypto/openssl_error.h"

namespace mfp::security::crypto {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr unsigned int kStrength = detail::kCtrDrbgStrength;
constexpr std::size_t kDefaultMaxRequest = 1 << 16;  // SP 800-90A CTR_DRBG limit in OpenSSL

}  // namespace

// The device DRBG: CTR-DRBG (AES-256, df, strength 256) whose parent is an explicit instance of
// OpenSSL's "SEED-SRC" EVP_RAND, the operating system entropy source (getrandom). An explicit
// seed source, rather than the library's shared primary DRBG, keeps the device's key material
// independent of any other DRBG in the process, and gives the power-on self-test one object to
// check. Locking is enabled on both, so generate() may be called from any thread. OpenSSL
// reseeds it from the parent on its own schedule (request count and time) and after fork().
struct Drbg::Impl {
  EvpRandCtxPtr seed;  // freed after `ctx` (members are destroyed in reverse order)
  EvpRandCtxPtr ctx;
  std::size_t max_request = kDefaultMaxRequest;
};

pipeline::Result<std::unique_ptr<Drbg>> Drbg::create(std::string_view personalization) noexcept {
  try {
    auto impl = std::make_unique<Impl>();
    EvpRandPtr seed_src(EVP_RAND_fetch(nullptr, "SEED-SRC", nullptr));
    if (!seed_src) return openssl_error(StatusCode::internal, "DRBG: no SEED-SRC");
    impl->seed.reset(EVP_RAND_CTX_new(seed_src.get(), nullptr));
    if (!impl->seed ||
        EVP_RAND_instantiate(impl->seed.get(), kStrength, 0, nullptr, 0, nullptr) != 1) {
      return openssl_error(StatusCode::internal, "DRBG: entropy source failed");
    }
    impl->ctx = detail::new_ctr_drbg(impl->seed.get());
    if (!impl->ctx) return openssl_error(StatusCode::internal, "DRBG: no CTR-DRBG");
    if (EVP_RAND_enable_locking(impl->ctx.get()) != 1) {
      return openssl_error(StatusCode::internal, "DRBG: cannot enable locking");
    }
    const auto* pers = reinterpret_cast<const unsigned char*>(personalization.data());
    if (EVP_RAND_instantiate(impl->ctx.get(), kStrength, 0,
                             personalization.empty() ? nullptr : pers, personalization.size(),
                             nullptr) != 1) {
      return openssl_error(StatusCode::internal, "DRBG: instantiate failed");
    }
    std::size_t max_request = 0;
    OSSL_PARAM get[] = {OSSL_PARAM_construct_size_t(OSSL_RAND_PARAM_MAX_REQUEST, &max_request),
                        OSSL_PARAM_construct_end()};
    if (EVP_RAND_CTX_get_params(impl->ctx.get(), get) == 1 && max_request > 0) {
      impl->max_request = std::min(max_request, kDefaultMaxRequest);
    }
    return std::unique_ptr<Drbg>(new Drbg(std::move(impl)));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "DRBG: out of memory");
  }
}

Drbg::Drbg(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

Drbg::~Drbg() = default;

Status Drbg::generate(std::span<std::uint8_t> out) noexcept {
  std::size_t done = 0;
  while (done < out.size()) {
    const std::size_t n = std::min(impl_->max_request, out.size() - done);
    if (EVP_RAND_generate(impl_->ctx.get(), out.data() + done, n, kStrength, 0, nullptr, 0) != 1) {
      secure_zero(out);
      return openssl_error(StatusCode::internal, "DRBG: generate failed");
    }
    done += n;
  }
  return Status::ok();
}

pipeline::Result<SecureBytes> Drbg::bytes(std::size_t n) noexcept {
  try {
    SecureBytes out(n);
    MFP_RETURN_IF_ERROR(generate(out.span()));
    return out;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "DRBG: out of memory");
  }
}

Status Drbg::reseed() noexcept {
  if (EVP_RAND_reseed(impl_->ctx.get(), 0, nullptr, 0, nullptr, 0) != 1) {
    return openssl_error(StatusCode::internal, "DRBG: reseed failed");
  }
  return Status::ok();
}

Status Drbg::known_answer_test() noexcept {
  for (const auto& v : detail::ctr_drbg_kat_vectors()) {
    MFP_RETURN_IF_ERROR(detail::run_ctr_drbg_kat(v));
  }
  return Status::ok();
}

}  // namespace mfp::security::crypto
