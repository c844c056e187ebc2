#pragma once
// IPP operation ids (RFC 8011 section 5.4.15, PWG 5100.11 and 5100.13) that the IPPS printer
// implements or must recognise.

#include <cstdint>
#include <string_view>

namespace mfp::frontends::ipp {

// An operation-id. Other values are representable (a request may carry any 16-bit id) and are
// answered with server-error-operation-not-supported by the printer, not by the codec.
enum class IppOperation : std::uint16_t {
  print_job = 0x0002,
  validate_job = 0x0004,
  create_job = 0x0005,
  send_document = 0x0006,
  cancel_job = 0x0008,
  get_job_attributes = 0x0009,
  get_jobs = 0x000A,
  get_printer_attributes = 0x000B,
  hold_job = 0x000C,
  release_job = 0x000D,
  cancel_my_jobs = 0x0039,
  close_job = 0x003B,
  identify_printer = 0x003C,
};

// The RFC name of an operation ("Get-Printer-Attributes"), or "" for an id not listed above.
[[nodiscard]] std::string_view to_string(IppOperation op) noexcept;

}  // namespace mfp::frontends::ipp
