#pragma once
// status_map: the one table from the device's status codes to the IPP status-code and the HTTP
// status a front end answers with (house rule 6). Front ends refine only where the operation
// knows better (a document format error during Print-Job), never by inventing their own map.

#include <cstdint>

#include "frontends/ipp/ipp_status.h"
#include "pipeline/status.h"

namespace mfp::frontends {

struct StatusMapping {
  ipp::IppStatus ipp;
  unsigned http;
};

// The mapping of `code`. Never fails.
[[nodiscard]] StatusMapping map_status(pipeline::StatusCode code) noexcept;

[[nodiscard]] inline ipp::IppStatus ipp_status_for(const pipeline::Status& status) noexcept {
  return map_status(status.code()).ipp;
}
[[nodiscard]] inline unsigned http_status_for(const pipeline::Status& status) noexcept {
  return map_status(status.code()).http;
}

}  // namespace mfp::frontends
