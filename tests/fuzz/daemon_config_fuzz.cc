// Fuzz target: mfpd's TOML configuration parser. Any text gives a configuration or a clear
// error; an accepted configuration validates and survives a round trip through to_toml().
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "frontends/mfpd/daemon_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using mfp::frontends::mfpd::DaemonConfig;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = DaemonConfig::parse(text, "fuzz");
  if (!parsed.is_ok()) {
    if (parsed.status().message().empty()) std::abort();
    return 0;
  }
  if (!parsed.value().validate().is_ok()) std::abort();
  auto again = DaemonConfig::parse(parsed.value().to_toml(), "round-trip");
  if (!again.is_ok() || !(again.value() == parsed.value())) std::abort();
  return 0;
}
