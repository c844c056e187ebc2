#pragma once
// protect_process: keeps the daemon's secrets and users' data out of core dumps and swap,
// before any secret exists. It makes the process non-dumpable (PR_SET_DUMPABLE 0: no core
// file, no ptrace by other unprivileged processes, /proc/PID/mem closed), sets the core size
// limit to 0 (soft and hard: only a process holding CAP_SYS_RESOURCE could raise it), and
// initialises OpenSSL's secure heap (mlock'ed, guard pages, MADV_DONTDUMP) that the small
// secrets of crypto::SecureBytes (keys, passwords, seeds) and OpenSSL's own key material then
// use. Band buffers are kept out of dumps by pipeline::BufferPool itself.
//
// Call once, first thing in main(), before threads start and before any key is loaded.
// Failure: io_error naming the step that failed (the caller refuses to start); the secure
// heap's pages not being lockable (RLIMIT_MEMLOCK) is not a failure: the report says so and the
// heap still keeps secrets out of dumps.

#include <cstddef>

#include "pipeline/status.h"

namespace mfp::security {

struct ProcessProtectionOptions {
  // OpenSSL's secure heap: a power of two. Keys, passwords and DRBG state are small; 1 MiB
  // holds thousands of them (a full heap falls back to zeroed ordinary memory).
  std::size_t secure_heap_bytes = std::size_t{1} << 20;
  std::size_t secure_heap_min_allocation = 32;
};

struct ProcessProtectionReport {
  std::size_t secure_heap_bytes = 0;
  bool secure_heap_locked = false;  // mlock succeeded
};

[[nodiscard]] pipeline::Result<ProcessProtectionReport> protect_process(
    ProcessProtectionOptions options = {}) noexcept;

}  // namespace mfp::security
