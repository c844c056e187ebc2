#include "frontends/ipp/ipp_operation.h"

namespace mfp::frontends::ipp {

std::string_view to_string(IppOperation op) noexcept {
  switch (op) {
    case IppOperation::print_job:
      return "Print-Job";
    case IppOperation::validate_job:
      return "Validate-Job";
    case IppOperation::create_job:
      return "Create-Job";
    case IppOperation::send_document:
      return "Send-Document";
    case IppOperation::cancel_job:
      return "Cancel-Job";
    case IppOperation::get_job_attributes:
      return "Get-Job-Attributes";
    case IppOperation::get_jobs:
      return "Get-Jobs";
    case IppOperation::get_printer_attributes:
      return "Get-Printer-Attributes";
    case IppOperation::hold_job:
      return "Hold-Job";
    case IppOperation::release_job:
      return "Release-Job";
    case IppOperation::cancel_my_jobs:
      return "Cancel-My-Jobs";
    case IppOperation::close_job:
      return "Close-Job";
    case IppOperation::identify_printer:
      return "Identify-Printer";
  }
  return "";
}

}  // namespace mfp::frontends::ipp
