#include "tests/support/documents.h"

#include <cstring>

#include "codecs/byte_io.h"
#include "codecs/jpeg_encoder.h"
#include "codecs/pwg_raster_writer.h"

namespace mfp::testing {

namespace {

std::vector<std::uint8_t> pattern(std::uint32_t w, std::uint32_t h, std::uint32_t page,
                                  std::uint32_t channels) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * channels);
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      std::uint8_t* p = px.data() + (static_cast<std::size_t>(y) * w + x) * channels;
      const bool black_box = x > w / 8 && x < w / 4 && y > h / 8 && y < h / 4;
      const bool color_box = x > w / 2 && x < 3 * w / 4 && y > h / 2 && y < 3 * h / 4;
      for (std::uint32_t c = 0; c < channels; ++c) {
        std::uint32_t v = (x * 255 / w + c * 60 + page * 37 + y * 128 / h) & 0xff;
        if (black_box) v = channels == 4 ? (c == 3 ? 255 : 0) : 0;
        if (color_box) v = channels == 4 ? (c == 1 ? 200 : 0) : (c == 0 ? 230 : 40);
        p[c] = static_cast<std::uint8_t>(v);
      }
    }
  }
  return px;
}

}  // namespace

std::vector<std::uint8_t> make_pwg(std::uint32_t pages, std::uint32_t width, std::uint32_t height,
                                   std::uint32_t dpi, codecs::PwgRasterType type) {
  std::vector<std::uint8_t> out;
  codecs::VectorSink sink(out);
  codecs::PwgRasterWriter writer(sink);
  auto header = codecs::PwgPageHeader::for_type(type, width, height, dpi, dpi);
  const std::uint32_t channels = header.num_colors;
  for (std::uint32_t p = 0; p < pages; ++p) {
    if (!writer.begin_page(header).is_ok()) return {};
    std::vector<std::uint8_t> px = pattern(width, height, p, channels);
    if (header.bits_per_color == 8) {
      if (!writer.write_rows(px.data(), static_cast<std::size_t>(width) * channels, height)
               .is_ok()) {
        return {};
      }
    } else {
      // 16-bit or 1-bit types: convert the 8-bit pattern row by row.
      std::vector<std::uint8_t> row(header.bytes_per_line);
      for (std::uint32_t y = 0; y < height; ++y) {
        std::fill(row.begin(), row.end(), 0);
        const std::uint8_t* src = px.data() + static_cast<std::size_t>(y) * width * channels;
        for (std::uint32_t i = 0; i < width * channels; ++i) {
          if (header.bits_per_color == 16) {
            row[2 * i] = src[i];
            row[2 * i + 1] = src[i];
          } else if (src[i] < 128) {
            row[i >> 3] |= static_cast<std::uint8_t>(0x80u >> (i & 7));
          }
        }
        if (!writer.write_rows(row.data(), row.size(), 1).is_ok()) return {};
      }
    }
  }
  if (!writer.finish().is_ok()) return {};
  return out;
}

std::vector<std::uint8_t> make_jpeg(std::uint32_t width, std::uint32_t height, std::uint32_t dpi) {
  std::vector<std::uint8_t> out;
  codecs::VectorSink sink(out);
  auto px = pattern(width, height, 0, 3);
  if (!codecs::jpeg_encode(px.data(), width, height, static_cast<std::size_t>(width) * 3, 3, 92,
                           dpi, sink)
           .is_ok()) {
    return {};
  }
  return out;
}

namespace {
class VectorStream final : public pipeline::DocumentStream {
 public:
  explicit VectorStream(std::vector<std::uint8_t> b) : bytes_(std::move(b)) {}
  pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override {
    const std::size_t n = std::min(out.size(), bytes_.size() - pos_);
    if (n) std::memcpy(out.data(), bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};
}  // namespace

std::unique_ptr<pipeline::DocumentStream> memory_stream(std::vector<std::uint8_t> bytes) {
  return std::make_unique<VectorStream>(std::move(bytes));
}

stages::PrintDocument document(const std::string& format, std::vector<std::uint8_t> bytes) {
  return {format, memory_stream(std::move(bytes))};
}

}  // namespace mfp::testing
