#pragma once
// capitalized(): a keyword as a page shows it, its first letter upper case ("cyan" -> "Cyan",
// "print" -> "Print"); ASCII only, the rest unchanged.

#include <string>
#include <string_view>

namespace mfp::frontends::cwis {

[[nodiscard]] std::string capitalized(std::string_view word);

}  // namespace mfp::frontends::cwis
