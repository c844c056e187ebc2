#pragma once
// Nvram: the controller's small non-volatile memory for device secrets (the master key, the
// audit log's head counter). On a real device it is a chip apart from the storage drive; the
// simulator keeps it in one file outside the data directory that only the daemon can read.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace mfp::engine_hw {

// Named slots of up to 4 KiB. Writes are atomic and durable when they return. Thread-safe.
// Values may be secret: callers zero the vectors they get back.
class Nvram {
 public:
  virtual ~Nvram() = default;
  // The slot's bytes, or nullopt when it was never written or was erased.
  [[nodiscard]] virtual pipeline::Result<std::optional<std::vector<std::uint8_t>>> read(
      std::string_view slot) noexcept = 0;
  // Replaces the slot; invalid_argument for an empty name or more than 4 KiB.
  [[nodiscard]] virtual pipeline::Status write(std::string_view slot,
                                               std::span<const std::uint8_t> bytes) noexcept = 0;
  // Erases the slot (its old bytes overwritten, not just forgotten).
  [[nodiscard]] virtual pipeline::Status erase(std::string_view slot) noexcept = 0;
};

}  // namespace mfp::engine_hw
