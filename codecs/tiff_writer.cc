#include "codecs/tiff_writer.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "codecs/detail/tiff_io.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

namespace {
std::string num(std::uint64_t v) {
  return std::to_string(v);
}
constexpr std::uint32_t kMaxDimension = 1u << 20;
}  // namespace

struct TiffWriter::Impl {
  detail::TiffMemoryWriteFile file;
  detail::TiffMessages msgs;
  detail::TiffHandle tif;  // after file and msgs: closed first
  TiffPageSpec spec;
  std::size_t row_bytes = 0;
  std::uint32_t bits_per_pixel = 8;
  std::uint32_t rows_left = 0;
  std::uint32_t row_index = 0;
  std::uint32_t pages = 0;
  std::vector<std::uint8_t> row;   // scratch row (libtiff may modify what it is given)
  std::vector<std::uint8_t> band;  // tile_height rows, for tiled pages
  std::vector<std::uint8_t> tile;
  Status error;

  Status fail(Status s) {
    if (error.is_ok()) {
      error = s;
    }
    return s;
  }
  Status libtiff_error(const std::string& what) const {
    if (file.failed) {
      return make_error(StatusCode::resource_exhausted, what + ": out of memory");
    }
    std::string m = what;
    if (msgs.errors > 0) {
      m += ": ";
      m += msgs.first_error;
    }
    return make_error(StatusCode::internal, m);
  }
  Status write_tile_row(std::uint32_t y0, std::uint32_t rows);
};

TiffWriter::TiffWriter(ByteSink& sink) noexcept : sink_(&sink) {}
TiffWriter::TiffWriter(TiffWriter&&) noexcept = default;
TiffWriter& TiffWriter::operator=(TiffWriter&&) noexcept = default;
TiffWriter::~TiffWriter() = default;

namespace {

bool is_tiled(const TiffPageSpec& spec) {
  return spec.tile_width != 0 || spec.tile_height != 0;
}

// The page's size, compression and tiling, as begin_page() accepts them.
Status check_spec(const TiffPageSpec& spec) {
  if (spec.width == 0 || spec.height == 0 || spec.width > kMaxDimension ||
      spec.height > kMaxDimension) {
    return make_error(StatusCode::invalid_argument,
                      "TIFF writer: page size " + num(spec.width) + "x" + num(spec.height));
  }
  const bool bilevel = spec.format == TiffInputFormat::bilevel;
  const bool ccitt = spec.compression == TiffCompression::ccitt_g3 ||
                     spec.compression == TiffCompression::ccitt_g4;
  if (ccitt && !bilevel) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: CCITT needs bilevel data");
  }
  if (spec.compression == TiffCompression::jpeg && bilevel) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: JPEG cannot hold bilevel data");
  }
  if (is_tiled(spec) && (spec.tile_width == 0 || spec.tile_height == 0 ||
                         spec.tile_width % 16 != 0 || spec.tile_height % 16 != 0 ||
                         spec.tile_width > kMaxDimension || spec.tile_height > kMaxDimension)) {
    return make_error(StatusCode::invalid_argument,
                      "TIFF writer: tiles must be non-zero multiples of 16");
  }
  if (spec.jpeg_quality < 1 || spec.jpeg_quality > 100) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: JPEG quality");
  }
  return Status::ok();
}

// The TIFF tags a page spec becomes.
struct PageTags {
  std::uint16_t spp = 1;
  std::uint16_t bps = 8;
  std::uint16_t photometric = PHOTOMETRIC_MINISBLACK;
  std::uint16_t compression = COMPRESSION_NONE;
};

PageTags tags_of(const TiffPageSpec& spec) {
  PageTags tags;
  switch (spec.format) {
    case TiffInputFormat::bilevel:
      tags.bps = 1;
      tags.photometric = PHOTOMETRIC_MINISWHITE;
      break;
    case TiffInputFormat::gray8:
      break;
    case TiffInputFormat::rgb8:
      tags.spp = 3;
      tags.photometric =
          spec.compression == TiffCompression::jpeg ? PHOTOMETRIC_YCBCR : PHOTOMETRIC_RGB;
      break;
    case TiffInputFormat::cmyk8:
      tags.spp = 4;
      tags.photometric = PHOTOMETRIC_SEPARATED;
      break;
  }
  switch (spec.compression) {
    case TiffCompression::none:
      break;
    case TiffCompression::lzw:
      tags.compression = COMPRESSION_LZW;
      break;
    case TiffCompression::packbits:
      tags.compression = COMPRESSION_PACKBITS;
      break;
    case TiffCompression::deflate:
      tags.compression = COMPRESSION_ADOBE_DEFLATE;
      break;
    case TiffCompression::ccitt_g3:
      tags.compression = COMPRESSION_CCITTFAX3;
      break;
    case TiffCompression::ccitt_g4:
      tags.compression = COMPRESSION_CCITTFAX4;
      break;
    case TiffCompression::jpeg:
      tags.compression = COMPRESSION_JPEG;
      break;
  }
  return tags;
}

