#include "codecs/tiff_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "codecs/detail/tiff_io.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {
std::string num(std::uint64_t v) {
  return std::to_string(v);
}
}  // namespace

struct TiffReader::Impl {
  detail::TiffMemoryReadFile file;
  detail::TiffMessages msgs;
  detail::TiffHandle tif;  // after file and msgs: closed first
  ImageLimits limits;
  TiffPageInfo info;
  std::uint32_t pages = 0;
  bool done = false;  // past the last page
  // Decoding state of the current page.
  std::uint64_t raw_line = 0;       // bytes of one decoded file row
  std::uint32_t band_rows = 0;      // rows per strip, or tile height
  std::uint32_t band_loaded = ~0u;  // index of the band in `band`
  std::uint32_t next_row = 0;
  std::uint32_t tile_width = 0;
  std::vector<std::uint8_t> band;  // band_rows decoded file rows
  std::vector<std::uint8_t> tile;  // one decoded tile
  std::array<std::array<std::uint8_t, 256>, 3> palette{};
  Status error;

  Status fail(Status s) {
    if (error.is_ok()) {
      error = s;
    }
    return s;
  }
  Status libtiff_error(StatusCode code, const std::string& what) const {
    std::string m = what;
    if (msgs.errors > 0) {
      m += ": ";
      m += msgs.first_error;
    }
    return make_error(code, m);
  }
  Status setup_page();
  // setup_page()'s steps, each filling `in` from the current directory; `p` prefixes messages.
  Status read_size(TiffPageInfo& in, const std::string& p) const;
  Status read_color(TiffPageInfo& in, std::uint16_t planar, std::uint16_t fmt,
                    const std::string& p);
  Status read_palette(std::uint16_t bps, const std::string& p);
  void read_resolution(TiffPageInfo& in) const;
  Status setup_bands(const TiffPageInfo& in, const std::string& p);
  Status load_band(std::uint32_t band_index);
  Status check_strile(std::uint32_t index, const std::string& what);
  void convert_row(const std::uint8_t* src, std::uint8_t* dst) const;
};

TiffReader::TiffReader(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
TiffReader::TiffReader(TiffReader&&) noexcept = default;
TiffReader& TiffReader::operator=(TiffReader&&) noexcept = default;
TiffReader::~TiffReader() = default;

const TiffPageInfo& TiffReader::page() const noexcept {
  return impl_->info;
}
std::uint32_t TiffReader::rows_remaining() const noexcept {
  return impl_->pages == 0 || impl_->done ? 0 : impl_->info.height - impl_->next_row;
}

Result<TiffReader> TiffReader::open(std::span<const std::uint8_t> file, const ImageLimits& limits) {
  std::unique_ptr<Impl> im;
  try {
    im = std::make_unique<Impl>();
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "TIFF: out of memory");
  }
  if (file.size() < 8) {
    return make_error(StatusCode::truncated,
                      "TIFF header: " + num(file.size()) + " bytes, at least 8 needed");
  }
  const bool le = file[0] == 'I' && file[1] == 'I';
  const bool be = file[0] == 'M' && file[1] == 'M';
  if (!le && !be) {
    return make_error(StatusCode::malformed_data, "TIFF header: bad byte order");
  }
  im->limits = limits;
  im->file.data = file.data();
  im->file.size = file.size();
  // Any single libtiff allocation stays below the page budget plus slack for tables.
  im->tif = detail::open_tiff_read(&im->file, &im->msgs, limits.max_page_bytes + (64u << 20));
  if (!im->tif) {
    return im->libtiff_error(StatusCode::malformed_data, "TIFF open");
  }
  return TiffReader(std::move(im));
}

