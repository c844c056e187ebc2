#include "pipeline/device/software_version.h"

namespace mfp::pipeline::device {

std::string_view software_version() noexcept {
  return MFP_SOFTWARE_VERSION;
}

}  // namespace mfp::pipeline::device
