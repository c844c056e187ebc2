#include "engine_hw/sim/detail/nvram_image.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>

namespace mfp::engine_hw::sim::detail {

using pipeline::make_error;
using pipeline::StatusCode;

namespace {

constexpr char kMagic[8] = {'O', 'M', 'F', 'P', 'N', 'V', 'R', 'M'};
constexpr std::size_t kHeaderBytes = 16;
constexpr std::size_t kChecksumBytes = 32;

bool sha256(std::span<const std::uint8_t> data, std::uint8_t* out) noexcept {
  static const unsigned char kEmpty = 0;
  unsigned int len = 0;
  return EVP_Digest(data.empty() ? &kEmpty : data.data(), data.size(), out, &len, EVP_sha256(),
                    nullptr) == 1 &&
         len == kChecksumBytes;
}

// Bounds-checked little-endian reader over the file bytes.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}
  bool read(std::size_t n, std::span<const std::uint8_t>& out) noexcept {
    if (bytes_.size() - pos_ < n) return false;
    out = bytes_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool u8(std::uint32_t& v) noexcept { return uint(1, v); }
  bool u16(std::uint32_t& v) noexcept { return uint(2, v); }
  bool u32(std::uint32_t& v) noexcept { return uint(4, v); }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == bytes_.size(); }

 private:
  bool uint(std::size_t n, std::uint32_t& v) noexcept {
    std::span<const std::uint8_t> b;
    if (!read(n, b)) return false;
    v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(b[i]) << (8 * i);
    return true;
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

pipeline::Status corrupt(const char* what) {
  return make_error(StatusCode::integrity_error, std::string("NVRAM file corrupt: ") + what);
}

}  // namespace

void wipe(std::vector<std::uint8_t>& bytes) noexcept {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  bytes.clear();
}

NvramImage& NvramImage::operator=(NvramImage&& other) noexcept {
  if (this != &other) {
    wipe_all();
    slots_ = std::move(other.slots_);
  }
  return *this;
}

NvramImage::~NvramImage() {
  wipe_all();
}

void NvramImage::wipe_all() noexcept {
  for (auto& s : slots_) wipe(s.bytes);
}

const NvramSlot* NvramImage::find(std::string_view name) const noexcept {
  auto it = std::lower_bound(slots_.begin(), slots_.end(), name,
                             [](const NvramSlot& s, std::string_view n) { return s.name < n; });
  return it != slots_.end() && it->name == name ? &*it : nullptr;
}

void NvramImage::put(std::string_view name, std::span<const std::uint8_t> bytes) {
  auto it = std::lower_bound(slots_.begin(), slots_.end(), name,
                             [](const NvramSlot& s, std::string_view n) { return s.name < n; });
  std::vector<std::uint8_t> value(bytes.begin(), bytes.end());
  if (it != slots_.end() && it->name == name) {
    wipe(it->bytes);
    it->bytes = std::move(value);
    return;
  }
  try {
    slots_.insert(it, NvramSlot{std::string(name), std::move(value)});
  } catch (...) {
    wipe(value);
    throw;
  }
}

bool NvramImage::remove(std::string_view name) noexcept {
  auto it = std::lower_bound(slots_.begin(), slots_.end(), name,
                             [](const NvramSlot& s, std::string_view n) { return s.name < n; });
  if (it == slots_.end() || it->name != name) return false;
  wipe(it->bytes);
  slots_.erase(it);
  return true;
}

std::vector<std::uint8_t> NvramImage::encode() const {
  std::size_t size = kHeaderBytes + kChecksumBytes;
  for (const auto& s : slots_) size += 1 + s.name.size() + 2 + s.bytes.size();
  // Sized once and written in place: no reallocation, so no stray copies of slot values.
  std::vector<std::uint8_t> out(size);
  std::size_t at = 0;
  auto put = [&](const void* p, std::size_t n) {
    if (n != 0) std::memcpy(out.data() + at, p, n);
    at += n;
  };
  auto put_le = [&](std::uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
    at += n;
  };
  put(kMagic, sizeof kMagic);
  put_le(kNvramFormatVersion, 2);
  put_le(0, 2);
  put_le(slots_.size(), 4);
  for (const auto& s : slots_) {
    put_le(s.name.size(), 1);
    put(s.name.data(), s.name.size());
    put_le(s.bytes.size(), 2);
    put(s.bytes.data(), s.bytes.size());
  }
  if (!sha256(std::span(out.data(), at), out.data() + at)) {
    throw std::bad_alloc();  // EVP fails only without memory
  }
  return out;
}

pipeline::Result<NvramImage> NvramImage::decode(std::span<const std::uint8_t> file) noexcept {
  try {
    if (file.size() < kHeaderBytes + kChecksumBytes) return corrupt("too short");
    const auto body = file.first(file.size() - kChecksumBytes);
    std::array<std::uint8_t, kChecksumBytes> sum{};
    if (!sha256(body, sum.data())) {
      return make_error(StatusCode::internal, "NVRAM: SHA-256 unavailable");
    }
    if (CRYPTO_memcmp(sum.data(), file.data() + body.size(), kChecksumBytes) != 0) {
      return corrupt("checksum mismatch");
    }
    Reader r(body);
    std::span<const std::uint8_t> magic;
    std::uint32_t version = 0, reserved = 0, count = 0;
    if (!r.read(sizeof kMagic, magic) || std::memcmp(magic.data(), kMagic, sizeof kMagic) != 0) {
      return corrupt("bad magic");
    }
    if (!r.u16(version) || !r.u16(reserved) || !r.u32(count)) return corrupt("short header");
    if (version != kNvramFormatVersion) {
      return make_error(StatusCode::unsupported,
                        "NVRAM file: unknown format version " + std::to_string(version));
    }
    if (reserved != 0) return corrupt("reserved field set");
    if (count > kNvramMaxSlots) return corrupt("too many slots");
    NvramImage image;
    image.slots_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t name_len = 0, value_len = 0;
      std::span<const std::uint8_t> name, value;
      if (!r.u8(name_len) || name_len == 0 || !r.read(name_len, name) || !r.u16(value_len) ||
          value_len > kNvramMaxSlotBytes || !r.read(value_len, value)) {
        return corrupt("bad slot record");
      }
      NvramSlot slot{std::string(name.begin(), name.end()), {}};
      if (!image.slots_.empty() && !(image.slots_.back().name < slot.name)) {
        return corrupt("slots out of order");
      }
      slot.bytes.assign(value.begin(), value.end());
      image.slots_.push_back(std::move(slot));
    }
    if (!r.at_end()) return corrupt("trailing bytes");
    return image;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "NVRAM: out of memory");
  }
}

}  // namespace mfp::engine_hw::sim::detail
