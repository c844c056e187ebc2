#include "security/auth/password_policy.h"

#include <string>
#include <string_view>

namespace mfp::security::auth {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

pipeline::Result<PasswordPolicy> PasswordPolicy::with_minimum_length(std::size_t minimum) noexcept {
  if (minimum < 1 || minimum > kPasswordMaxLength) {
    return make_error(StatusCode::invalid_argument, "password policy: minimum length must be 1.." +
                                                        std::to_string(kPasswordMaxLength));
  }
  PasswordPolicy p;
  p.minimum_ = minimum;
  return p;
}

bool PasswordPolicy::allowed_character(std::uint8_t c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kSymbols = "!@#$%^&*() +-/:;<=>?[\\]_~{|}";
  return kSymbols.find(static_cast<char>(c)) != std::string_view::npos;
}

Status PasswordPolicy::check(std::span<const std::uint8_t> password) const {
  if (password.size() < minimum_) {
    return make_error(StatusCode::invalid_argument,
                      "password must be at least " + std::to_string(minimum_) + " characters");
  }
  if (password.size() > kPasswordMaxLength) {
    return make_error(
        StatusCode::invalid_argument,
        "password must be at most " + std::to_string(kPasswordMaxLength) + " characters");
  }
  bool bad = false;
  for (std::uint8_t c : password) bad |= !allowed_character(c);
  if (bad) {
    return make_error(StatusCode::invalid_argument,
                      "password may contain only letters, digits, space and "
                      "!@#$%^&*()+-/:;<=>?[\\]_~{|}");
  }
  return Status::ok();
}

}  // namespace mfp::security::auth
