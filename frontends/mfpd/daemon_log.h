#pragma once
// DaemonLog: mfpd's structured log on stderr, one logfmt line per event
// (`time=... level=info msg="..." key=value`). Callers pass only non-secret fields: no
// passwords, keys, session ids, document contents, user or job names ever reach it.

#include <initializer_list>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontends/mfpd/daemon_config.h"

namespace mfp::frontends::mfpd {

class DaemonLog {
 public:
  explicit DaemonLog(LogLevel level) noexcept : level_(level) {}
  // Writes one line when `level` is at or above the configured level. Never throws.
  void write(LogLevel level, std::string_view message,
             std::initializer_list<std::pair<std::string_view, std::string>> fields = {}) noexcept;
  void write(LogLevel level, std::string_view message,
             const std::vector<std::pair<std::string, std::string>>& fields) noexcept;
  void write(LogLevel level, std::string_view message,
             std::span<const std::pair<std::string_view, std::string>> fields) noexcept;

 private:
  const LogLevel level_;
  std::mutex mu_;
};

}  // namespace mfp::frontends::mfpd
