#include "engine_hw/sim/detail/page_reader.h"

#include <new>
#include <string>

#include "codecs/plane_codec.h"
#include "pipeline/buffer_pool.h"

namespace mfp::engine_hw::sim::detail {

using pipeline::BandEncoding;
using pipeline::make_error;
using pipeline::PixelFormat;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

bool is_engine_format(PixelFormat f) noexcept {
  return f == PixelFormat::cmyk1_planar || f == PixelFormat::cmyk2_planar || f == PixelFormat::k1 ||
         f == PixelFormat::k2;
}

std::string band_name(std::size_t i) {
  return "band " + std::to_string(i) + ": ";
}

// Band `i`'s shape, order, owner and data against the page; advances `next_row` past it.
Status check_band(const pipeline::EnginePage& page, std::size_t i, unsigned planes,
                  std::size_t row_bytes, std::uint64_t& next_row) {
  const pipeline::PageGeometry& g = *page.page;
  const pipeline::Band& b = page.bands[i];
  if (b.index != i) {
    return make_error(StatusCode::invalid_argument,
                      band_name(i) + "index " + std::to_string(b.index) + " out of order");
  }
  if (b.format != page.format) {
    return make_error(StatusCode::invalid_argument,
                      band_name(i) + "format " + std::string(pipeline::to_string(b.format)) +
                          " differs from the page's " +
                          std::string(pipeline::to_string(page.format)));
  }
  if (!b.page || b.page->width != g.width || b.page->height != g.height) {
    return make_error(StatusCode::invalid_argument,
                      band_name(i) + "belongs to a page of another size");
  }
  if (!(b.owner == page.owner)) {
    return make_error(StatusCode::permission_denied,
                      band_name(i) + "belongs to another job or owner");
  }
  if (b.rows == 0) return make_error(StatusCode::invalid_argument, band_name(i) + "has 0 rows");
  if (b.first_row != next_row) {
    return make_error(StatusCode::invalid_argument, band_name(i) + "starts at row " +
                                                        std::to_string(b.first_row) +
                                                        ", expected " + std::to_string(next_row));
  }
  next_row += b.rows;
  if (next_row > g.height) {
    return make_error(StatusCode::invalid_argument,
                      band_name(i) + "ends at row " + std::to_string(next_row) +
                          ", past the page height " + std::to_string(g.height));
  }
  if (b.stride < row_bytes || b.stride > row_bytes + kMaxStridePadding) {
    return make_error(StatusCode::invalid_argument,
                      band_name(i) + "stride " + std::to_string(b.stride) +
                          " does not fit rows of " + std::to_string(row_bytes) + " bytes");
  }
  const std::size_t need = b.raw_bytes();
  if (b.encoding == BandEncoding::raw) {
    if (b.data.size() < need) {
      return make_error(StatusCode::truncated,
                        band_name(i) + "holds " + std::to_string(b.data.size()) +
                            " bytes, its shape needs " + std::to_string(need));
    }
    return Status::ok();
  }
  auto shape = codecs::plane_peek(b.data.span());
  if (!shape.is_ok()) {
    const Status& s = shape.status();
    return make_error(s.code(), band_name(i) + "compressed stream: " + s.message());
  }
  if (shape->rows != b.rows || shape->stride != b.stride || shape->planes != planes) {
    return make_error(StatusCode::malformed_data,
                      band_name(i) + "compressed stream declares " + std::to_string(shape->planes) +
                          " planes x " + std::to_string(shape->rows) + " rows x " +
                          std::to_string(shape->stride) + " bytes, the band is " +
                          std::to_string(planes) + " x " + std::to_string(b.rows) + " x " +
                          std::to_string(b.stride));
  }
  return Status::ok();
}

}  // namespace

