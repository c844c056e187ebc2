#include "codecs/plane_codec.h"

#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader
#include <zstd.h>
#include <zstd_errors.h>

#include <cstring>
#include <memory>
#include <string>

#include "codecs/detail/big_endian.h"
#include "codecs/detail/crc32c.h"
#include "codecs/packbits.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// Stream layout (little-endian):
//   0  u8  magic 0xB5
//   1  u8  version 2 (1 had zlib's CRC-32 where 2 has CRC-32C)
//   2  u8  codec id (PlaneCodecId)
//   3  u8  planes (1..4)
//   4  u32 rows
//   8  u32 stride
//   12 u32 payload length (bytes after the header)
//   16 u32 CRC-32C of the raw band (raw, PackBits); 0 for zstd, whose frame has its checksum
//   20 payload
constexpr std::uint8_t kMagic = 0xB5;
constexpr std::uint8_t kVersion = 2;
constexpr std::size_t kHeaderSize = 20;
constexpr std::size_t kMaxRawBytes = std::size_t{1} << 30;  // one band never exceeds 1 GiB
// zstd level: measured in codecs/README.md; level -5 is the choice (the print path's
// throughput, not the ratio, is what a page waiting for the engine needs).
constexpr int kZstdLevel = -5;

struct FreeCCtx {
  void operator()(ZSTD_CCtx* c) const noexcept { ZSTD_freeCCtx(c); }
};
struct FreeDCtx {
  void operator()(ZSTD_DCtx* c) const noexcept { ZSTD_freeDCtx(c); }
};
using ZstdCCtxPtr = std::unique_ptr<ZSTD_CCtx, FreeCCtx>;
using ZstdDCtxPtr = std::unique_ptr<ZSTD_DCtx, FreeDCtx>;

// Per-thread scratch contexts (reused across bands; hold no data between calls).
ZSTD_CCtx* cctx() noexcept {
  thread_local ZstdCCtxPtr ctx(ZSTD_createCCtx());
  return ctx.get();
}
ZSTD_DCtx* dctx() noexcept {
  thread_local ZstdDCtxPtr ctx(ZSTD_createDCtx());
  return ctx.get();
}

// True when the zstd frame header declares a content checksum.
bool frame_has_checksum(std::span<const std::uint8_t> frame) noexcept {
  ZSTD_frameHeader h{};
  return ZSTD_getFrameHeader(&h, frame.data(), frame.size()) == 0 && h.checksumFlag != 0;
}

std::uint32_t crc_of(std::span<const std::uint8_t> data) noexcept {
  return detail::crc32c(data.data(), data.size());
}

Status check_shape(const PlaneShape& s, const char* what) {
  if (s.planes < 1 || s.planes > 4) {
    return make_error(StatusCode::malformed_data,
                      std::string(what) + ": planes " + std::to_string(s.planes) + " not 1..4");
  }
  if (s.rows == 0 || s.stride == 0) {
    return make_error(StatusCode::malformed_data, std::string(what) + ": rows " +
                                                      std::to_string(s.rows) + ", stride " +
                                                      std::to_string(s.stride));
  }
  const std::uint64_t bytes = std::uint64_t{s.rows} * s.stride * s.planes;
  if (bytes > kMaxRawBytes) {
    return make_error(StatusCode::limit_exceeded,
                      std::string(what) + ": band of " + std::to_string(bytes) + " bytes");
  }
  return Status::ok();
}

void write_header(std::uint8_t* o, PlaneCodecId codec, const PlaneShape& s, std::size_t payload,
                  std::uint32_t crc) {
  o[0] = kMagic;
  o[1] = kVersion;
  o[2] = static_cast<std::uint8_t>(codec);
  o[3] = static_cast<std::uint8_t>(s.planes);
  detail::store_le32(o + 4, s.rows);
  detail::store_le32(o + 8, s.stride);
  detail::store_le32(o + 12, static_cast<std::uint32_t>(payload));
  detail::store_le32(o + 16, crc);
}

struct Header {
  PlaneCodecId codec;
  PlaneShape shape;
  std::uint32_t payload;
  std::uint32_t crc;
};

