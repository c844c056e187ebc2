#pragma once
// IppError: what the printer must answer a request it refuses with.

#include <cstdint>
#include <string>

#include "frontends/ipp/ipp_status.h"

namespace mfp::frontends::ipp {

// The IPP status-code of the error response, the request-id to echo in it and a message for the
// log (and for status-message). The reader and check_operation_attributes() fill one beside the
// pipeline::Status they return, because a Status kind alone cannot tell, say,
// request-entity-too-large from request-value-too-long.
struct IppError {
  IppStatus status = IppStatus::client_error_bad_request;
  // The request-id of the request; 0 when the first 8 bytes were not there to recover it.
  std::int32_t request_id = 0;
  std::string message;
};

}  // namespace mfp::frontends::ipp
