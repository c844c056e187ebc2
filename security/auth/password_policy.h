#pragma once
// PasswordPolicy: checks a candidate password against the guide's rules ("Change the System
// Administrator's Password" note, "Set User Password Minimum Length"): only upper- and
// lower-case letters, digits, space and the listed symbols !@#$%^&*()+-/:;<=>?[\]_~{|}; a
// minimum length settable 1..63 (secure configuration: 9) and a maximum of 63.
//
// Failure: check() returns invalid_argument naming the broken rule, never the password or the
// offending character. Value type; thread-compatible.
#include <cstddef>
#include <cstdint>
#include <span>

#include "pipeline/status.h"

namespace mfp::security::auth {

inline constexpr std::size_t kPasswordMaxLength = 63;
inline constexpr std::size_t kPasswordMinLengthSecure = 9;

class PasswordPolicy {
 public:
  // The secure configuration (minimum 9).
  PasswordPolicy() noexcept = default;
  // invalid_argument unless 1 <= minimum <= kPasswordMaxLength.
  [[nodiscard]] static pipeline::Result<PasswordPolicy> with_minimum_length(
      std::size_t minimum) noexcept;

  [[nodiscard]] std::size_t minimum_length() const noexcept { return minimum_; }
  // ok, or invalid_argument naming the rule the password breaks.
  [[nodiscard]] pipeline::Status check(std::span<const std::uint8_t> password) const;
  // True for a character the guide allows in a password.
  [[nodiscard]] static bool allowed_character(std::uint8_t c) noexcept;

 private:
  std::size_t minimum_ = kPasswordMinLengthSecure;
};

}  // namespace mfp::security::auth
