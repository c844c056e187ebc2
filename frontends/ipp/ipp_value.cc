#include "frontends/ipp/ipp_value.h"

namespace mfp::frontends::ipp {

IppCollection::IppCollection() = default;
IppCollection::~IppCollection() = default;
IppCollection::IppCollection(const IppCollection& other) = default;
IppCollection::IppCollection(IppCollection&& other) noexcept = default;
IppCollection& IppCollection::operator=(const IppCollection& other) = default;
IppCollection& IppCollection::operator=(IppCollection&& other) noexcept = default;

const IppAttribute* IppCollection::find(std::string_view name) const noexcept {
  for (const IppAttribute& m : members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool operator==(const IppCollection& a, const IppCollection& b) {
  return a.members == b.members;
}

}  // namespace mfp::frontends::ipp
