#pragma once
// Caller: who asks a device service, and through which interface. Front ends authenticate and
// build it; the services authorize (AccessPolicy with the subject, the operation table with the
// interface) and audit with it. A plain value.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "security/ownership/subject.h"

namespace mfp::pipeline::device {

// The interfaces a management function can be used from (the guide's "using Control Panel",
// "using CentreWare Internet Services", the printer driver over IPP or the raw print port)
// plus the local maintenance tool on mfpd's root-only socket.
enum class Interface : std::uint8_t { panel, browser, ipp, raw, local };

inline constexpr std::array<Interface, 5> kAllInterfaces = {
    Interface::panel, Interface::browser, Interface::ipp, Interface::raw, Interface::local};

// "panel", "browser", "ipp", "raw", "local" (also a job's origin).
[[nodiscard]] constexpr std::string_view to_string(Interface i) noexcept {
  switch (i) {
    case Interface::panel:
      return "panel";
    case Interface::browser:
      return "browser";
    case Interface::ipp:
      return "ipp";
    case Interface::raw:
      return "raw";
    case Interface::local:
      return "local";
  }
  return "unknown";
}

// The audit log's name of an interface ("Interface" item): the guide's names.
[[nodiscard]] constexpr std::string_view audit_name(Interface i) noexcept {
  switch (i) {
    case Interface::panel:
      return "Control Panel";
    case Interface::browser:
      return "CentreWare Internet Services";
    case Interface::ipp:
    case Interface::raw:
      return "Printer Driver";
    case Interface::local:
      return "Maintenance Tool";
  }
  return "unknown";
}

// A set of interfaces (which ones offer an operation).
class InterfaceSet {
 public:
  constexpr InterfaceSet() noexcept = default;
  constexpr InterfaceSet(std::initializer_list<Interface> list) noexcept {
    for (Interface i : list) bits_ |= bit(i);
  }
  [[nodiscard]] constexpr bool contains(Interface i) const noexcept {
    return (bits_ & bit(i)) != 0;
  }

 private:
  static constexpr std::uint8_t bit(Interface i) noexcept {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(i));
  }
  std::uint8_t bits_ = 0;
};

struct Caller {
  security::ownership::Subject subject;
  Interface interface = Interface::local;
  std::string peer;  // the client's address ("local" for the maintenance socket)

  // The maintenance socket's caller: root on the device, acting as the Key Operator (the
  // device's own service interface).
  [[nodiscard]] static Caller local_key_operator() {
    return Caller{security::ownership::Subject::user(security::ownership::kKeyOperatorUserId,
                                                     {security::ownership::Role::key_operator}),
                  Interface::local, "local"};
  }
};

}  // namespace mfp::pipeline::device
