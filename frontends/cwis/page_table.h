#pragma once
// page_table(): every page and action of the browser interface (CentreWare Internet Services),
// one PageSpec row each, in menu order. CwisSite mounts them; tests walk them.

#include <span>
#include <string_view>

#include "frontends/cwis/page_spec.h"

namespace mfp::frontends::cwis {

[[nodiscard]] std::span<const PageSpec> page_table() noexcept;

// Whether a login may return to `path`: a GET row that needs a session (never an address
// from elsewhere, so the login page cannot be made to redirect off the device).
[[nodiscard]] bool is_return_page(std::string_view path) noexcept;

}  // namespace mfp::frontends::cwis
