#include "pipeline/status.h"

#include <exception>
#include <new>

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

Status current_exception_status(std::string_view what) noexcept {
  StatusCode code = StatusCode::internal;
  const std::exception_ptr current = std::current_exception();
  try {
    if (!current) return Status(code, std::string(what) + ": no exception");
    try {
      std::rethrow_exception(current);
    } catch (const std::bad_alloc&) {
      code = StatusCode::resource_exhausted;
      return Status(code, std::string(what) + ": out of memory");
    } catch (const std::exception& e) {
      return Status(code, std::string(what) + ": " + e.what());
    } catch (...) {
      return Status(code, std::string(what) + ": unknown exception");
    }
  } catch (...) {
    // Building the message failed: the code alone (an empty string does not allocate).
    return Status(code, std::string());
  }
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
