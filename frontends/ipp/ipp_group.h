#pragma once
// IppGroup: one attribute group of an IPP message (operation, job, printer, ...).

#include <string_view>
#include <vector>

#include "frontends/ipp/ipp_tag.h"
#include "frontends/ipp/ipp_value.h"

namespace mfp::frontends::ipp {

// A group tag and its attributes in wire order. A message may hold several groups with the same
// tag (a Get-Jobs response has one job group per job).
struct IppGroup {
  IppGroupTag tag = IppGroupTag::operation;
  std::vector<IppAttribute> attributes;

  // The attribute named `name`, or null. Valid while the group is unchanged.
  [[nodiscard]] const IppAttribute* find(std::string_view name) const noexcept {
    for (const IppAttribute& a : attributes) {
      if (a.name == name) return &a;
    }
    return nullptr;
  }

  bool operator==(const IppGroup&) const = default;
};

}  // namespace mfp::frontends::ipp
