#pragma once
// PwgRasterWriter: streaming encoder of PWG raster (PWG 5102.4) documents to a ByteSink, with
// the format's line-repeat and pixel-run compression.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codecs/byte_io.h"
#include "codecs/image_limits.h"
#include "codecs/pwg_page_header.h"
#include "codecs/raster_page_info.h"

namespace mfp::codecs {

// Writes a PWG raster stream: begin_page() validates and writes a page header (the "RaS2" sync
// word goes before the first), write_rows() compresses rows (identical rows collapse into one
// line-repeat, runs of equal pixels into runs, a white tail into one fill code), finish()
// flushes. A page must receive exactly its height in rows before the next begins. Errors are
// sticky. The sink must outlive the writer; output is buffered (up to ~64 KiB) until finish().
class PwgRasterWriter {
 public:
  explicit PwgRasterWriter(ByteSink& sink) noexcept : sink_(&sink) {}

  // Fails invalid_argument if the previous page is incomplete, or with validate()'s status.
  [[nodiscard]] pipeline::Status begin_page(const PwgPageHeader& header,
                                            const ImageLimits& limits = {});

  // Compresses `rows` rows from src (row r at src + r * stride, stride >= bytes_per_line).
  [[nodiscard]] pipeline::Status write_rows(const std::uint8_t* src, std::size_t stride,
                                            std::uint32_t rows);

  // Flushes everything to the sink. Fails invalid_argument if the last page is incomplete.
  // A stream without pages is just the sync word.
  [[nodiscard]] pipeline::Status finish();

  [[nodiscard]] std::uint32_t rows_remaining() const noexcept { return rows_left_; }

 private:
  pipeline::Status emit_pending();
  pipeline::Status flush_if_large();
  pipeline::Status ensure_sync();
  pipeline::Status fail(pipeline::Status s);

  ByteSink* sink_;
  RasterPageInfo info_;
  std::vector<std::uint8_t> out_;
  std::vector<std::uint8_t> pending_;  // the row waiting for its repeat count
  std::uint32_t pending_count_ = 0;
  std::uint32_t rows_left_ = 0;
  std::size_t unit_ = 1;
  std::uint8_t fill_ = 0xFF;
  bool sync_written_ = false;
  pipeline::Status error_;
};

}  // namespace mfp::codecs
