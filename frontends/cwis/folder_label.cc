#include "frontends/cwis/folder_label.h"

namespace mfp::frontends::cwis {

std::string folder_label(std::uint32_t number) {
  std::string s = std::to_string(number);
  while (s.size() < 3) s.insert(s.begin(), '0');
  return s;
}

}  // namespace mfp::frontends::cwis