Status TiffReader::Impl::check_strile(std::uint32_t index, const std::string& what) {
  int err = 0;
  const std::uint64_t off = TIFFGetStrileOffsetWithErr(tif.get(), index, &err);
  if (err) {
    return libtiff_error(StatusCode::malformed_data, what + ": offset unreadable");
  }
  const std::uint64_t count = TIFFGetStrileByteCountWithErr(tif.get(), index, &err);
  if (err) {
    return libtiff_error(StatusCode::malformed_data, what + ": byte count unreadable");
  }
  if (count == 0) {
    return Status::ok();  // libtiff reports missing data itself
  }
  if (off >= file.size) {
    return make_error(
        StatusCode::malformed_data,
        what + ": offset " + num(off) + " is beyond the file of " + num(file.size) + " bytes");
  }
  if (count > file.size - off) {
    return make_error(StatusCode::truncated, what + ": " + num(count) + " bytes at offset " +
                                                 num(off) + " run past the end of the file");
  }
  return Status::ok();
}

Status TiffReader::Impl::read_size(TiffPageInfo& in, const std::string& p) const {
  TIFF* t = tif.get();
  std::uint32_t w = 0, h = 0;
  if (!TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h)) {
    return make_error(StatusCode::malformed_data, p + "ImageWidth/ImageLength missing");
  }
  if (w == 0) {
    return make_error(StatusCode::malformed_data, p + "ImageWidth 0");
  }
  if (h == 0) {
    return make_error(StatusCode::malformed_data, p + "ImageLength 0");
  }
  if (w > limits.max_width) {
    return make_error(StatusCode::limit_exceeded,
                      p + "ImageWidth " + num(w) + " exceeds " + num(limits.max_width));
  }
  if (h > limits.max_height) {
    return make_error(StatusCode::limit_exceeded,
                      p + "ImageLength " + num(h) + " exceeds " + num(limits.max_height));
  }
  if (std::uint64_t{w} * h > limits.max_pixels) {
    return make_error(StatusCode::limit_exceeded,
                      p + num(std::uint64_t{w} * h) + " pixels exceed " + num(limits.max_pixels));
  }
  in.width = w;
  in.height = h;
  return Status::ok();
}