Result<Header> parse_header(std::span<const std::uint8_t> e) {
  if (e.size() < kHeaderSize) {
    return make_error(StatusCode::truncated,
                      "plane stream: " + std::to_string(e.size()) + " bytes, header needs 20");
  }
  if (e[0] != kMagic) {
    return make_error(StatusCode::malformed_data, "plane stream: bad magic");
  }
  if (e[1] != kVersion) {
    return make_error(StatusCode::unsupported, "plane stream: version " + std::to_string(e[1]));
  }
  if (e[2] > static_cast<std::uint8_t>(PlaneCodecId::zstd)) {
    return make_error(StatusCode::unsupported, "plane stream: codec " + std::to_string(e[2]));
  }
  Header h;
  h.codec = static_cast<PlaneCodecId>(e[2]);
  h.shape.planes = e[3];
  h.shape.rows = detail::load_le32(e.data() + 4);
  h.shape.stride = detail::load_le32(e.data() + 8);
  h.payload = detail::load_le32(e.data() + 12);
  h.crc = detail::load_le32(e.data() + 16);
  MFP_RETURN_IF_ERROR(check_shape(h.shape, "plane stream"));
  const std::size_t raw = h.shape.raw_bytes();
  if (h.payload > raw) {
    return make_error(StatusCode::malformed_data, "plane stream: payload length " +
                                                      std::to_string(h.payload) +
                                                      " exceeds raw size " + std::to_string(raw));
  }
  if (h.codec == PlaneCodecId::raw && h.payload != raw) {
    return make_error(StatusCode::malformed_data, "plane stream: raw payload length " +
                                                      std::to_string(h.payload) + " is not " +
                                                      std::to_string(raw));
  }
  if (e.size() - kHeaderSize < h.payload) {
    return make_error(StatusCode::truncated, "plane stream: payload has " +
                                                 std::to_string(e.size() - kHeaderSize) + " of " +
                                                 std::to_string(h.payload) + " bytes");
  }
  if (e.size() - kHeaderSize > h.payload) {
    return make_error(StatusCode::malformed_data,
                      "plane stream: " + std::to_string(e.size() - kHeaderSize - h.payload) +
                          " bytes after the payload");
  }
  return h;
}

}  // namespace

std::size_t plane_max_encoded_size(std::size_t raw_bytes) noexcept {
  return kHeaderSize + raw_bytes;
}

namespace {

Result<std::size_t> encode_impl(std::span<const std::uint8_t> raw, const PlaneShape& shape,
                                PlaneCodecId codec, std::span<std::uint8_t> out) {
  Status s = check_shape(shape, "plane_encode");
  if (!s.is_ok()) {
    return make_error(
        s.code() == StatusCode::malformed_data ? StatusCode::invalid_argument : s.code(),
        s.message());
  }
  const std::size_t n = shape.raw_bytes();
  if (raw.size() != n) {
    return make_error(StatusCode::invalid_argument, "plane_encode: " + std::to_string(raw.size()) +
                                                        " bytes for a shape of " +
                                                        std::to_string(n));
  }
  if (out.size() < plane_max_encoded_size(n)) {
    return make_error(StatusCode::invalid_argument, "plane_encode: output buffer below bound");
  }
  std::uint8_t* payload = out.data() + kHeaderSize;
  std::size_t len = 0;
  bool packed = false;
  switch (codec) {
    case PlaneCodecId::raw:
      break;
    case PlaneCodecId::packbits: {
      Result<std::size_t> r = packbits_encode(raw, std::span<std::uint8_t>(payload, n));
      if (r.is_ok() && r.value() < n) {
        len = r.value();
        packed = true;
      }
      break;
    }
    case PlaneCodecId::zstd: {
      ZSTD_CCtx* c = cctx();
      if (c == nullptr) {
        break;  // no memory for a context: store raw
      }
      // The frame carries zstd's own checksum (XXH64 of the content, computed while the band
      // is in cache and verified by the decoder): no second pass over the band for a CRC.
      ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
      ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, kZstdLevel);
      ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
      const std::size_t r = ZSTD_compress2(c, payload, n, raw.data(), n);
      if (!ZSTD_isError(r) && r < n) {
        len = r;
        packed = true;
      }
      break;
    }
    default:
      return make_error(StatusCode::invalid_argument,
                        "plane_encode: codec " + std::to_string(static_cast<int>(codec)));
  }
  if (!packed) {
    std::memcpy(payload, raw.data(), n);
    len = n;
    codec = PlaneCodecId::raw;
  }
  const std::uint32_t crc = codec == PlaneCodecId::zstd ? 0 : crc_of(raw);
  write_header(out.data(), codec, shape, len, crc);
  return kHeaderSize + len;
}

