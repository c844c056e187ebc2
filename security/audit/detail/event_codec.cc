#include "security/audit/detail/event_codec.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "security/audit/detail/utf8.h"

namespace mfp::security::audit::detail {

namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kFixedBytes = 1 + 2 + 8 + 4 * 2 + 1;
constexpr std::size_t kMinCutBytes = 32;  // a cut never leaves a field shorter than this

bool ends_with_marker(const std::string& s) {
  return s.size() >= kTruncationMarker.size() &&
         std::string_view(s).substr(s.size() - kTruncationMarker.size()) == kTruncationMarker;
}

// Cuts `s` to at most `limit` bytes (limit > marker size), ending it with the marker.
void cut(std::string& s, std::size_t limit) {
  if (s.size() <= limit) return;
  if (ends_with_marker(s)) s.resize(s.size() - kTruncationMarker.size());
  s.resize(utf8_prefix_length(s, limit - kTruncationMarker.size()));
  s += kTruncationMarker;
}

void put_u16(std::uint8_t*& p, std::uint16_t v) {
  *p++ = static_cast<std::uint8_t>(v);
  *p++ = static_cast<std::uint8_t>(v >> 8);
}

void put_str(std::uint8_t*& p, const std::string& s) {
  put_u16(p, static_cast<std::uint16_t>(s.size()));
  p = std::copy(s.begin(), s.end(), p);
}

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
  bool u8(std::uint8_t& v) {
    if (in_.size() < 1) return false;
    v = in_[0];
    in_ = in_.subspan(1);
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (in_.size() < 2) return false;
    v = static_cast<std::uint16_t>(in_[0] | (in_[1] << 8));
    in_ = in_.subspan(2);
    return true;
  }
  bool u64(std::uint64_t& v) {
    if (in_.size() < 8) return false;
    v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | in_[static_cast<std::size_t>(i)];
    in_ = in_.subspan(8);
    return true;
  }
  bool str(std::string& s) {
    std::uint16_t n = 0;
    if (!u16(n) || in_.size() < n) return false;
    s.assign(reinterpret_cast<const char*>(in_.data()), n);
    in_ = in_.subspan(n);
    return is_valid_utf8(s);
  }
  [[nodiscard]] bool done() const { return in_.empty(); }

 private:
  std::span<const std::uint8_t> in_;
};

}  // namespace

AuditEvent fit_event(AuditEvent e, std::size_t capacity) {
  auto fix = [](std::string& s) {
    s = sanitize_utf8(s);
    cut(s, kMaxFieldBytes);
  };
  fix(e.name);
  fix(e.user);
  if (e.user.empty()) e.user = "-";
  fix(e.description);
  fix(e.status);
  if (e.items.size() > kMaxItems) {
    const std::size_t omitted = e.items.size() - (kMaxItems - 1);
    e.items.resize(kMaxItems - 1);
    e.items.emplace_back("Items Omitted", std::to_string(omitted));
  }
  for (auto& [key, value] : e.items) {
    fix(key);
    fix(value);
  }
  // Over budget: cut the longest field (never below kMinCutBytes); when every field is short,
  // drop items from the end.
  for (std::size_t size = encoded_size(e); size > capacity; size = encoded_size(e)) {
    std::string* longest = &e.name;
    for (std::string* s : {&e.user, &e.description, &e.status}) {
      if (s->size() > longest->size()) longest = s;
    }
    for (auto& [key, value] : e.items) {
      if (key.size() > longest->size()) longest = &key;
      if (value.size() > longest->size()) longest = &value;
    }
    if (longest->size() > kMinCutBytes) {
      const std::size_t excess = size - capacity;
      cut(*longest, std::max(kMinCutBytes, longest->size() - std::min(excess, longest->size())));
    } else if (!e.items.empty()) {
      e.items.pop_back();
    } else {
      break;  // unreachable for capacity >= 256: the fixed part is under 200 bytes
    }
  }
  return e;
}

std::size_t encoded_size(const AuditEvent& e) noexcept {
  std::size_t n =
      kFixedBytes + e.name.size() + e.user.size() + e.description.size() + e.status.size();
  for (const auto& [key, value] : e.items) n += 4 + key.size() + value.size();
  return n;
}

bool encode_event(const AuditEvent& e, std::span<std::uint8_t> out) noexcept {
  if (encoded_size(e) > out.size() || e.items.size() > 255) return false;
  for (const std::string* s : {&e.name, &e.user, &e.description, &e.status}) {
    if (s->size() > 0xFFFF) return false;
  }
  for (const auto& [key, value] : e.items) {
    if (key.size() > 0xFFFF || value.size() > 0xFFFF) return false;
  }
  std::uint8_t* p = out.data();
  *p++ = kVersion;
  put_u16(p, static_cast<std::uint16_t>(e.id));
  const auto ns = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(e.time.time_since_epoch()).count());
  for (int i = 0; i < 8; ++i) *p++ = static_cast<std::uint8_t>(ns >> (8 * i));
  put_str(p, e.name);
  put_str(p, e.user);
  put_str(p, e.description);
  put_str(p, e.status);
  *p++ = static_cast<std::uint8_t>(e.items.size());
  for (const auto& [key, value] : e.items) {
    put_str(p, key);
    put_str(p, value);
  }
  return true;
}

std::optional<AuditEvent> decode_event(std::span<const std::uint8_t> in) {
  Reader r(in);
  std::uint8_t version = 0;
  std::uint16_t id = 0;
  std::uint64_t ns = 0;
  if (!r.u8(version) || version != kVersion || !r.u16(id) || !r.u64(ns)) return std::nullopt;
  AuditEvent e;
  e.id = static_cast<AuditEventId>(id);
  e.time = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(static_cast<std::int64_t>(ns))));
  std::uint8_t count = 0;
  if (!r.str(e.name) || !r.str(e.user) || !r.str(e.description) || !r.str(e.status) ||
      !r.u8(count)) {
    return std::nullopt;
  }
  e.items.resize(count);
  for (auto& [key, value] : e.items) {
    if (!r.str(key) || !r.str(value)) return std::nullopt;
  }
  if (!r.done()) return std::nullopt;
  return e;
}

}  // namespace mfp::security::audit::detail
