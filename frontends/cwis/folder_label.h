#pragma once
// folder_label(): a folder's number as the panel and the pages show it, three digits ("007").

#include <cstdint>
#include <string>

namespace mfp::frontends::cwis {

[[nodiscard]] std::string folder_label(std::uint32_t number);

}  // namespace mfp::frontends::cwis