Status decode_impl(std::span<const std::uint8_t> encoded, std::span<std::uint8_t> raw) {
  Result<Header> hr = parse_header(encoded);
  if (!hr.is_ok()) {
    return hr.status();
  }
  const Header& h = hr.value();
  const std::size_t n = h.shape.raw_bytes();
  if (raw.size() != n) {
    return make_error(StatusCode::invalid_argument,
                      "plane_decode: buffer of " + std::to_string(raw.size()) +
                          " bytes for a band of " + std::to_string(n));
  }
  const std::span<const std::uint8_t> payload = encoded.subspan(kHeaderSize, h.payload);
  switch (h.codec) {
    case PlaneCodecId::raw:
      std::memcpy(raw.data(), payload.data(), n);
      break;
    case PlaneCodecId::packbits: {
      Status s = packbits_decode(payload, raw);
      if (!s.is_ok()) {
        return make_error(s.code(), "plane stream: " + s.message());
      }
      break;
    }
    case PlaneCodecId::zstd: {
      if (ZSTD_findFrameCompressedSize(payload.data(), payload.size()) != payload.size()) {
        return make_error(StatusCode::malformed_data,
                          "plane stream: zstd payload is not exactly one frame");
      }
      const unsigned long long content = ZSTD_getFrameContentSize(payload.data(), payload.size());
      if (content != n) {
        return make_error(StatusCode::malformed_data,
                          "plane stream: zstd frame content size does not match the shape");
      }
      ZSTD_DCtx* d = dctx();
      if (d == nullptr) {
        return make_error(StatusCode::resource_exhausted, "plane stream: no zstd context");
      }
      const std::size_t r = ZSTD_decompressDCtx(d, raw.data(), n, payload.data(), payload.size());
      if (ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_checksum_wrong) {
        return make_error(StatusCode::integrity_error, "plane stream: zstd checksum mismatch");
      }
      if (ZSTD_isError(r)) {
        return make_error(StatusCode::malformed_data,
                          std::string("plane stream: zstd: ") + ZSTD_getErrorName(r));
      }
      if (r != n) {
        return make_error(StatusCode::malformed_data, "plane stream: zstd decoded " +
                                                          std::to_string(r) + " of " +
                                                          std::to_string(n) + " bytes");
      }
      if (h.crc != 0 || !frame_has_checksum(payload)) {
        return make_error(StatusCode::malformed_data, "plane stream: zstd frame without checksum");
      }
      return Status::ok();  // verified by the frame's own checksum
    }
  }
  if (crc_of(raw) != h.crc) {
    return make_error(StatusCode::integrity_error, "plane stream: CRC-32 mismatch");
  }
  return Status::ok();
}

}  // namespace

// The public entry points are noexcept: only building an error message can throw (bad_alloc),
// and then a short message that fits the small-string buffer is returned instead.
Result<std::size_t> plane_encode(std::span<const std::uint8_t> raw, const PlaneShape& shape,
                                 PlaneCodecId codec, std::span<std::uint8_t> out) noexcept {
  try {
    return encode_impl(raw, shape, codec, out);
  } catch (...) {
    return Status(StatusCode::resource_exhausted, "out of memory");
  }
}

Result<PlaneShape> plane_peek(std::span<const std::uint8_t> encoded) noexcept {
  try {
    Result<Header> h = parse_header(encoded);
    if (!h.is_ok()) {
      return h.status();
    }
    return h->shape;
  } catch (...) {
    return Status(StatusCode::resource_exhausted, "out of memory");
  }
}

Status plane_decode(std::span<const std::uint8_t> encoded, std::span<std::uint8_t> raw) noexcept {
  try {
    return decode_impl(encoded, raw);
  } catch (...) {
    return Status(StatusCode::resource_exhausted, "out of memory");
  }
}

}  // namespace mfp::codecs
