#include "security/crypto/detail/ctr_drbg.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

namespace mfp::security::crypto::detail {

EvpRandCtxPtr new_ctr_drbg(EVP_RAND_CTX* parent) noexcept {
  EvpRandPtr ctr(EVP_RAND_fetch(nullptr, "CTR-DRBG", nullptr));
  if (!ctr) return nullptr;
  EvpRandCtxPtr ctx(EVP_RAND_CTX_new(ctr.get(), parent));  // up-refs ctr and parent
  if (!ctx) return nullptr;
  char cipher[] = "AES-256-CTR";
  int use_df = 1;
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, cipher, 0),
                               OSSL_PARAM_construct_int(OSSL_DRBG_PARAM_USE_DF, &use_df),
                               OSSL_PARAM_construct_end()};
  if (EVP_RAND_CTX_set_params(ctx.get(), params) != 1) return nullptr;
  return ctx;
}

}  // namespace mfp::security::crypto::detail
