#pragma once
// check_operation_attributes: the RFC 8011 section 4.1.4 checks every request must pass before
// its operation is looked at.

#include "frontends/ipp/ipp_error.h"
#include "frontends/ipp/ipp_message.h"
#include "pipeline/status.h"

namespace mfp::frontends::ipp {

// Checks that `request` has a request-id of at least 1 and starts with an operation group whose
// first attribute is attributes-charset (one charset value) and second is
// attributes-natural-language (one naturalLanguage value). Returns ok, or malformed_data with
// client-error-bad-request in `error` for anything missing, misplaced or mistyped, or
// unsupported with client-error-charset-not-supported when the charset is neither utf-8 nor
// us-ascii (compared case-insensitively). `error` may be null; its request_id is always the
// request's.
[[nodiscard]] pipeline::Status check_operation_attributes(const IppMessage& request,
                                                          IppError* error = nullptr);

}  // namespace mfp::frontends::ipp
