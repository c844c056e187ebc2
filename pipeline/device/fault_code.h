#pragma once
// FaultCode: a row of the guide's "Fault Codes" table (the code the panel and the browser show,
// its cause and its remedy), for the faults this device raises; and ActiveFault, one raised
// fault as the device status reports it. The table is constant data; find_fault_code() never
// fails but returns null for a code the device does not raise.

#include <chrono>
#include <span>
#include <string>
#include <string_view>

namespace mfp::pipeline::device {

struct FaultCode {
  std::string_view code;    // "016-210"
  std::string_view cause;   // the guide's [Cause]
  std::string_view remedy;  // the guide's [Remedy]
};

// The codes the device raises, named once.
inline constexpr std::string_view kSoftwareError = "016-210";  // a job ended by an internal error

// The codes the device raises, in code order. The functions that raise the guide's other codes
// (e-mail, fax, self-test, software update) add their rows with them.
[[nodiscard]] std::span<const FaultCode> fault_codes() noexcept;
[[nodiscard]] const FaultCode* find_fault_code(std::string_view code) noexcept;

// A fault the device raised and has not cleared.
struct ActiveFault {
  const FaultCode* code = nullptr;  // a row of fault_codes(), never null
  std::string detail;               // what raised it, for the administrator (no user data)
  std::chrono::system_clock::time_point since;
  unsigned count = 1;  // how often it was raised since it first was
};

}  // namespace mfp::pipeline::device
