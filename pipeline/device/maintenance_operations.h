#pragma once
// MaintenanceOperations: restart and Restore Factory Defaults as device-service operations.
// What the device does around them belongs to whoever runs it (the composition root): it
// passes hooks that pause and resume the network front ends while the core's services are
// replaced, and that restart the process.
//
// Errors: permission_denied (restart: administrators and an allowed customer engineer; factory
// reset: the Key Operator only, at the device); unsupported when no restart hook was given;
// the core's factory-reset failure, after which the core serves nothing more (the stop hook
// runs). Borrows the core.

#include <functional>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::pipeline::device {

struct MaintenanceHooks {
  std::function<void()> pause;    // before the core closes its services (factory reset)
  std::function<void()> resume;   // after they reopened
  std::function<void()> restart;  // an orderly shutdown and a warm start; returns at once
  // The core's services did not reopen after a reset: the device must stop serving (the next
  // start finishes what the reset journaled). Returns at once.
  std::function<void()> stop;
};

class MaintenanceOperations {
 public:
  // `after_reset` runs once a factory reset has reopened the services (the device services
  // drop what they keep in memory: a pending certificate request's key).
  MaintenanceOperations(DeviceCore& core, std::function<void()> after_reset)
      : core_(core), after_reset_(std::move(after_reset)) {}

  // Set before serving requests (not thread-safe against running operations).
  void set_hooks(MaintenanceHooks hooks) { hooks_ = std::move(hooks); }

  // Starts an orderly restart through the hook.
  [[nodiscard]] Status restart(const Caller& caller);
  // Restores factory defaults; returns the Key Operator's new one-time password (the caller
  // shows it once and zeroes it).
  [[nodiscard]] Result<security::crypto::SecureBytes> factory_reset(const Caller& caller);

 private:
  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
  std::function<void()> after_reset_;
  MaintenanceHooks hooks_;
};

}  // namespace mfp::pipeline::device
