#include "codecs/packbits.h"

#include <cstring>
#include <string>

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

Result<std::size_t> encode_impl(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  const std::uint8_t* p = in.data();
  const std::size_t n = in.size();
  std::uint8_t* o = out.data();
  const std::size_t cap = out.size();
  std::size_t op = 0;
  std::size_t i = 0;
  std::size_t lit_start = 0;  // pending literal bytes are [lit_start, i)

  auto flush_literals = [&](std::size_t end) -> bool {
    while (lit_start < end) {
      const std::size_t k = std::min<std::size_t>(128, end - lit_start);
      if (cap - op < k + 1) {
        return false;
      }
      o[op++] = static_cast<std::uint8_t>(k - 1);
      std::memcpy(o + op, p + lit_start, k);
      op += k;
      lit_start += k;
    }
    return true;
  };

  while (i + 2 < n) {
    // Runs shorter than 3 are cheaper as literals.
    if (p[i] != p[i + 1] || p[i] != p[i + 2]) {
      ++i;
      continue;
    }
    if (!flush_literals(i)) {
      return make_error(StatusCode::resource_exhausted, "PackBits: full");
    }
    std::size_t run = 3;
    while (i + run < n && run < 128 && p[i + run] == p[i]) {
      ++run;
    }
    if (cap - op < 2) {
      return make_error(StatusCode::resource_exhausted, "PackBits: full");
    }
    o[op++] = static_cast<std::uint8_t>(257 - run);
    o[op++] = p[i];
    i += run;
    lit_start = i;
  }
  if (!flush_literals(n)) {
    return make_error(StatusCode::resource_exhausted, "PackBits: full");
  }
  return op;
}

Status decode_impl(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  const std::uint8_t* p = in.data();
  const std::size_t n = in.size();
  std::uint8_t* o = out.data();
  const std::size_t cap = out.size();
  std::size_t ip = 0;
  std::size_t op = 0;
  while (ip < n) {
    const std::uint8_t c = p[ip++];
    if (c < 128) {
      const std::size_t k = std::size_t{c} + 1;
      if (k > n - ip) {
        return make_error(StatusCode::truncated,
                          "PackBits: literal of " + std::to_string(k) + " bytes ends early");
      }
      if (k > cap - op) {
        return make_error(StatusCode::malformed_data,
                          "PackBits: literal overflows the output at byte " + std::to_string(op));
      }
      std::memcpy(o + op, p + ip, k);
      ip += k;
      op += k;
    } else if (c > 128) {
      const std::size_t k = 257 - std::size_t{c};
      if (ip >= n) {
        return make_error(StatusCode::truncated, "PackBits: run byte missing");
      }
      if (k > cap - op) {
        return make_error(StatusCode::malformed_data,
                          "PackBits: run overflows the output at byte " + std::to_string(op));
      }
      std::memset(o + op, p[ip++], k);
      op += k;
    }
  }
  if (op != cap) {
    return make_error(StatusCode::truncated, "PackBits: decoded " + std::to_string(op) + " of " +
                                                 std::to_string(cap) + " bytes");
  }
  return Status::ok();
}

}  // namespace

// noexcept entry points: only error messages allocate; on bad_alloc a short (small-string)
// message is returned instead.
Result<std::size_t> packbits_encode(std::span<const std::uint8_t> in,
                                    std::span<std::uint8_t> out) noexcept {
  try {
    return encode_impl(in, out);
  } catch (...) {
    return Status(StatusCode::resource_exhausted, "out of memory");
  }
}

Status packbits_decode(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept {
  try {
    return decode_impl(in, out);
  } catch (...) {
    return Status(StatusCode::resource_exhausted, "out of memory");
  }
}

}  // namespace mfp::codecs
