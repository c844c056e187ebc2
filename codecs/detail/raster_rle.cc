#include "codecs/detail/raster_rle.h"

#include <cstring>
#include <new>

namespace mfp::codecs::detail {

using pipeline::make_error;

Status RleRowDecoder::start_page(const RleGeometry& g) {
  g_ = g;
  rows_left_ = g.height;
  repeat_left_ = 0;
  try {
    row_.assign(g.bytes_per_line, 0);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "raster row buffer: out of memory");
  }
  return Status::ok();
}

Status RleRowDecoder::decode_line(BufferedInput& in, const std::string& what) {
  std::uint8_t repeat = 0;
  if (!in.next(repeat)) {
    return in.failure(what + ": line-repeat byte");
  }
  const std::uint32_t copies = std::uint32_t{repeat} + 1;
  if (copies > rows_left_) {
    return make_error(StatusCode::malformed_data, what + ": line repeat " + std::to_string(copies) +
                                                      " exceeds the " + std::to_string(rows_left_) +
                                                      " rows left");
  }
  const std::size_t bpl = g_.bytes_per_line;
  const std::size_t unit = g_.unit;
  std::uint8_t* row = row_.data();
  std::size_t pos = 0;
  while (pos < bpl) {
    std::uint8_t code = 0;
    if (!in.next(code)) {
      return in.failure(what + ": run code");
    }
    if (code == 128) {
      std::memset(row + pos, g_.fill, bpl - pos);
      pos = bpl;
    } else if (code < 128) {
      const std::size_t n = (std::size_t{code} + 1) * unit;
      if (n > bpl - pos) {
        return make_error(StatusCode::malformed_data,
                          what + ": pixel run of " + std::to_string(n / unit) +
                              " overflows the row at byte " + std::to_string(pos));
      }
      if (!in.read(row + pos, unit)) {
        return in.failure(what + ": run pixel");
      }
      if (unit == 1) {
        std::memset(row + pos + 1, row[pos], n - 1);
      } else {
        for (std::size_t k = unit; k < n; k += unit) {
          std::memcpy(row + pos + k, row + pos, unit);
        }
      }
      pos += n;
    } else {
      const std::size_t n = (257 - std::size_t{code}) * unit;
      if (n > bpl - pos) {
        return make_error(StatusCode::malformed_data,
                          what + ": literal run of " + std::to_string(n / unit) +
                              " overflows the row at byte " + std::to_string(pos));
      }
      if (!in.read(row + pos, n)) {
        return in.failure(what + ": literal pixels");
      }
      pos += n;
    }
  }
  repeat_left_ = copies;
  return Status::ok();
}

Status RleRowDecoder::read_rows(BufferedInput& in, std::uint8_t* dst, std::size_t stride,
                                std::uint32_t rows, const std::string& what) {
  if (rows == 0) {
    return Status::ok();
  }
  if (rows > rows_left_) {
    return make_error(StatusCode::invalid_argument, what + ": asked for " + std::to_string(rows) +
                                                        " rows, " + std::to_string(rows_left_) +
                                                        " left");
  }
  if (dst == nullptr || stride < g_.bytes_per_line) {
    return make_error(StatusCode::invalid_argument,
                      what + ": destination stride " + std::to_string(stride) +
                          " is smaller than bytes per line " + std::to_string(g_.bytes_per_line));
  }
  for (std::uint32_t r = 0; r < rows; ++r) {
    if (repeat_left_ == 0) {
      MFP_RETURN_IF_ERROR(decode_line(in, what));
    }
    std::memcpy(dst + r * stride, row_.data(), g_.bytes_per_line);
    --repeat_left_;
    --rows_left_;
  }
  return Status::ok();
}

Status RleRowDecoder::skip_rest(BufferedInput& in, const std::string& what) {
  while (rows_left_ > 0) {
    if (repeat_left_ == 0) {
      MFP_RETURN_IF_ERROR(decode_line(in, what));
    }
    const std::uint32_t n = repeat_left_;
    repeat_left_ = 0;
    rows_left_ -= n;
  }
  return Status::ok();
}

namespace {

inline bool same_pixel(const std::uint8_t* a, const std::uint8_t* b, std::size_t unit) {
  return unit == 1 ? *a == *b : std::memcmp(a, b, unit) == 0;
}

}  // namespace

void rle_encode_line(const std::uint8_t* row, std::size_t bytes_per_line, std::size_t unit,
                     std::uint8_t fill, std::vector<std::uint8_t>& out) {
  const std::size_t npix = bytes_per_line / unit;
  // Trailing pixels that are all `fill` become one 128 code.
  std::size_t tail = bytes_per_line;
  while (tail > 0 && row[tail - 1] == fill) {
    --tail;
  }
  std::size_t end_pix = (tail + unit - 1) / unit;  // pixels before the all-fill tail
  std::size_t i = 0;
  while (i < end_pix) {
    const std::uint8_t* p = row + i * unit;
    std::size_t run = 1;
    while (i + run < end_pix && run < 128 && same_pixel(p, p + run * unit, unit)) {
      ++run;
    }
    if (run >= 2 || i + 1 == end_pix) {
      out.push_back(static_cast<std::uint8_t>(run - 1));
      out.insert(out.end(), p, p + unit);
      i += run;
      continue;
    }
    // Literal: extend while the next pixel does not start a run of two.
    std::size_t lit = 1;
    while (i + lit < end_pix && lit < 128) {
      const std::uint8_t* q = row + (i + lit) * unit;
      if (i + lit + 1 < end_pix && same_pixel(q, q + unit, unit)) {
        break;
      }
      ++lit;
    }
    if (lit == 1) {
      out.push_back(0);
    } else {
      out.push_back(static_cast<std::uint8_t>(257 - lit));
    }
    out.insert(out.end(), p, p + lit * unit);
    i += lit;
  }
  if (end_pix < npix) {
    out.push_back(128);
  }
}

}  // namespace mfp::codecs::detail
