#pragma once
// NvramImage: the decoded contents of a FileNvram file (named slots) and its on-disk encoding.
//
// Format, version 1, integers little-endian:
//   magic "OMFPNVRM" (8) | version u16 = 1 | reserved u16 = 0 | slot count u32
//   per slot, sorted by name, names unique: name length u8 (1..255) | name |
//                                          value length u16 (0..4096) | value
//   SHA-256 of every preceding byte (32)
// Anything else (short file, bad magic, bad checksum, unsorted or duplicate names, lengths out
// of range, trailing bytes) is integrity_error; a newer version is unsupported.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace mfp::engine_hw::sim::detail {

inline constexpr std::size_t kNvramMaxSlotBytes = 4096;
inline constexpr std::size_t kNvramMaxNameBytes = 255;
inline constexpr std::size_t kNvramMaxSlots = 256;
inline constexpr std::uint16_t kNvramFormatVersion = 1;

// Zeroes a buffer that may hold slot values (OPENSSL_cleanse), then empties it.
void wipe(std::vector<std::uint8_t>& bytes) noexcept;

struct NvramSlot {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

// Slot values may be secret: the image wipes them when it is destroyed or a slot is replaced
// or removed. Movable, not copyable.
class NvramImage {
 public:
  NvramImage() = default;
  NvramImage(NvramImage&&) noexcept = default;
  NvramImage& operator=(NvramImage&& other) noexcept;
  NvramImage(const NvramImage&) = delete;
  NvramImage& operator=(const NvramImage&) = delete;
  ~NvramImage();

  [[nodiscard]] const NvramSlot* find(std::string_view name) const noexcept;
  // Inserts or replaces (the old value is wiped first). Throws std::bad_alloc only.
  void put(std::string_view name, std::span<const std::uint8_t> bytes);
  // True when the slot existed; its value is wiped.
  bool remove(std::string_view name) noexcept;
  [[nodiscard]] const std::vector<NvramSlot>& slots() const noexcept { return slots_; }

  // The file bytes (the caller wipes them). Throws std::bad_alloc only.
  [[nodiscard]] std::vector<std::uint8_t> encode() const;
  // Parses and verifies file bytes.
  [[nodiscard]] static pipeline::Result<NvramImage> decode(
      std::span<const std::uint8_t> file) noexcept;

 private:
  void wipe_all() noexcept;
  std::vector<NvramSlot> slots_;  // sorted by name
};

}  // namespace mfp::engine_hw::sim::detail