pipeline::Result<PageReader> PageReader::open(const pipeline::EnginePage& page) noexcept {
  try {
    if (!page.page) return make_error(StatusCode::invalid_argument, "page has no geometry");
    const pipeline::PageGeometry& g = *page.page;
    if (!is_engine_format(page.format)) {
      return make_error(StatusCode::unsupported,
                        "page format " + std::string(pipeline::to_string(page.format)) +
                            " is not an engine format (cmyk1_planar, cmyk2_planar, k1, k2)");
    }
    if (g.width == 0 || g.height == 0) {
      return make_error(StatusCode::invalid_argument, "page size " + std::to_string(g.width) + "x" +
                                                          std::to_string(g.height) + " is empty");
    }
    if (g.width > kMaxPageSide || g.height > kMaxPageSide) {
      return make_error(StatusCode::limit_exceeded,
                        "page size " + std::to_string(g.width) + "x" + std::to_string(g.height) +
                            " exceeds the engine's " + std::to_string(kMaxPageSide) + " pixels");
    }
    if (g.x_dpi == 0 || g.y_dpi == 0) {
      return make_error(StatusCode::invalid_argument, "page resolution is 0 dpi");
    }
    if (page.bands.empty()) return make_error(StatusCode::invalid_argument, "page has no bands");

    PageReader reader(page);
    reader.planes_ = pipeline::planes_of(page.format);
    reader.row_bytes_ = pipeline::row_bytes(page.format, g.width);

    std::uint64_t next_row = 0;
    for (std::size_t i = 0; i < page.bands.size(); ++i) {
      MFP_RETURN_IF_ERROR(check_band(page, i, reader.planes_, reader.row_bytes_, next_row));
    }
    if (next_row != g.height) {
      return make_error(StatusCode::invalid_argument, "bands cover " + std::to_string(next_row) +
                                                          " of the page's " +
                                                          std::to_string(g.height) + " rows");
    }
    return reader;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "engine page check: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "engine page check: unexpected exception");
  }
}

Status PageReader::for_each_block(
    const std::function<Status(const PlaneBlock&)>& visit) const noexcept {
  try {
    const auto& bands = page_->bands;
    // Scratch for decoded bands; the pool zeroes it when the buffer is released.
    pipeline::BufferPool pool(0, 0);
    pipeline::Buffer scratch;
    auto decode = [&](std::size_t i, std::uint8_t* into) -> Status {
      const pipeline::Band& b = bands[i];
      Status s = codecs::plane_decode(b.data.span(), {into, b.raw_bytes()});
      if (!s.is_ok()) {
        return make_error(s.code(), band_name(i) + "compressed stream: " + s.message());
      }
      return Status::ok();
    };
    auto block_of = [&](unsigned p, std::size_t i, const std::uint8_t* base) {
      const pipeline::Band& b = bands[i];
      PlaneBlock block;
      block.plane = p;
      block.first_row = b.first_row;
      block.rows = b.rows;
      block.data = base + static_cast<std::size_t>(p) * b.rows * b.stride;
      block.stride = b.stride;
      block.row_bytes = row_bytes_;
      return block;
    };

    std::size_t compressed_bytes = 0;
    for (const pipeline::Band& b : bands) {
      if (b.encoding != BandEncoding::raw) compressed_bytes += b.raw_bytes();
    }

    if (compressed_bytes <= kDecodeBudget) {
      // Every compressed band decoded once into one page buffer, then visited plane by plane.
      std::vector<const std::uint8_t*> bases(bands.size(), nullptr);
      if (compressed_bytes > 0) {
        auto buf = pool.acquire(compressed_bytes);
        if (!buf.is_ok()) return buf.status();
        scratch = std::move(buf).value();
      }
      std::size_t offset = 0;
      for (std::size_t i = 0; i < bands.size(); ++i) {
        if (bands[i].encoding == BandEncoding::raw) {
          bases[i] = bands[i].data.data();
        } else {
          MFP_RETURN_IF_ERROR(decode(i, scratch.data() + offset));
          bases[i] = scratch.data() + offset;
          offset += bands[i].raw_bytes();
        }
      }
      for (unsigned p = 0; p < planes_; ++p) {
        for (std::size_t i = 0; i < bands.size(); ++i) {
          MFP_RETURN_IF_ERROR(visit(block_of(p, i, bases[i])));
        }
      }
      return Status::ok();
    }

    // Too large to hold decoded: one band at a time, so each is decoded once per plane.
    std::size_t decoded = bands.size();  // index of the band held in scratch; none yet
    for (unsigned p = 0; p < planes_; ++p) {
      for (std::size_t i = 0; i < bands.size(); ++i) {
        const pipeline::Band& b = bands[i];
        const std::uint8_t* base = b.data.data();
        if (b.encoding != BandEncoding::raw) {
          if (decoded != i) {
            const std::size_t need = b.raw_bytes();
            if (scratch.capacity() < need) {
              scratch.reset();
              auto buf = pool.acquire(need);
              if (!buf.is_ok()) return buf.status();
              scratch = std::move(buf).value();
            }
            decoded = bands.size();
            MFP_RETURN_IF_ERROR(decode(i, scratch.data()));
            decoded = i;
          }
          base = scratch.data();
        }
        MFP_RETURN_IF_ERROR(visit(block_of(p, i, base)));
      }
    }
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "engine page read: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "engine page read: unexpected exception");
  }
}

}  // namespace mfp::engine_hw::sim::detail
