#include "security/certs/detail/sealed_container.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace mfp::security::certs::detail {
namespace {

constexpr std::string_view kMagic = "MFPDCRT1";

void put_be(std::uint8_t* out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (bytes - 1 - i)));
}

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> b) : b_(b) {}
  bool take(std::size_t n, std::span<const std::uint8_t>& out) {
    if (b_.size() - pos_ < n) return false;
    out = b_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool be(int bytes, std::uint32_t& v) {
    std::span<const std::uint8_t> s;
    if (!take(static_cast<std::size_t>(bytes), s)) return false;
    v = 0;
    for (std::uint8_t c : s) v = v << 8 | c;
    return true;
  }
  [[nodiscard]] bool at_end() const { return pos_ == b_.size(); }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

pipeline::Status bad() {
  return pipeline::make_error(pipeline::StatusCode::malformed_data,
                              "device certificate container: bad layout");
}

}  // namespace

pipeline::Result<crypto::SecureBytes> SealedContainer::encode() const {
  if (key_pkcs8.empty() || certificates_der.empty() || certificates_der.size() > kMaxChain) {
    return pipeline::make_error(pipeline::StatusCode::invalid_argument,
                                "device certificate container: needs a key and 1..16 certificates");
  }
  std::size_t total = kMagic.size() + 4 + key_pkcs8.size() + 2;
  for (const auto& c : certificates_der) total += 4 + c.size();
  crypto::SecureBytes out(total);
  std::uint8_t* p = out.data();
  std::memcpy(p, kMagic.data(), kMagic.size());
  p += kMagic.size();
  put_be(p, key_pkcs8.size(), 4);
  p += 4;
  std::memcpy(p, key_pkcs8.data(), key_pkcs8.size());
  p += key_pkcs8.size();
  put_be(p, certificates_der.size(), 2);
  p += 2;
  for (const auto& c : certificates_der) {
    put_be(p, c.size(), 4);
    p += 4;
    if (!c.empty()) std::memcpy(p, c.data(), c.size());
    p += c.size();
  }
  return out;
}

pipeline::Result<SealedContainer> SealedContainer::decode(std::span<const std::uint8_t> bytes) {
  Reader r(bytes);
  std::span<const std::uint8_t> magic;
  if (!r.take(kMagic.size(), magic) || !std::equal(magic.begin(), magic.end(), kMagic.begin())) {
    return bad();
  }
  SealedContainer out;
  std::uint32_t n = 0;
  std::span<const std::uint8_t> field;
  if (!r.be(4, n) || n == 0 || !r.take(n, field)) return bad();
  out.key_pkcs8 = crypto::SecureBytes::copy_of(field);
  std::uint32_t count = 0;
  if (!r.be(2, count) || count == 0 || count > kMaxChain) return bad();
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!r.be(4, n) || n == 0 || !r.take(n, field)) return bad();
    out.certificates_der.emplace_back(field.begin(), field.end());
  }
  if (!r.at_end()) return bad();
  return out;
}

}  // namespace mfp::security::certs::detail
