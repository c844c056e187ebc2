#include "frontends/ipp/ipp_message.h"

#include <utility>

namespace mfp::frontends::ipp {

const IppAttribute* IppMessage::find(IppGroupTag group, std::string_view name) const noexcept {
  for (const IppGroup& g : groups) {
    if (g.tag != group) continue;
    if (const IppAttribute* a = g.find(name)) return a;
  }
  return nullptr;
}

IppAttribute& IppMessage::add(IppGroupTag group, IppAttribute attribute) {
  if (groups.empty() || groups.back().tag != group) groups.push_back(IppGroup{group, {}});
  return groups.back().attributes.emplace_back(std::move(attribute));
}

}  // namespace mfp::frontends::ipp
