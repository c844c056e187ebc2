#pragma once
// cwis_assets(): the browser interface's template and static files, compiled into the program
// from frontends/cwis/templates/ and frontends/cwis/static/ (scripts/embed_assets.cmake), so
// the daemon serves exactly the files it was built with and needs no data directory.

#include <span>
#include <string_view>

namespace mfp::frontends::cwis {

struct Asset {
  std::string_view path;  // relative to frontends/cwis/: "templates/home.html", "static/cwis.css"
  std::string_view content;
};

// Every asset, in path order. Never fails.
[[nodiscard]] std::span<const Asset> cwis_assets() noexcept;

}  // namespace mfp::frontends::cwis
