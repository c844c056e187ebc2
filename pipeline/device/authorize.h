#pragma once
// authorize(): the device services' gate in front of every operation. The operation must be
// offered at the caller's interface (the operation table), and AccessPolicy must grant the
// table's permission on the table's kind of object: for objects without an owner and the
// caller's own, here; for a named object whose owner the caller of authorize() knows (an
// account is its own owner) here too, with `owner`; for other named objects (a job, a folder)
// and for lists, the service below asks the same AccessPolicy with each object's recorded
// owner. No role is compared anywhere else.
//
// Returns ok, or permission_denied naming the operation and the reason (never another user's
// data). Never throws but bad_alloc.

#include <cstdint>
#include <optional>

#include "pipeline/device/caller.h"
#include "pipeline/device/operation_spec.h"
#include "pipeline/status.h"
#include "security/ownership/access_policy.h"

namespace mfp::pipeline::device {

[[nodiscard]] Status authorize(const security::ownership::AccessPolicy& policy,
                               const Caller& caller, OperationId operation,
                               std::optional<std::uint64_t> owner = std::nullopt);

}  // namespace mfp::pipeline::device