Status TiffReader::Impl::read_palette(std::uint16_t bps, const std::string& p) {
  std::uint16_t *r = nullptr, *g = nullptr, *b = nullptr;
  if (!TIFFGetField(tif.get(), TIFFTAG_COLORMAP, &r, &g, &b) || !r || !g || !b) {
    return make_error(StatusCode::malformed_data, p + "palette image without ColorMap");
  }
  const std::size_t n = std::size_t{1} << bps;
  bool eight_bit = true;  // some writers store 8-bit values in the 16-bit map
  for (std::size_t i = 0; i < n; ++i) {
    if (r[i] > 255 || g[i] > 255 || b[i] > 255) {
      eight_bit = false;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    palette[0][i] = static_cast<std::uint8_t>(eight_bit ? r[i] : r[i] >> 8);
    palette[1][i] = static_cast<std::uint8_t>(eight_bit ? g[i] : g[i] >> 8);
    palette[2][i] = static_cast<std::uint8_t>(eight_bit ? b[i] : b[i] >> 8);
  }
  return Status::ok();
}

Status TiffReader::Impl::read_color(TiffPageInfo& in, std::uint16_t planar, std::uint16_t fmt,
                                    const std::string& p) {
  TIFF* t = tif.get();
  const std::uint16_t bps = in.bits_per_sample;
  const std::uint16_t spp = in.samples_per_pixel;
  const std::uint16_t compression = in.compression;
  if (!TIFFIsCODECConfigured(compression)) {
    return make_error(StatusCode::unsupported, p + "Compression " + num(compression));
  }
  if (compression == COMPRESSION_OJPEG) {
    return make_error(StatusCode::unsupported, p + "old-style JPEG compression");
  }
  if (fmt != SAMPLEFORMAT_UINT && fmt != SAMPLEFORMAT_VOID) {
    return make_error(StatusCode::unsupported, p + "SampleFormat " + num(fmt));
  }
  if (spp < 1 || spp > 16) {
    return make_error(StatusCode::malformed_data, p + "SamplesPerPixel " + num(spp));
  }
  if (spp > 1 && planar != PLANARCONFIG_CONTIG) {
    return make_error(StatusCode::unsupported, p + "separate planes (PlanarConfiguration 2)");
  }
  auto bits_in = [bps](std::initializer_list<int> l) {
    return std::find(l.begin(), l.end(), int{bps}) != l.end();
  };
  switch (in.photometric) {
    case PHOTOMETRIC_MINISWHITE:
    case PHOTOMETRIC_MINISBLACK:
      if (!bits_in({1, 2, 4, 8, 16}) || (bps < 8 && spp != 1)) {
        return make_error(StatusCode::unsupported, p + "gray with BitsPerSample " + num(bps) +
                                                       ", SamplesPerPixel " + num(spp));
      }
      in.format = TiffPixelFormat::gray8;
      in.components = 1;
      return Status::ok();
    case PHOTOMETRIC_YCBCR:
      if (compression != COMPRESSION_JPEG) {
        return make_error(StatusCode::unsupported, p + "YCbCr without JPEG compression");
      }
      if (bps != 8 || spp != 3) {
        return make_error(StatusCode::unsupported, p + "YCbCr layout");
      }
      TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
      in.format = TiffPixelFormat::rgb8;
      in.components = 3;
      return Status::ok();
    case PHOTOMETRIC_RGB:
      if (!bits_in({8, 16}) || spp < 3) {
        return make_error(StatusCode::unsupported, p + "RGB with BitsPerSample " + num(bps) +
                                                       ", SamplesPerPixel " + num(spp));
      }
      in.format = TiffPixelFormat::rgb8;
      in.components = 3;
      return Status::ok();
    case PHOTOMETRIC_PALETTE:
      if (!bits_in({1, 2, 4, 8}) || spp != 1) {
        return make_error(StatusCode::unsupported, p + "palette with BitsPerSample " + num(bps));
      }
      MFP_RETURN_IF_ERROR(read_palette(bps, p));
      in.format = TiffPixelFormat::rgb8;
      in.components = 3;
      return Status::ok();
    case PHOTOMETRIC_SEPARATED: {
      std::uint16_t inkset = INKSET_CMYK;
      TIFFGetFieldDefaulted(t, TIFFTAG_INKSET, &inkset);
      if (inkset != INKSET_CMYK || spp < 4 || !bits_in({8, 16})) {
        return make_error(StatusCode::unsupported, p + "separated image other than 8/16-bit CMYK");
      }
      in.format = TiffPixelFormat::cmyk8;
      in.components = 4;
      return Status::ok();
    }
    default:
      return make_error(StatusCode::unsupported,
                        p + "PhotometricInterpretation " + num(in.photometric));
  }
}

void TiffReader::Impl::read_resolution(TiffPageInfo& in) const {
  TIFF* t = tif.get();
  float xr = 0, yr = 0;
  std::uint16_t unit = RESUNIT_INCH;
  TIFFGetFieldDefaulted(t, TIFFTAG_RESOLUTIONUNIT, &unit);
  if (TIFFGetField(t, TIFFTAG_XRESOLUTION, &xr) && TIFFGetField(t, TIFFTAG_YRESOLUTION, &yr) &&
      xr > 0 && yr > 0 && unit != RESUNIT_NONE) {
    const double f = unit == RESUNIT_CENTIMETER ? 2.54 : 1.0;
    in.x_dpi = xr * f;
    in.y_dpi = yr * f;
    in.width_pt = in.width / in.x_dpi * 72.0;
    in.height_pt = in.height / in.y_dpi * 72.0;
  }
}

Status TiffReader::Impl::setup_bands(const TiffPageInfo& in, const std::string& p) {
  TIFF* t = tif.get();
  const std::uint32_t w = in.width;
  const std::uint32_t h = in.height;
  const std::uint64_t spp = in.samples_per_pixel;
  const std::uint64_t bps = in.bits_per_sample;
  // Layout of decoded rows; must agree with what libtiff will produce.
  raw_line = (std::uint64_t{w} * spp * bps + 7) / 8;
  if (in.tiled) {
    std::uint32_t tw = 0, th = 0;
    TIFFGetField(t, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(t, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0 || tw > limits.max_width || th > limits.max_height) {
      return make_error(StatusCode::malformed_data, p + "tile size " + num(tw) + "x" + num(th));
    }
    if ((std::uint64_t{tw} * spp * bps) % 8 != 0) {
      return make_error(StatusCode::unsupported, p + "tile width " + num(tw) + " not byte-aligned");
    }
    const std::uint64_t tile_row = std::uint64_t{tw} * spp * bps / 8;
    const std::uint64_t tile_bytes = tile_row * th;
    if (tile_bytes > limits.max_page_bytes ||
        static_cast<std::uint64_t>(TIFFTileSize64(t)) != tile_bytes) {
      return make_error(StatusCode::limit_exceeded,
                        p + "tile of " + num(tile_bytes) + " bytes is too large or inconsistent");
    }
    tile_width = tw;
    band_rows = std::min(th, h);
    try {
      tile.assign(tile_bytes, 0);
    } catch (const std::bad_alloc&) {
      return make_error(StatusCode::resource_exhausted, p + "out of memory");
    }
  } else {
    std::uint32_t rps = h;
    TIFFGetFieldDefaulted(t, TIFFTAG_ROWSPERSTRIP, &rps);
    if (rps == 0) {
      rps = h;
    }
    band_rows = std::min(rps, h);
    if (static_cast<std::uint64_t>(TIFFScanlineSize64(t)) != raw_line) {
      return make_error(StatusCode::unsupported, p + "row layout (subsampling?) not supported");
    }
    tile.clear();
  }
  if (raw_line * band_rows > limits.max_page_bytes + raw_line * 16) {
    return make_error(StatusCode::limit_exceeded, p + "strip or tile row too large");
  }
  try {
    band.assign(raw_line * band_rows, 0);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, p + "out of memory");
  }
  return Status::ok();
}

Status TiffReader::Impl::setup_page() {
  TIFF* t = tif.get();
  const std::string p = "TIFF page " + num(pages) + ": ";
  TiffPageInfo in;
  in.page_number = pages;
  MFP_RETURN_IF_ERROR(read_size(in, p));
  std::uint16_t bps = 1, spp = 1, photometric = 0, compression = 1, planar = 1, fmt = 1;
  std::uint16_t orientation = 1;
  TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(t, TIFFTAG_COMPRESSION, &compression);
  TIFFGetFieldDefaulted(t, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLEFORMAT, &fmt);
  TIFFGetFieldDefaulted(t, TIFFTAG_ORIENTATION, &orientation);
  if (!TIFFGetField(t, TIFFTAG_PHOTOMETRIC, &photometric)) {
    return make_error(StatusCode::malformed_data, p + "PhotometricInterpretation missing");
  }
  in.photometric = photometric;
  in.compression = compression;
  in.bits_per_sample = bps;
  in.samples_per_pixel = spp;
  in.orientation = orientation;
  in.tiled = TIFFIsTiled(t) != 0;
  MFP_RETURN_IF_ERROR(read_color(in, planar, fmt, p));
  if (std::uint64_t{in.width} * in.components * in.height > limits.max_page_bytes) {
    return make_error(StatusCode::limit_exceeded,
                      p + "decoded page exceeds " + num(limits.max_page_bytes) + " bytes");
  }
  read_resolution(in);
  MFP_RETURN_IF_ERROR(setup_bands(in, p));
  band_loaded = ~0u;
  next_row = 0;
  info = in;
  return Status::ok();
}

Status TiffReader::Impl::load_band(std::uint32_t index) {
  TIFF* t = tif.get();
  const std::uint32_t h = info.height;
  const std::uint32_t y0 = index * band_rows;
  const std::uint32_t rows = std::min(band_rows, h - y0);
  const std::string p = "TIFF page " + num(pages);
  msgs.clear();
  if (!info.tiled) {
    const std::uint32_t strip = TIFFComputeStrip(t, y0, 0);
    if (strip >= TIFFNumberOfStrips(t)) {
      return make_error(StatusCode::malformed_data, p + ": strip " + num(strip) + " missing");
    }
    MFP_RETURN_IF_ERROR(check_strile(strip, p + " strip " + num(strip)));
    const tmsize_t need = static_cast<tmsize_t>(raw_line * rows);
    const tmsize_t got = TIFFReadEncodedStrip(t, strip, band.data(), need);
    if (got < need) {
      return libtiff_error(got < 0 ? StatusCode::malformed_data : StatusCode::truncated,
                           p + " strip " + num(strip));
    }
  } else {
    const std::uint64_t tile_row =
        std::uint64_t{tile_width} * info.samples_per_pixel * info.bits_per_sample / 8;
    for (std::uint32_t x0 = 0; x0 < info.width; x0 += tile_width) {
      const std::uint32_t idx = TIFFComputeTile(t, x0, y0, 0, 0);
      if (idx >= TIFFNumberOfTiles(t)) {
        return make_error(StatusCode::malformed_data, p + ": tile " + num(idx) + " missing");
      }
      MFP_RETURN_IF_ERROR(check_strile(idx, p + " tile " + num(idx)));
      const tmsize_t got =
          TIFFReadEncodedTile(t, idx, tile.data(), static_cast<tmsize_t>(tile.size()));
      if (got < 0) {
        return libtiff_error(StatusCode::malformed_data, p + " tile " + num(idx));
      }
      const std::uint32_t cols = std::min(tile_width, info.width - x0);
      const std::uint64_t off =
          std::uint64_t{x0} * info.samples_per_pixel * info.bits_per_sample / 8;
      const std::uint64_t len =
          (std::uint64_t{cols} * info.samples_per_pixel * info.bits_per_sample + 7) / 8;
      for (std::uint32_t r = 0; r < rows; ++r) {
        std::memcpy(band.data() + r * raw_line + off, tile.data() + r * tile_row, len);
      }
    }
  }
  band_loaded = index;
  return Status::ok();
}

void TiffReader::Impl::convert_row(const std::uint8_t* src, std::uint8_t* dst) const {
  const std::uint32_t w = info.width;
  const std::uint32_t spp = info.samples_per_pixel;
  const std::uint32_t bps = info.bits_per_sample;
  auto sample16 = [src](std::size_t i) {
    std::uint16_t v;
    std::memcpy(&v, src + 2 * i, 2);  // libtiff delivers host byte order
    return static_cast<std::uint8_t>(v >> 8);
  };
  switch (info.photometric) {
    case PHOTOMETRIC_MINISWHITE:
    case PHOTOMETRIC_MINISBLACK: {
      const bool invert = info.photometric == PHOTOMETRIC_MINISWHITE;
      const std::uint8_t flip = invert ? 0xFF : 0x00;
      if (bps == 8) {
        for (std::uint32_t x = 0; x < w; ++x) {
          dst[x] = src[std::size_t{x} * spp] ^ flip;
        }
      } else if (bps == 16) {
        for (std::uint32_t x = 0; x < w; ++x) {
          dst[x] = sample16(std::size_t{x} * spp) ^ flip;
        }
      } else if (bps == 1) {
        for (std::uint32_t x = 0; x < w; ++x) {
          const bool bit = (src[x >> 3] >> (7 - (x & 7))) & 1;
          dst[x] = static_cast<std::uint8_t>((bit ? 0xFF : 0x00) ^ flip);
        }
      } else {  // 2 or 4 bits
        const std::uint32_t mask = (1u << bps) - 1;
        for (std::uint32_t x = 0; x < w; ++x) {
          const std::uint32_t bit = x * bps;
          const std::uint32_t v = (src[bit >> 3] >> (8 - bps - (bit & 7))) & mask;
          dst[x] = static_cast<std::uint8_t>((v * 255 / mask) ^ flip);
        }
      }
      break;
    }
    case PHOTOMETRIC_RGB:
    case PHOTOMETRIC_YCBCR:  // converted to RGB by libtiff's JPEG codec
    case PHOTOMETRIC_SEPARATED: {
      const std::uint32_t c = info.components;
      for (std::uint32_t x = 0; x < w; ++x) {
        for (std::uint32_t k = 0; k < c; ++k) {
          const std::size_t i = std::size_t{x} * spp + k;
          dst[std::size_t{x} * c + k] = bps == 16 ? sample16(i) : src[i];
        }
      }
      break;
    }
    case PHOTOMETRIC_PALETTE: {
      const std::uint32_t mask = (1u << bps) - 1;
      for (std::uint32_t x = 0; x < w; ++x) {
        const std::uint32_t bit = x * bps;
        const std::uint32_t v = bps == 8 ? src[x] : (src[bit >> 3] >> (8 - bps - (bit & 7))) & mask;
        dst[3 * std::size_t{x}] = palette[0][v];
        dst[3 * std::size_t{x} + 1] = palette[1][v];
        dst[3 * std::size_t{x} + 2] = palette[2][v];
      }
      break;
    }
    default:
      break;
  }
}

Result<bool> TiffReader::next_page() {
  Impl* im = impl_.get();
  if (!im->error.is_ok()) {
    return im->error;
  }
  if (im->done) {
    return false;
  }
  if (im->pages > 0) {
    im->msgs.clear();
    if (!TIFFReadDirectory(im->tif.get())) {
      if (im->msgs.errors > 0) {
        return im->fail(im->libtiff_error(StatusCode::malformed_data,
                                          "TIFF page " + num(im->pages + 1) + " directory"));
      }
      im->info = TiffPageInfo{};
      im->next_row = 0;
      im->done = true;
      return false;
    }
  }
  if (im->pages >= im->limits.max_pages) {
    return im->fail(make_error(StatusCode::limit_exceeded,
                               "TIFF: more than " + num(im->limits.max_pages) + " pages"));
  }
  ++im->pages;
  Status s = im->setup_page();
  if (!s.is_ok()) {
    return im->fail(s);
  }
  return true;
}

Status TiffReader::read_rows(std::uint8_t* dst, std::size_t stride, std::uint32_t rows) {
  Impl* im = impl_.get();
  if (!im->error.is_ok()) {
    return im->error;
  }
  if (rows == 0) {
    return Status::ok();
  }
  if (im->pages == 0 || im->done) {
    return make_error(StatusCode::invalid_argument, "TIFF: read_rows without a current page");
  }
  if (rows > im->info.height - im->next_row) {
    return make_error(
        StatusCode::invalid_argument,
        "TIFF: asked for " + num(rows) + " rows, " + num(im->info.height - im->next_row) + " left");
  }
  if (dst == nullptr || stride < im->info.bytes_per_line()) {
    return make_error(StatusCode::invalid_argument, "TIFF: destination stride below a row");
  }
  for (std::uint32_t r = 0; r < rows; ++r) {
    const std::uint32_t y = im->next_row;
    const std::uint32_t b = y / im->band_rows;
    if (b != im->band_loaded) {
      Status s = im->load_band(b);
      if (!s.is_ok()) {
        return im->fail(s);
      }
    }
    im->convert_row(im->band.data() + (y - b * im->band_rows) * im->raw_line,
                    dst + std::size_t{r} * stride);
    ++im->next_row;
  }
  return Status::ok();
}

}  // namespace mfp::codecs
