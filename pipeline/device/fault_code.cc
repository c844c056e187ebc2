#include "pipeline/device/fault_code.h"

#include <array>

namespace mfp::pipeline::device {

namespace {

// clang-format off
constexpr std::array kCodes = {
  FaultCode{kSoftwareError, "An error occurred in the software.",
            "Switch off the device power, make sure that the touch screen is blank, and then "
            "switch on the device power. If the error still is not resolved, contact our "
            "Customer Support Center."},
};
// clang-format on

}  // namespace

std::span<const FaultCode> fault_codes() noexcept {
  return kCodes;
}

const FaultCode* find_fault_code(std::string_view code) noexcept {
  for (const FaultCode& f : kCodes) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

}  // namespace mfp::pipeline::device
