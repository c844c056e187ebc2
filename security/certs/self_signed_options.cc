#include "security/certs/self_signed_options.h"

#include "security/certs/subject_name.h"

namespace mfp::security::certs {

pipeline::Status SelfSignedOptions::validate() const {
  if (!is_valid_common_name(common_name)) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "issuer must be 1 to 64 printable characters");
  }
  if (validity_days < kMinValidityDays || validity_days > kMaxValidityDays) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "days of validity must be between 1 and 9999");
  }
  return pipeline::Status::ok();
}

}  // namespace mfp::security::certs
