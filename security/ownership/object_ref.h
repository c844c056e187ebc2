#pragma once
// ObjectRef: the object an operation is asked on: its kind and its owner's user id.

#include <cstdint>

#include "security/ownership/object_kind.h"
#include "security/ownership/subject.h"

namespace mfp::security::ownership {

// `owner_user_id` is the owner as recorded with the object (its ownership tag): for a job,
// document and page store the job's owner; for a folder file the owner of the folder that
// holds it; for a user account the account's own id; kUnauthenticatedUserId for objects
// without an owner. For `create`, it is the owner the new object would get.
struct ObjectRef {
  ObjectKind kind = ObjectKind::job;
  std::uint64_t owner_user_id = kUnauthenticatedUserId;
};

}  // namespace mfp::security::ownership
