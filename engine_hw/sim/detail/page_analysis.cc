#include "engine_hw/sim/detail/page_analysis.h"

#include <array>
#include <cstring>
#include <new>
#include <vector>

#include "engine_hw/sim/detail/page_reader.h"
#include "engine_hw/sim/detail/sha256.h"

namespace mfp::engine_hw::sim::detail {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// Population count without relying on a POPCNT instruction (the build targets baseline
// x86-64, where std::popcount becomes a library call).
constexpr unsigned popcount64(std::uint64_t w) noexcept {
  w = w - ((w >> 1) & 0x5555555555555555ull);
  w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
  w = (w + (w >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<unsigned>((w * 0x0101010101010101ull) >> 56);
}

// Ink units in up to 8 bytes of a row: 3 per 1-bit dot, the level (0..3) per 2-bit dot.
constexpr std::uint64_t word_ink(std::uint64_t w, bool two_bit) noexcept {
  if (!two_bit) return 3u * popcount64(w);
  return popcount64(w & 0x5555555555555555ull) + 2u * popcount64(w & 0xAAAAAAAAAAAAAAAAull);
}

// word_ink of one byte, by table: [two_bit][byte].
constexpr std::array<std::array<std::uint8_t, 256>, 2> make_byte_ink() noexcept {
  std::array<std::array<std::uint8_t, 256>, 2> t{};
  for (unsigned v = 0; v < 256; ++v) {
    t[0][v] = static_cast<std::uint8_t>(word_ink(v, false));
    t[1][v] = static_cast<std::uint8_t>(word_ink(v, true));
  }
  return t;
}
constexpr auto kByteInk = make_byte_ink();

// Accumulates dot coverage of one plane into preview cells, one preview row at a time, and
// keeps each plane's finished coverage (0..255 per cell) until the image is composed.
class PreviewBuilder {
 public:
  PreviewBuilder(std::uint32_t width, std::uint32_t height, std::uint32_t x_dpi,
                 std::uint32_t y_dpi, unsigned planes, unsigned bits)
      : width_(width),
        height_(height),
        fx_(std::min(PreviewImage::scale_for(x_dpi), width)),
        fy_(std::min(PreviewImage::scale_for(y_dpi), height)),
        pw_((width + fx_ - 1) / fx_),
        ph_((height + fy_ - 1) / fy_),
        planes_(planes),
        pixels_per_byte_(8 / bits),
        two_bit_(bits == 2),
        bytes_per_cell_(fx_ % pixels_per_byte_ == 0 ? fx_ / pixels_per_byte_ : 0),
        acc_(pw_, 0),
        coverage_(static_cast<std::size_t>(planes) * pw_ * ph_, 0) {}

  ~PreviewBuilder() { explicit_bzero(coverage_.data(), coverage_.size()); }

  // Adds row `y` of plane `p` (`n` bytes; the last one is masked with `tail_mask`).
  void add_row(unsigned p, std::uint32_t y, const std::uint8_t* row, std::size_t n,
               std::uint8_t tail_mask) noexcept {
    // Locals, so the compiler need not reload members after each store into the sums.
    std::uint64_t* acc = acc_.data();
    const bool two_bit = two_bit_;
    const std::uint8_t* ink = kByteInk[two_bit ? 1 : 0].data();
    if (n == 0) return;
    if (bytes_per_cell_ == 1) {
      for (std::size_t i = 0; i + 1 < n; ++i) acc[i] += ink[row[i]];
      acc[n - 1] += ink[row[n - 1] & tail_mask];
    } else if (bytes_per_cell_ != 0) {
      const std::uint32_t per_cell = bytes_per_cell_;
      std::size_t i = 0;
      for (std::size_t cell = 0; i < n; ++cell) {
        std::uint64_t sum = 0;
        const std::size_t end = std::min(n, i + per_cell);
        for (; i < end; ++i) {
          sum += ink[i + 1 == n ? row[i] & tail_mask : row[i]];
        }
        acc[cell] += sum;
      }
    } else {
      const std::uint32_t fx = fx_;
      const std::uint32_t width = width_;
      const unsigned ppb = pixels_per_byte_;
      std::size_t cell = 0;
      std::uint32_t left = fx;
      std::uint32_t x = 0;
      for (std::size_t i = 0; i < n && x < width; ++i) {
        const std::uint8_t v = row[i];
        for (unsigned k = 0; k < ppb && x < width; ++k, ++x) {
          acc[cell] += two_bit ? (v >> (6 - 2 * k)) & 3u : ((v >> (7 - k)) & 1u) * 3u;
          if (--left == 0) {
            ++cell;
            left = fx;
          }
        }
      }
    }
    end_row(p, y);
  }

  // Composes RGB: R = (1-C)(1-K), G = (1-M)(1-K), B = (1-Y)(1-K); gray = 1-K for one plane.
  pipeline::Result<PreviewImage> finish() const noexcept {
    MFP_ASSIGN_OR_RETURN(PreviewImage img, PreviewImage::create(pw_, ph_));
    std::uint8_t* rgb = img.pixels().data();
    const std::size_t n = static_cast<std::size_t>(pw_) * ph_;
    auto plane = [&](unsigned p) { return coverage_.data() + p * n; };
    for (std::size_t i = 0; i < n; ++i) {
      if (planes_ == 1) {
        const auto g = static_cast<std::uint8_t>(255 - plane(0)[i]);
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g;
      } else {
        const unsigned k = 255u - plane(3)[i];
        for (unsigned c = 0; c < 3; ++c) {
          rgb[3 * i + c] = static_cast<std::uint8_t>(((255u - plane(c)[i]) * k + 127) / 255);
        }
      }
    }
    return img;
  }

 private:
  // Row `y` of plane `p` is complete: at the end of a cell row, turns sums into coverage.
  void end_row(unsigned p, std::uint32_t y) noexcept {
    if ((y + 1) % fy_ != 0 && y + 1 != height_) return;
    const std::uint32_t py = y / fy_;
    const std::uint64_t ch = std::min<std::uint64_t>(fy_, height_ - std::uint64_t{py} * fy_);
    std::uint8_t* out = coverage_.data() + (static_cast<std::size_t>(p) * ph_ + py) * pw_;
    for (std::uint32_t px = 0; px < pw_; ++px) {
      const std::uint64_t cw = std::min<std::uint64_t>(fx_, width_ - std::uint64_t{px} * fx_);
      const std::uint64_t full = 3 * cw * ch;
      out[px] = static_cast<std::uint8_t>((acc_[px] * 255 + full / 2) / full);
      acc_[px] = 0;
    }
  }

  std::uint32_t width_, height_, fx_, fy_, pw_, ph_;
  unsigned planes_, pixels_per_byte_;
  bool two_bit_;
  std::uint32_t bytes_per_cell_;  // whole bytes per preview cell, 0 when cells split bytes
  std::vector<std::uint64_t> acc_;
  std::vector<std::uint8_t> coverage_;
};

}  // namespace

pipeline::Result<PageAnalysis> analyze_page(const pipeline::EnginePage& page,
                                            bool with_preview) noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(PageReader reader, PageReader::open(page));
    MFP_ASSIGN_OR_RETURN(Sha256 sha, Sha256::create());
    const pipeline::PageGeometry& g = reader.geometry();
    const unsigned bits = pipeline::bits_per_pixel_of(reader.format());
    const bool two_bit = bits == 2;
    const unsigned planes = reader.planes();
    const std::size_t row_bytes = reader.row_bytes();
    const unsigned tail_bits = static_cast<unsigned>((std::uint64_t{g.width} * bits) % 8);
    const std::uint8_t tail_mask =
        tail_bits == 0 ? std::uint8_t{0xFF} : static_cast<std::uint8_t>(0xFF << (8 - tail_bits));

    std::unique_ptr<PreviewBuilder> preview;
    if (with_preview) {
      preview = std::make_unique<PreviewBuilder>(g.width, g.height, g.x_dpi, g.y_dpi, planes, bits);
    }

    PageAnalysis out;
    out.full_ink = 3 * g.pixels();
    MFP_RETURN_IF_ERROR(reader.for_each_block([&](const PlaneBlock& b) -> Status {
      if (b.stride == b.row_bytes) {
        MFP_RETURN_IF_ERROR(sha.update({b.data, b.row_bytes * b.rows}));
      } else {
        for (std::uint32_t r = 0; r < b.rows; ++r) {
          MFP_RETURN_IF_ERROR(sha.update({b.data + r * b.stride, b.row_bytes}));
        }
      }
      const unsigned colorant = planes == 1 ? static_cast<unsigned>(Colorant::black) : b.plane;
      std::uint64_t ink = 0;
      const std::size_t body = row_bytes - 1;  // the last byte is masked to the page width
      for (std::uint32_t r = 0; r < b.rows; ++r) {
        const std::uint8_t* row = b.data + r * b.stride;
        std::size_t i = 0;
        for (; i + 8 <= body; i += 8) {
          std::uint64_t w;
          std::memcpy(&w, row + i, 8);
          if (w != 0) ink += word_ink(w, two_bit);
        }
        for (; i <= body; ++i) {
          const std::uint8_t v = i == body ? row[i] & tail_mask : row[i];
          ink += word_ink(v, two_bit);
        }
        if (preview) preview->add_row(b.plane, b.first_row + r, row, row_bytes, tail_mask);
      }
      out.ink[colorant] += ink;
      return Status::ok();
    }));
    MFP_ASSIGN_OR_RETURN(out.sha256, sha.finish_hex());
    out.color = out.ink[0] + out.ink[1] + out.ink[2] > 0;
    if (preview) {
      MFP_ASSIGN_OR_RETURN(PreviewImage img, preview->finish());
      out.preview = std::make_unique<PreviewImage>(std::move(img));
    }
    return out;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "engine page analysis: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "engine page analysis: unexpected exception");
  }
}

}  // namespace mfp::engine_hw::sim::detail
