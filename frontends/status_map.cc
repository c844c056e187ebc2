#include "frontends/status_map.h"

namespace mfp::frontends {

StatusMapping map_status(pipeline::StatusCode code) noexcept {
  using ipp::IppStatus;
  using pipeline::StatusCode;
  switch (code) {
    case StatusCode::ok:
      return {IppStatus::successful_ok, 200};
    case StatusCode::invalid_argument:
      return {IppStatus::client_error_bad_request, 400};
    case StatusCode::unsupported:
      return {IppStatus::client_error_attributes_or_values_not_supported, 400};
    case StatusCode::malformed_data:
    case StatusCode::truncated:
      return {IppStatus::client_error_document_format_error, 400};
    case StatusCode::limit_exceeded:
      return {IppStatus::client_error_request_entity_too_large, 413};
    case StatusCode::permission_denied:
      return {IppStatus::client_error_not_authorized, 403};
    case StatusCode::not_found:
      return {IppStatus::client_error_not_found, 404};
    case StatusCode::cancelled:
      return {IppStatus::server_error_job_canceled, 409};
    case StatusCode::conflict:
      return {IppStatus::client_error_not_possible, 409};
    case StatusCode::resource_exhausted:
      return {IppStatus::server_error_temporary_error, 503};
    case StatusCode::io_error:
      return {IppStatus::server_error_device_error, 500};
    case StatusCode::integrity_error:
    case StatusCode::internal:
      return {IppStatus::server_error_internal_error, 500};
  }
  return {IppStatus::server_error_internal_error, 500};
}

}  // namespace mfp::frontends
