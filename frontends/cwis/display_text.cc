#include "frontends/cwis/display_text.h"

namespace mfp::frontends::cwis {

std::string capitalized(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

}  // namespace mfp::frontends::cwis
