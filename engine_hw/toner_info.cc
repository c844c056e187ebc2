#include "engine_hw/toner_info.h"

namespace mfp::engine_hw {

std::string_view to_string(Colorant c) noexcept {
  switch (c) {
    case Colorant::cyan:
      return "cyan";
    case Colorant::magenta:
      return "magenta";
    case Colorant::yellow:
      return "yellow";
    case Colorant::black:
      return "black";
  }
  return "unknown";
}

}  // namespace mfp::engine_hw
