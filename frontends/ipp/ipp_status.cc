#include "frontends/ipp/ipp_status.h"

namespace mfp::frontends::ipp {

std::string_view to_string(IppStatus status) noexcept {
  using S = IppStatus;
  switch (status) {
    case S::successful_ok:
      return "successful-ok";
    case S::successful_ok_ignored_or_substituted_attributes:
      return "successful-ok-ignored-or-substituted-attributes";
    case S::successful_ok_conflicting_attributes:
      return "successful-ok-conflicting-attributes";
    case S::client_error_bad_request:
      return "client-error-bad-request";
    case S::client_error_forbidden:
      return "client-error-forbidden";
    case S::client_error_not_authenticated:
      return "client-error-not-authenticated";
    case S::client_error_not_authorized:
      return "client-error-not-authorized";
    case S::client_error_not_possible:
      return "client-error-not-possible";
    case S::client_error_timeout:
      return "client-error-timeout";
    case S::client_error_not_found:
      return "client-error-not-found";
    case S::client_error_gone:
      return "client-error-gone";
    case S::client_error_request_entity_too_large:
      return "client-error-request-entity-too-large";
    case S::client_error_request_value_too_long:
      return "client-error-request-value-too-long";
    case S::client_error_document_format_not_supported:
      return "client-error-document-format-not-supported";
    case S::client_error_attributes_or_values_not_supported:
      return "client-error-attributes-or-values-not-supported";
    case S::client_error_uri_scheme_not_supported:
      return "client-error-uri-scheme-not-supported";
    case S::client_error_charset_not_supported:
      return "client-error-charset-not-supported";
    case S::client_error_conflicting_attributes:
      return "client-error-conflicting-attributes";
    case S::client_error_compression_not_supported:
      return "client-error-compression-not-supported";
    case S::client_error_compression_error:
      return "client-error-compression-error";
    case S::client_error_document_format_error:
      return "client-error-document-format-error";
    case S::client_error_document_access_error:
      return "client-error-document-access-error";
    case S::client_error_document_password_error:
      return "client-error-document-password-error";
    case S::client_error_document_permission_error:
      return "client-error-document-permission-error";
    case S::client_error_document_security_error:
      return "client-error-document-security-error";
    case S::client_error_document_unprintable_error:
      return "client-error-document-unprintable-error";
    case S::server_error_internal_error:
      return "server-error-internal-error";
    case S::server_error_operation_not_supported:
      return "server-error-operation-not-supported";
    case S::server_error_service_unavailable:
      return "server-error-service-unavailable";
    case S::server_error_version_not_supported:
      return "server-error-version-not-supported";
    case S::server_error_device_error:
      return "server-error-device-error";
    case S::server_error_temporary_error:
      return "server-error-temporary-error";
    case S::server_error_not_accepting_jobs:
      return "server-error-not-accepting-jobs";
    case S::server_error_busy:
      return "server-error-busy";
    case S::server_error_job_canceled:
      return "server-error-job-canceled";
    case S::server_error_multiple_document_jobs_not_supported:
      return "server-error-multiple-document-jobs-not-supported";
  }
  return "";
}

}  // namespace mfp::frontends::ipp
