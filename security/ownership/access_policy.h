#pragma once
// AccessPolicy: the one authorization decision of OpenMFP: may this subject perform this
// operation on this object? Every front end (IPP, CWIS, panel) and every service asks it,
// with the caller's identity and the object's recorded owner; none decides on its own.
//
// Rules are the table in access_rule.h (data, not code). decide() denies unless a rule of one
// of the subject's roles grants the operation on the object's kind within its scope, and the
// rule's condition holds. Subjects that cannot exist are denied outright (malformed_subject):
// no roles; unauthenticated together with another role, or with a user id; an authenticated
// role without a user id; the Key Operator role on an account other than kKeyOperatorUserId,
// or that account without it.
//
// The guide's ownership rules ("User Authentication"): a general user operates only on their
// own jobs and data and changes only their own password; the Key Operator and System
// Administrators operate on all jobs and their data; a folder's files only to the folder's
// owner and the Key Operator; settings, users and the audit log only to administrators;
// unauthenticated subjects only submit jobs; a customer engineer only maintains the device,
// and only when Service Representative Restricted Operation allows it.
//
// Callers that act on several objects at once must ask for each: e.g. deleting a folder that
// still holds files needs `delete_` on each folder file, which a system administrator who
// does not own the folder does not have. Stateless, thread-safe, never throws.

#include "pipeline/status.h"
#include "security/ownership/decision.h"
#include "security/ownership/object_ref.h"
#include "security/ownership/operation.h"
#include "security/ownership/subject.h"

namespace mfp::security::ownership {

class AccessPolicy {
 public:
  [[nodiscard]] Decision decide(const Subject& subject, Operation operation,
                                const ObjectRef& object) const noexcept;
  // decide() as a Status: ok, or permission_denied naming the reason (never the user).
  [[nodiscard]] pipeline::Status require(const Subject& subject, Operation operation,
                                         const ObjectRef& object) const;
};

}  // namespace mfp::security::ownership
