#pragma once
// SubjectName: the distinguished name of a Certificate Signing Request, with the guide's limits
// ("Device Digital Certificate Management" > "Certificate Signing Request (CSR)"):
//   country              exactly 2 letters A-Z (required)
//   state                up to 16 characters (may be omitted)
//   locality             up to 32 characters (may be omitted)
//   organization         up to 32 characters (required: the guide does not say it may be omitted)
//   organizational_unit  up to 32 characters (required, as organization)
//   common_name          1..64 characters (the device's host name; the guide gives no limit,
//                        so RFC 5280's ub-common-name 64 applies)
//   email                up to 255 characters, one '@', no spaces (may be omitted; the guide
//                        gives no limit, so RFC 5280's ub-emailaddress-length 255 applies)
// The guide says "alphanumeric characters"; real names need spaces and punctuation, so every
// text field accepts the PrintableString set (A-Z a-z 0-9 space ' ( ) + , - . / : = ?), which
// every X.509 parser accepts; common_name accepts any printable ASCII character.

#include <string>

#include "pipeline/status.h"

namespace mfp::security::certs {

struct SubjectName {
  std::string country;
  std::string state;
  std::string locality;
  std::string organization;
  std::string organizational_unit;
  std::string common_name;
  std::string email;

  // ok, or invalid_argument naming the first field out of its limits.
  [[nodiscard]] pipeline::Status validate() const;
};

// Limits above, for callers (the UI) and tests.
inline constexpr std::size_t kMaxStateLength = 16;
inline constexpr std::size_t kMaxLocalityLength = 32;
inline constexpr std::size_t kMaxOrganizationLength = 32;
inline constexpr std::size_t kMaxOrganizationalUnitLength = 32;
inline constexpr std::size_t kMaxCommonNameLength = 64;
inline constexpr std::size_t kMaxEmailLength = 255;

// True when `text` is 1..kMaxCommonNameLength printable ASCII characters (0x20..0x7e).
[[nodiscard]] bool is_valid_common_name(std::string_view text) noexcept;

}  // namespace mfp::security::certs
