#include "security/process_protection.h"

#include <openssl/crypto.h>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace mfp::security {

using pipeline::make_error;
using pipeline::StatusCode;

pipeline::Result<ProcessProtectionReport> protect_process(
    ProcessProtectionOptions options) noexcept {
  const rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) {
    return make_error(StatusCode::io_error, "cannot set the core file size limit to 0");
  }
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return make_error(StatusCode::io_error, "cannot make the process non-dumpable");
  }
  ProcessProtectionReport report;
  if (CRYPTO_secure_malloc_initialized() == 0) {
    // 1: initialised and locked; 2: initialised, but mlock failed; 0: failed.
    const int r =
        CRYPTO_secure_malloc_init(options.secure_heap_bytes, options.secure_heap_min_allocation);
    if (r == 0) return make_error(StatusCode::io_error, "cannot initialise the secure heap");
    report.secure_heap_locked = r == 1;
  } else {
    report.secure_heap_locked = true;
  }
  report.secure_heap_bytes = options.secure_heap_bytes;
  return report;
}

}  // namespace mfp::security
