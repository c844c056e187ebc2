#include "pipeline/device/authorize.h"

#include <string>

#include "pipeline/device/operation_table.h"
#include "security/ownership/object_ref.h"

namespace mfp::pipeline::device {

Status authorize(const security::ownership::AccessPolicy& policy, const Caller& caller,
                 OperationId operation, std::optional<std::uint64_t> owner) {
  const OperationSpec& spec = spec_of(operation);
  if (!spec.interfaces.contains(caller.interface)) {
    return make_error(StatusCode::permission_denied,
                      std::string(spec.name) + " is not offered at the " +
                          std::string(to_string(caller.interface)) + " interface");
  }
  switch (spec.owner) {
    case OwnerOf::none:
      return policy.require(caller.subject, spec.permission,
                            security::ownership::ObjectRef{spec.object});
    case OwnerOf::caller:
      return policy.require(caller.subject, spec.permission,
                            security::ownership::ObjectRef{spec.object, caller.subject.user_id});
    case OwnerOf::recorded:
      if (owner) {
        return policy.require(caller.subject, spec.permission,
                              security::ownership::ObjectRef{spec.object, *owner});
      }
      break;  // the service below asks with the object's recorded owner
  }
  return Status::ok();
}

}  // namespace mfp::pipeline::device
