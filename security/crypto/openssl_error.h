#pragma once
// openssl_error(): turns the calling thread's OpenSSL error queue into a Status. The queue is
// drained (so a later call does not report a stale error). OpenSSL's reason strings name the
// failing function and reason only; they never contain key or data bytes.

#include <string_view>

#include "pipeline/status.h"

namespace mfp::security::crypto {

// `what` ("AES-256-GCM: set key") followed by the first queued OpenSSL reason, if any.
[[nodiscard]] pipeline::Status openssl_error(pipeline::StatusCode code,
                                             std::string_view what) noexcept;

// Empties the thread's OpenSSL error queue (after an expected failure such as a bad tag).
void clear_openssl_errors() noexcept;

}  // namespace mfp::security::crypto