// Sets the page's tags on the directory being written; false when libtiff refuses one.
bool set_page_tags(TIFF* t, const TiffPageSpec& spec, const PageTags& tags, std::uint32_t page,
                   std::size_t row_bytes) {
  bool ok = true;
  ok &= TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE) == 1;
  ok &= TIFFSetField(t, TIFFTAG_PAGENUMBER, static_cast<std::uint16_t>(page),
                     static_cast<std::uint16_t>(0)) == 1;
  ok &= TIFFSetField(t, TIFFTAG_IMAGEWIDTH, spec.width) == 1;
  ok &= TIFFSetField(t, TIFFTAG_IMAGELENGTH, spec.height) == 1;
  ok &= TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, tags.bps) == 1;
  ok &= TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, tags.spp) == 1;
  ok &= TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) == 1;
  ok &= TIFFSetField(t, TIFFTAG_COMPRESSION, tags.compression) == 1;
  ok &= TIFFSetField(t, TIFFTAG_PHOTOMETRIC, tags.photometric) == 1;
  if (spec.format == TiffInputFormat::cmyk8) {
    ok &= TIFFSetField(t, TIFFTAG_INKSET, INKSET_CMYK) == 1;
  }
  if (spec.compression == TiffCompression::jpeg) {
    ok &= TIFFSetField(t, TIFFTAG_JPEGQUALITY, spec.jpeg_quality) == 1;
    if (tags.photometric == PHOTOMETRIC_YCBCR) {
      ok &= TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB) == 1;
    }
  }
  if (spec.compression == TiffCompression::ccitt_g3) {
    ok &= TIFFSetField(t, TIFFTAG_GROUP3OPTIONS, 0u) == 1;
  }
  if (spec.x_dpi > 0 && spec.y_dpi > 0) {
    ok &= TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH) == 1;
    ok &= TIFFSetField(t, TIFFTAG_XRESOLUTION, static_cast<float>(spec.x_dpi)) == 1;
    ok &= TIFFSetField(t, TIFFTAG_YRESOLUTION, static_cast<float>(spec.y_dpi)) == 1;
  }
  if (is_tiled(spec)) {
    ok &= TIFFSetField(t, TIFFTAG_TILEWIDTH, spec.tile_width) == 1;
    ok &= TIFFSetField(t, TIFFTAG_TILELENGTH, spec.tile_height) == 1;
  } else {
    std::uint32_t rps = spec.rows_per_strip;
    if (rps == 0) {
      rps = static_cast<std::uint32_t>(std::max<std::size_t>(1, 65536 / row_bytes));
    }
    if (spec.compression == TiffCompression::jpeg) {
      rps = (rps + 15) / 16 * 16;
    }
    rps = std::min(rps, spec.height);
    ok &= TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, rps) == 1;
  }
  return ok;
}

}  // namespace

Status TiffWriter::begin_page(const TiffPageSpec& spec) {
  if (impl_ && !impl_->error.is_ok()) {
    return impl_->error;
  }
  if (impl_ && impl_->rows_left != 0) {
    return make_error(StatusCode::invalid_argument,
                      "TIFF writer: previous page still needs " + num(impl_->rows_left) + " rows");
  }
  MFP_RETURN_IF_ERROR(check_spec(spec));
  const PageTags tags = tags_of(spec);
  if (!TIFFIsCODECConfigured(tags.compression)) {
    return make_error(StatusCode::unsupported,
                      "TIFF writer: compression " + num(tags.compression) + " not built in");
  }
  const std::uint32_t bits = std::uint32_t{tags.spp} * tags.bps;
  const std::size_t row_bytes = (std::size_t{spec.width} * bits + 7) / 8;
  try {
    if (!impl_) {
      auto im = std::make_unique<Impl>();
      im->tif = detail::open_tiff_write(&im->file, &im->msgs);
      if (!im->tif) {
        return im->libtiff_error("TIFF writer: open");
      }
      impl_ = std::move(im);
    }
    impl_->row.assign(row_bytes, 0);
    if (is_tiled(spec)) {
      impl_->band.assign(row_bytes * spec.tile_height, 0);
      impl_->tile.assign((std::size_t{spec.tile_width} * bits + 7) / 8 * spec.tile_height, 0);
    }
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "TIFF writer: out of memory");
  }
  Impl* im = impl_.get();
  im->msgs.clear();
  if (!set_page_tags(im->tif.get(), spec, tags, im->pages, row_bytes)) {
    return im->fail(im->libtiff_error("TIFF writer: page tags"));
  }
  im->spec = spec;
  im->row_bytes = row_bytes;
  im->bits_per_pixel = bits;
  im->rows_left = spec.height;
  im->row_index = 0;
  ++im->pages;
  return Status::ok();
}

