#include "pipeline/status.h"

namespace mfp::pipeline {

std::string_view to_string(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::ok:
      return "ok";
    case StatusCode::invalid_argument:
      return "invalid_argument";
    case StatusCode::unsupported:
      return "unsupported";
    case StatusCode::malformed_data:
      return "malformed_data";
    case StatusCode::truncated:
      return "truncated";
    case StatusCode::limit_exceeded:
      return "limit_exceeded";
    case StatusCode::permission_denied:
      return "permission_denied";
    case StatusCode::not_found:
      return "not_found";
    case StatusCode::cancelled:
      return "cancelled";
    case StatusCode::conflict:
      return "conflict";
    case StatusCode::resource_exhausted:
      return "resource_exhausted";
    case StatusCode::io_error:
      return "io_error";
    case StatusCode::integrity_error:
      return "integrity_error";
    case StatusCode::internal:
      return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s(mfp::pipeline::to_string(code_));
  if (!message_.empty()) {
    s += ": ";
    s += message_;
  }
  return s;
}

}  // namespace mfp::pipeline
