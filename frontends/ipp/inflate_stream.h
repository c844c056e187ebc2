#pragma once
// InflateStream: a DocumentStream that decompresses another one, for IPP "compression" gzip
// (RFC 1952) and deflate (RFC 1951, raw), with a bound on expansion so a compression bomb is
// refused long before it fills the spool.
//
// Expansion bound: after the first kFreeBytes of output, output may not exceed kMaxRatio times
// the compressed bytes consumed so far. Print data is already compact (PWG raster and URF are
// run-length coded, JPEG and PDF compressed), so a real document stays far below it, while a
// bomb (deflate reaches about 1000:1) is refused after a few megabytes of input.
//
// Failure: malformed_data for a corrupt stream, a bad gzip header/trailer (CRC, length) or a
// stream that ends early (truncated); limit_exceeded past the expansion bound; the inner
// stream's errors as they are. Never throws. Owns the inner stream and the zlib state.

#include <cstdint>
#include <memory>
#include <vector>

#include "pipeline/stage.h"

namespace mfp::frontends::ipp {

enum class Compression : std::uint8_t { none, gzip, deflate };

class InflateStream final : public pipeline::DocumentStream {
 public:
  static constexpr std::uint64_t kFreeBytes = std::uint64_t{64} << 20;
  static constexpr std::uint64_t kMaxRatio = 256;

  // `kind` is gzip or deflate. resource_exhausted when zlib cannot start.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<InflateStream>> create(
      std::unique_ptr<pipeline::DocumentStream> inner, Compression kind);
  ~InflateStream() override;
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;

  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) override;

 private:
  struct State;
  InflateStream(std::unique_ptr<pipeline::DocumentStream> inner, std::unique_ptr<State> state);
  std::unique_ptr<pipeline::DocumentStream> inner_;
  std::unique_ptr<State> state_;
};

}  // namespace mfp::frontends::ipp