Status TiffWriter::Impl::write_tile_row(std::uint32_t y0, std::uint32_t rows) {
  TIFF* t = tif.get();
  const std::size_t tile_row = tile.size() / spec.tile_height;
  const std::uint32_t bits = bits_per_pixel;
  for (std::uint32_t x0 = 0; x0 < spec.width; x0 += spec.tile_width) {
    std::fill(tile.begin(), tile.end(), 0);
    const std::uint32_t cols = std::min(spec.tile_width, spec.width - x0);
    const std::size_t off = std::size_t{x0} * bits / 8;
    const std::size_t len = (std::size_t{cols} * bits + 7) / 8;
    for (std::uint32_t r = 0; r < rows; ++r) {
      std::memcpy(tile.data() + r * tile_row, band.data() + r * row_bytes + off, len);
    }
    const std::uint32_t idx = TIFFComputeTile(t, x0, y0, 0, 0);
    if (TIFFWriteEncodedTile(t, idx, tile.data(), static_cast<tmsize_t>(tile.size())) < 0) {
      return libtiff_error("TIFF writer: tile " + num(idx));
    }
  }
  return Status::ok();
}

Status TiffWriter::write_rows(const std::uint8_t* src, std::size_t stride, std::uint32_t rows) {
  if (!impl_) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: no page begun");
  }
  Impl* im = impl_.get();
  if (!im->error.is_ok()) {
    return im->error;
  }
  if (rows == 0) {
    return Status::ok();
  }
  if (rows > im->rows_left) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: " + num(rows) + " rows given, " +
                                                        num(im->rows_left) + " left on the page");
  }
  if (src == nullptr || stride < im->row_bytes) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: stride below a row");
  }
  TIFF* t = im->tif.get();
  const bool tiled = im->spec.tile_width != 0;
  for (std::uint32_t r = 0; r < rows; ++r) {
    const std::uint8_t* row = src + std::size_t{r} * stride;
    const std::uint32_t y = im->row_index;
    if (tiled) {
      const std::uint32_t in_band = y % im->spec.tile_height;
      std::memcpy(im->band.data() + in_band * im->row_bytes, row, im->row_bytes);
      const bool band_full = in_band + 1 == im->spec.tile_height;
      const bool last = y + 1 == im->spec.height;
      if (band_full || last) {
        Status s = im->write_tile_row(y - in_band, in_band + 1);
        if (!s.is_ok()) {
          return im->fail(s);
        }
      }
    } else {
      std::memcpy(im->row.data(), row, im->row_bytes);
      if (TIFFWriteScanline(t, im->row.data(), y, 0) < 0) {
        return im->fail(im->libtiff_error("TIFF writer: row " + num(y)));
      }
    }
    ++im->row_index;
    --im->rows_left;
  }
  if (im->rows_left == 0 && !TIFFWriteDirectory(t)) {
    return im->fail(im->libtiff_error("TIFF writer: directory"));
  }
  return Status::ok();
}

Status TiffWriter::finish() {
  if (!impl_) {
    return make_error(StatusCode::invalid_argument, "TIFF writer: no pages");
  }
  Impl* im = impl_.get();
  if (!im->error.is_ok()) {
    return im->error;
  }
  if (im->rows_left != 0) {
    return make_error(StatusCode::invalid_argument,
                      "TIFF writer: last page still needs " + num(im->rows_left) + " rows");
  }
  im->msgs.clear();
  im->tif.reset();  // TIFFClose flushes into im->file
  if (im->file.failed || im->msgs.errors > 0) {
    return im->fail(im->libtiff_error("TIFF writer: close"));
  }
  Status s = sink_->write(im->file.bytes);
  if (!s.is_ok()) {
    return im->fail(s);
  }
  im->error = make_error(StatusCode::conflict, "TIFF writer: already finished");
  return Status::ok();
}

}  // namespace mfp::codecs
