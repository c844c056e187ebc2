#pragma once
// IppMessage: an IPP request or response (RFC 8010 section 3.1.1) without its document data.

#include <cstdint>
#include <string_view>
#include <vector>

#include "frontends/ipp/ipp_group.h"
#include "frontends/ipp/ipp_operation.h"
#include "frontends/ipp/ipp_status.h"

namespace mfp::frontends::ipp {

// Version, operation-id (request) or status-code (response), request-id and the groups in wire
// order. `code` is kept raw so an unknown operation survives to be answered properly.
struct IppMessage {
  std::uint8_t version_major = 2;
  std::uint8_t version_minor = 0;
  std::uint16_t code = 0;
  std::int32_t request_id = 0;
  std::vector<IppGroup> groups;

  [[nodiscard]] IppOperation operation() const noexcept { return IppOperation{code}; }
  [[nodiscard]] IppStatus status() const noexcept { return IppStatus{code}; }

  // The first attribute called `name` in any group tagged `group`, or null. Valid while the
  // message is unchanged.
  [[nodiscard]] const IppAttribute* find(IppGroupTag group, std::string_view name) const noexcept;

  // Appends `attribute` to the last group if it is tagged `group`, else to a new group at the
  // end; returns the stored attribute (valid until the message changes).
  IppAttribute& add(IppGroupTag group, IppAttribute attribute);

  bool operator==(const IppMessage&) const = default;
};

}  // namespace mfp::frontends::ipp
