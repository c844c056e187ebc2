#include "security/certs/subject_name.h"

#include <algorithm>
#include <string_view>

namespace mfp::security::certs {
namespace {

bool is_printable_string_char(char c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view(" '()+,-./:=?").find(c) != std::string_view::npos;
}

pipeline::Status check_text(std::string_view field, const std::string& value, std::size_t max,
                            bool required) {
  if (value.empty()) {
    if (!required) return pipeline::Status::ok();
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                std::string(field) + " is required");
  }
  if (value.size() > max) {
    return pipeline::make_error(
        pipeline::StatusCode::invalid_argument,
        std::string(field) + " is longer than " + std::to_string(max) + " characters");
  }
  if (!std::all_of(value.begin(), value.end(), is_printable_string_char)) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                std::string(field) + " has a character outside the printable set");
  }
  return pipeline::Status::ok();
}

bool is_valid_email(std::string_view e) noexcept {
  if (e.size() > kMaxEmailLength) return false;
  const auto at = e.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == e.size()) return false;
  if (e.find('@', at + 1) != std::string_view::npos) return false;
  return std::all_of(e.begin(), e.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

bool is_valid_common_name(std::string_view text) noexcept {
  return !text.empty() && text.size() <= kMaxCommonNameLength &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

pipeline::Status SubjectName::validate() const {
  if (country.size() != 2 ||
      !std::all_of(country.begin(), country.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "country must be 2 capital letters (ISO 3166)");
  }
  MFP_RETURN_IF_ERROR(check_text("state", state, kMaxStateLength, false));
  MFP_RETURN_IF_ERROR(check_text("locality", locality, kMaxLocalityLength, false));
  MFP_RETURN_IF_ERROR(check_text("organization", organization, kMaxOrganizationLength, true));
  MFP_RETURN_IF_ERROR(
      check_text("organizational unit", organizational_unit, kMaxOrganizationalUnitLength, true));
  if (!is_valid_common_name(common_name)) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "common name must be 1 to 64 printable characters");
  }
  if (!email.empty() && !is_valid_email(email)) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "email must be an address of up to 255 characters");
  }
  return pipeline::Status::ok();
}

}  // namespace mfp::security::certs
