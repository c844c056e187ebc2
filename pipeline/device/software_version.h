#pragma once
// software_version(): OpenMFP's version, the project's from the build ("0.1.0"). Never fails.

#include <string_view>

namespace mfp::pipeline::device {

[[nodiscard]] std::string_view software_version() noexcept;

}  // namespace mfp::pipeline::device
