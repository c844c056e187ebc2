#include "frontends/mfpd/daemon_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace mfp::frontends::mfpd {

namespace {

// Quotes a value when it has spaces, quotes or equals signs; control characters become '?'.
std::string field_value(std::string_view v) {
  bool quote = v.empty();
  std::string out;
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=') quote = true;
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return quote ? "\"" + out + "\"" : out;
}

}  // namespace

void DaemonLog::write(
    LogLevel level, std::string_view message,
    std::initializer_list<std::pair<std::string_view, std::string>> fields) noexcept {
  write(level, message, std::span(fields.begin(), fields.size()));
}

void DaemonLog::write(LogLevel level, std::string_view message,
                      const std::vector<std::pair<std::string, std::string>>& fields) noexcept {
  try {
    std::vector<std::pair<std::string_view, std::string>> views;
    views.reserve(fields.size());
    for (const auto& [k, v] : fields) views.emplace_back(k, v);
    write(level, message, std::span<const std::pair<std::string_view, std::string>>(views));
  } catch (...) {
    // Logging never takes the daemon down.
  }
}

void DaemonLog::write(LogLevel level, std::string_view message,
                      std::span<const std::pair<std::string_view, std::string>> fields) noexcept {
  if (static_cast<int>(level) < static_cast<int>(level_)) return;
  try {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string line = std::string("time=") + stamp + " level=" + std::string(to_string(level)) +
                       " msg=" + field_value(message);
    for (const auto& [k, v] : fields) {
      line += " ";
      line += k;
      line += "=";
      line += field_value(v);
    }
    line += "\n";
    std::lock_guard lock(mu_);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  } catch (...) {
    // Logging never takes the daemon down.
  }
}

}  // namespace mfp::frontends::mfpd
