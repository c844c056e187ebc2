#include "security/certs/self_signed_options.h"

#include <arpa/inet.h>

#include "security/certs/subject_name.h"

namespace mfp::security::certs {

bool is_dns_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.front() == '-') {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

pipeline::Status SelfSignedOptions::validate() const {
  if (!is_valid_common_name(common_name)) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "issuer must be 1 to 64 printable characters");
  }
  if (validity_days < kMinValidityDays || validity_days > kMaxValidityDays) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "days of validity must be between 1 and 9999");
  }
  if (dns_names.size() + ip_addresses.size() > kMaxAltNames) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "at most 64 subject alternative names");
  }
  for (const auto& name : dns_names) {
    if (!is_dns_name(name)) {
      return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                  "a host name must be letters, digits, '-' and '.'");
    }
  }
  for (const auto& address : ip_addresses) {
    in6_addr a6{};
    in_addr a4{};
    if (inet_pton(AF_INET, address.c_str(), &a4) != 1 &&
        inet_pton(AF_INET6, address.c_str(), &a6) != 1) {
      return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                  "an IP address must be an IPv4 or IPv6 literal");
    }
  }
  return pipeline::Status::ok();
}

}  // namespace mfp::security::certs
