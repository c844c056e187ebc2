#include "codecs/pwg_page_header.h"

#include <algorithm>
#include <cstring>

#include "codecs/detail/big_endian.h"

namespace mfp::codecs {

using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

namespace {

// Byte offsets of the fields inside the 1796-byte header.
enum Offset : std::size_t {
  kMediaClass = 0,
  kMediaColor = 64,
  kMediaType = 128,
  kOutputType = 192,
  kCutMedia = 268,
  kDuplex = 272,
  kHwResolution = 276,
  kInsertSheet = 300,
  kJog = 304,
  kLeadingEdge = 308,
  kMediaPosition = 324,
  kMediaWeight = 328,
  kNumCopies = 340,
  kOrientation = 344,
  kPageSize = 352,
  kTumble = 368,
  kWidth = 372,
  kHeight = 376,
  kCupsMediaType = 380,
  kBitsPerColor = 384,
  kBitsPerPixel = 388,
  kBytesPerLine = 392,
  kColorOrder = 396,
  kColorSpace = 400,
  kNumColors = 420,
  kTotalPageCount = 452,
  kCrossFeedTransform = 456,
  kFeedTransform = 460,
  kImageBox = 464,
  kAlternatePrimary = 480,
  kPrintQuality = 484,
  kVendorIdentifier = 508,
  kVendorLength = 512,
  kVendorData = 516,
  kRenderingIntent = 1668,
  kPageSizeName = 1732,
};
constexpr std::size_t kStringSize = 64;

std::string get_string(const std::uint8_t* p) {
  const auto* c = reinterpret_cast<const char*>(p);
  return std::string(c, strnlen(c, kStringSize));
}

void put_string(std::uint8_t* p, const std::string& s) {
  const std::size_t n = std::min(s.size(), kStringSize - 1);
  std::memcpy(p, s.data(), n);  // NOLINT(bugprone-not-null-terminated-result): zeroed field
}

struct ColorSpaceInfo {
  RasterColorSpace space;
  std::uint32_t num_colors;
};

bool lookup_color_space(std::uint32_t cs, ColorSpaceInfo& out) {
  switch (cs) {
    case 1:
      out = {RasterColorSpace::srgb, 3};
      return true;
    case 3:
      out = {RasterColorSpace::black, 1};
      return true;
    case 6:
      out = {RasterColorSpace::cmyk, 4};
      return true;
    case 18:
      out = {RasterColorSpace::gray, 1};
      return true;
    case 19:
      out = {RasterColorSpace::srgb, 3};
      return true;
    case 20:
      out = {RasterColorSpace::adobe_rgb, 3};
      return true;
    default:
      return false;
  }
}

std::string num(std::uint64_t v) {
  return std::to_string(v);
}

}  // namespace

PwgPageHeader PwgPageHeader::for_type(PwgRasterType type, std::uint32_t width, std::uint32_t height,
                                      std::uint32_t x_dpi, std::uint32_t y_dpi) {
  PwgPageHeader h;
  std::uint32_t bits = 8;
  std::uint32_t colors = 1;
  PwgColorSpace cs = PwgColorSpace::sgray;
  switch (type) {
    case PwgRasterType::black_1:
      cs = PwgColorSpace::black;
      bits = 1;
      break;
    case PwgRasterType::black_8:
      cs = PwgColorSpace::black;
      break;
    case PwgRasterType::black_16:
      cs = PwgColorSpace::black;
      bits = 16;
      break;
    case PwgRasterType::sgray_8:
      break;
    case PwgRasterType::sgray_16:
      bits = 16;
      break;
    case PwgRasterType::srgb_8:
      cs = PwgColorSpace::srgb;
      colors = 3;
      break;
    case PwgRasterType::srgb_16:
      cs = PwgColorSpace::srgb;
      colors = 3;
      bits = 16;
      break;
    case PwgRasterType::rgb_8:
      cs = PwgColorSpace::rgb;
      colors = 3;
      break;
    case PwgRasterType::rgb_16:
      cs = PwgColorSpace::rgb;
      colors = 3;
      bits = 16;
      break;
    case PwgRasterType::adobe_rgb_8:
      cs = PwgColorSpace::adobe_rgb;
      colors = 3;
      break;
    case PwgRasterType::adobe_rgb_16:
      cs = PwgColorSpace::adobe_rgb;
      colors = 3;
      bits = 16;
      break;
    case PwgRasterType::cmyk_8:
      cs = PwgColorSpace::cmyk;
      colors = 4;
      break;
    case PwgRasterType::cmyk_16:
      cs = PwgColorSpace::cmyk;
      colors = 4;
      bits = 16;
      break;
  }
  h.color_space = static_cast<std::uint32_t>(cs);
  h.num_colors = colors;
  h.bits_per_color = bits;
  h.bits_per_pixel = bits * colors;
  h.width = width;
  h.height = height;
  h.bytes_per_line = static_cast<std::uint32_t>((std::uint64_t{width} * h.bits_per_pixel + 7) / 8);
  h.hw_resolution = {x_dpi, y_dpi};
  if (x_dpi != 0 && y_dpi != 0) {
    h.page_size = {static_cast<std::uint32_t>(std::uint64_t{width} * 72 / x_dpi),
                   static_cast<std::uint32_t>(std::uint64_t{height} * 72 / y_dpi)};
  }
  h.image_box = {0, 0, width, height};
  return h;
}

PwgPageHeader PwgPageHeader::parse(std::span<const std::uint8_t, kSize> bytes) {
  const std::uint8_t* b = bytes.data();
  auto u32 = [b](std::size_t off) { return detail::load_be32(b + off); };
  PwgPageHeader h;
  h.media_class = get_string(b + kMediaClass);
  h.media_color = get_string(b + kMediaColor);
  h.media_type = get_string(b + kMediaType);
  h.print_content_optimize = get_string(b + kOutputType);
  h.cut_media = u32(kCutMedia);
  h.duplex = u32(kDuplex) != 0;
  h.hw_resolution = {u32(kHwResolution), u32(kHwResolution + 4)};
  h.insert_sheet = u32(kInsertSheet) != 0;
  h.jog = u32(kJog);
  h.leading_edge = u32(kLeadingEdge);
  h.media_position = u32(kMediaPosition);
  h.media_weight = u32(kMediaWeight);
  h.num_copies = u32(kNumCopies);
  h.orientation = u32(kOrientation);
  h.page_size = {u32(kPageSize), u32(kPageSize + 4)};
  h.tumble = u32(kTumble) != 0;
  h.width = u32(kWidth);
  h.height = u32(kHeight);
  h.cups_media_type = u32(kCupsMediaType);
  h.bits_per_color = u32(kBitsPerColor);
  h.bits_per_pixel = u32(kBitsPerPixel);
  h.bytes_per_line = u32(kBytesPerLine);
  h.color_order = u32(kColorOrder);
  h.color_space = u32(kColorSpace);
  h.num_colors = u32(kNumColors);
  h.total_page_count = u32(kTotalPageCount);
  h.cross_feed_transform = static_cast<std::int32_t>(u32(kCrossFeedTransform));
  h.feed_transform = static_cast<std::int32_t>(u32(kFeedTransform));
  for (std::size_t i = 0; i < 4; ++i) {
    h.image_box[i] = u32(kImageBox + 4 * i);
  }
  h.alternate_primary = u32(kAlternatePrimary);
  h.print_quality = u32(kPrintQuality);
  h.vendor_identifier = u32(kVendorIdentifier);
  h.vendor_length = u32(kVendorLength);
  std::memcpy(h.vendor_data.data(), b + kVendorData, h.vendor_data.size());
  h.rendering_intent = get_string(b + kRenderingIntent);
  h.page_size_name = get_string(b + kPageSizeName);
  return h;
}

void PwgPageHeader::serialize(std::span<std::uint8_t, kSize> out) const {
  std::uint8_t* b = out.data();
  std::memset(b, 0, kSize);
  auto put = [b](std::size_t off, std::uint32_t v) { detail::store_be32(b + off, v); };
  put_string(b + kMediaClass, media_class);
  put_string(b + kMediaColor, media_color);
  put_string(b + kMediaType, media_type);
  put_string(b + kOutputType, print_content_optimize);
  put(kCutMedia, cut_media);
  put(kDuplex, duplex ? 1 : 0);
  put(kHwResolution, hw_resolution[0]);
  put(kHwResolution + 4, hw_resolution[1]);
  put(kInsertSheet, insert_sheet ? 1 : 0);
  put(kJog, jog);
  put(kLeadingEdge, leading_edge);
  put(kMediaPosition, media_position);
  put(kMediaWeight, media_weight);
  put(kNumCopies, num_copies);
  put(kOrientation, orientation);
  put(kPageSize, page_size[0]);
  put(kPageSize + 4, page_size[1]);
  put(kTumble, tumble ? 1 : 0);
  put(kWidth, width);
  put(kHeight, height);
  put(kCupsMediaType, cups_media_type);
  put(kBitsPerColor, bits_per_color);
  put(kBitsPerPixel, bits_per_pixel);
  put(kBytesPerLine, bytes_per_line);
  put(kColorOrder, color_order);
  put(kColorSpace, color_space);
  put(kNumColors, num_colors);
  put(kTotalPageCount, total_page_count);
  put(kCrossFeedTransform, static_cast<std::uint32_t>(cross_feed_transform));
  put(kFeedTransform, static_cast<std::uint32_t>(feed_transform));
  for (std::size_t i = 0; i < 4; ++i) {
    put(kImageBox + 4 * i, image_box[i]);
  }
  put(kAlternatePrimary, alternate_primary);
  put(kPrintQuality, print_quality);
  put(kVendorIdentifier, vendor_identifier);
  put(kVendorLength, vendor_length);
  std::memcpy(b + kVendorData, vendor_data.data(), vendor_data.size());
  put_string(b + kRenderingIntent, rendering_intent);
  put_string(b + kPageSizeName, page_size_name);
}

Result<RasterPageInfo> PwgPageHeader::validate(const ImageLimits& limits) const {
  const std::string p = "PWG header: ";
  if (color_order != 0) {
    return make_error(StatusCode::unsupported,
                      p + "cupsColorOrder " + num(color_order) + " (only chunky, 0, is supported)");
  }
  ColorSpaceInfo cs{};
  if (!lookup_color_space(color_space, cs)) {
    return make_error(StatusCode::unsupported, p + "cupsColorSpace " + num(color_space));
  }
  if (width == 0) {
    return make_error(StatusCode::malformed_data, p + "cupsWidth 0");
  }
  if (height == 0) {
    return make_error(StatusCode::malformed_data, p + "cupsHeight 0");
  }
  if (width > limits.max_width) {
    return make_error(StatusCode::limit_exceeded,
                      p + "cupsWidth " + num(width) + " exceeds " + num(limits.max_width));
  }
  if (height > limits.max_height) {
    return make_error(StatusCode::limit_exceeded,
                      p + "cupsHeight " + num(height) + " exceeds " + num(limits.max_height));
  }
  for (int i = 0; i < 2; ++i) {
    if (hw_resolution[i] < 1 || hw_resolution[i] > 9600) {
      return make_error(
          StatusCode::malformed_data,
          p + "HWResolution[" + num(i) + "] " + num(hw_resolution[i]) + " is outside 1..9600");
    }
  }
  if (num_colors != cs.num_colors) {
    return make_error(StatusCode::malformed_data, p + "cupsNumColors " + num(num_colors) +
                                                      " does not match cupsColorSpace " +
                                                      num(color_space));
  }
  const bool bits_ok = bits_per_color == 8 || bits_per_color == 16 ||
                       (bits_per_color == 1 && cs.space == RasterColorSpace::black);
  if (!bits_ok) {
    return make_error(StatusCode::unsupported, p + "cupsBitsPerColor " + num(bits_per_color) +
                                                   " with cupsColorSpace " + num(color_space));
  }
  if (bits_per_pixel != bits_per_color * num_colors) {
    return make_error(StatusCode::malformed_data, p + "cupsBitsPerPixel " + num(bits_per_pixel) +
                                                      " is not " + num(bits_per_color) + " x " +
                                                      num(num_colors));
  }
  const std::uint64_t bpl = (std::uint64_t{width} * bits_per_pixel + 7) / 8;
  if (bytes_per_line != bpl) {
    return make_error(StatusCode::malformed_data, p + "cupsBytesPerLine " + num(bytes_per_line) +
                                                      " does not match width " + num(width) +
                                                      " (expected " + num(bpl) + ")");
  }
  if (std::uint64_t{width} * height > limits.max_pixels) {
    return make_error(StatusCode::limit_exceeded, p + "page of " +
                                                      num(std::uint64_t{width} * height) +
                                                      " pixels exceeds " + num(limits.max_pixels));
  }
  if (bpl * height > limits.max_page_bytes) {
    return make_error(
        StatusCode::limit_exceeded,
        p + "page of " + num(bpl * height) + " bytes exceeds " + num(limits.max_page_bytes));
  }
  RasterPageInfo info;
  info.width = width;
  info.height = height;
  info.x_dpi = hw_resolution[0];
  info.y_dpi = hw_resolution[1];
  info.color_space = cs.space;
  info.num_colors = num_colors;
  info.bits_per_color = bits_per_color;
  info.bits_per_pixel = bits_per_pixel;
  info.bytes_per_line = bytes_per_line;
  info.duplex = duplex;
  info.tumble = tumble;
  return info;
}

}  // namespace mfp::codecs
