#pragma once
// IPP status codes (RFC 8011 section 5.4.16, PWG 5100.13 for the document-* errors) that the
// printer answers with.

#include <cstdint>
#include <string_view>

namespace mfp::frontends::ipp {

// A status-code of an IPP response. Other 16-bit values are representable.
enum class IppStatus : std::uint16_t {
  successful_ok = 0x0000,
  successful_ok_ignored_or_substituted_attributes = 0x0001,
  successful_ok_conflicting_attributes = 0x0002,

  client_error_bad_request = 0x0400,
  client_error_forbidden = 0x0401,
  client_error_not_authenticated = 0x0402,
  client_error_not_authorized = 0x0403,
  client_error_not_possible = 0x0404,
  client_error_timeout = 0x0405,
  client_error_not_found = 0x0406,
  client_error_gone = 0x0407,
  client_error_request_entity_too_large = 0x0408,
  client_error_request_value_too_long = 0x0409,
  client_error_document_format_not_supported = 0x040A,
  client_error_attributes_or_values_not_supported = 0x040B,
  client_error_uri_scheme_not_supported = 0x040C,
  client_error_charset_not_supported = 0x040D,
  client_error_conflicting_attributes = 0x040E,
  client_error_compression_not_supported = 0x040F,
  client_error_compression_error = 0x0410,
  client_error_document_format_error = 0x0411,
  client_error_document_access_error = 0x0412,
  client_error_document_password_error = 0x0418,
  client_error_document_permission_error = 0x0419,
  client_error_document_security_error = 0x041A,
  client_error_document_unprintable_error = 0x041B,

  server_error_internal_error = 0x0500,
  server_error_operation_not_supported = 0x0501,
  server_error_service_unavailable = 0x0502,
  server_error_version_not_supported = 0x0503,
  server_error_device_error = 0x0504,
  server_error_temporary_error = 0x0505,
  server_error_not_accepting_jobs = 0x0506,
  server_error_busy = 0x0507,
  server_error_job_canceled = 0x0508,
  server_error_multiple_document_jobs_not_supported = 0x0509,
};

// The RFC name of a status ("client-error-bad-request"), or "" for a code not listed above.
[[nodiscard]] std::string_view to_string(IppStatus status) noexcept;

// True for the successful-* range 0x0000-0x00FF.
[[nodiscard]] constexpr bool is_successful(IppStatus status) noexcept {
  return static_cast<std::uint16_t>(status) <= 0x00FF;
}

}  // namespace mfp::frontends::ipp
