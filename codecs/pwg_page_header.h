#pragma once
// PwgPageHeader: the 1796-byte page header of PWG raster (PWG 5102.4, the CUPS v2 header with
// PWG semantics), with parsing, serialization and validation.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "codecs/image_limits.h"
#include "codecs/raster_page_info.h"
#include "pipeline/status.h"

namespace mfp::codecs {

// PWG cupsColorSpace values this codebase knows.
enum class PwgColorSpace : std::uint32_t {
  rgb = 1,    // treated as sRGB
  black = 3,  // K: 1 / 255 = black
  cmyk = 6,
  sgray = 18,
  srgb = 19,
  adobe_rgb = 20,
};

// The pwg-raster-document-type-supported keywords the reader and writer support.
enum class PwgRasterType : std::uint8_t {
  black_1,
  black_8,
  black_16,
  sgray_8,
  sgray_16,
  srgb_8,
  srgb_16,
  rgb_8,
  rgb_16,
  adobe_rgb_8,
  adobe_rgb_16,
  cmyk_8,
  cmyk_16,
};

// All fields of a PWG raster page header that PWG 5102.4 defines (reserved fields are written
// as zero and ignored on read). Strings are at most 63 bytes; longer ones are cut on write.
struct PwgPageHeader {
  static constexpr std::size_t kSize = 1796;  // bytes on the wire, after the sync word

  std::string media_class = "PwgRaster";         // MediaClass (PWG requires "PwgRaster")
  std::string media_color;                       // MediaColor
  std::string media_type;                        // MediaType
  std::string print_content_optimize;            // OutputType
  std::uint32_t cut_media = 0;                   // CutMedia (0 = never)
  bool duplex = false;                           // Duplex
  std::array<std::uint32_t, 2> hw_resolution{};  // HWResolution [x, y] dpi
  bool insert_sheet = false;                     // InsertSheet
  std::uint32_t jog = 0;                         // Jog
  std::uint32_t leading_edge = 0;                // LeadingEdge
  std::uint32_t media_position = 0;              // MediaPosition
  std::uint32_t media_weight = 0;                // MediaWeight (g/m^2)
  std::uint32_t num_copies = 0;                  // NumCopies (0 = device default)
  std::uint32_t orientation = 0;                 // Orientation
  std::array<std::uint32_t, 2> page_size{};      // PageSize [w, h] in points
  bool tumble = false;                           // Tumble
  std::uint32_t width = 0;                       // cupsWidth (pixels)
  std::uint32_t height = 0;                      // cupsHeight (rows)
  std::uint32_t cups_media_type = 0;             // cupsMediaType
  std::uint32_t bits_per_color = 0;              // cupsBitsPerColor
  std::uint32_t bits_per_pixel = 0;              // cupsBitsPerPixel
  std::uint32_t bytes_per_line = 0;              // cupsBytesPerLine
  std::uint32_t color_order = 0;             // cupsColorOrder (0 = chunky, the only one supported)
  std::uint32_t color_space = 0;             // cupsColorSpace (see PwgColorSpace)
  std::uint32_t num_colors = 0;              // cupsNumColors
  std::uint32_t total_page_count = 0;        // TotalPageCount (0 = unknown)
  std::int32_t cross_feed_transform = 1;     // CrossFeedTransform (1 or -1)
  std::int32_t feed_transform = 1;           // FeedTransform (1 or -1)
  std::array<std::uint32_t, 4> image_box{};  // ImageBoxLeft, Top, Right, Bottom (pixels)
  std::uint32_t alternate_primary = 0;       // AlternatePrimary (sRGB packed 0x00RRGGBB)
  std::uint32_t print_quality = 0;           // PrintQuality (0 default, 3 draft, 4 normal, 5 high)
  std::uint32_t vendor_identifier = 0;       // VendorIdentifier
  std::uint32_t vendor_length = 0;           // VendorLength (bytes of vendor_data used, <= 1088)
  std::array<std::uint8_t, 1088> vendor_data{};  // VendorData
  std::string rendering_intent;                  // cupsRenderingIntent
  std::string page_size_name;                    // cupsPageSizeName (PWG media name)

  // A header for `type` with width, height, resolution, bytes per line, image box and page size
  // filled in consistently.
  [[nodiscard]] static PwgPageHeader for_type(PwgRasterType type, std::uint32_t width,
                                              std::uint32_t height, std::uint32_t x_dpi,
                                              std::uint32_t y_dpi);

  // Parses the 1796 bytes after the sync word (or between pages). Never fails: validate() checks.
  [[nodiscard]] static PwgPageHeader parse(std::span<const std::uint8_t, kSize> bytes);

  // Serializes into 1796 bytes (big-endian, reserved fields zero).
  void serialize(std::span<std::uint8_t, kSize> out) const;

  // Checks the header against PWG 5102.4 and `limits` and describes the page. Fails with
  // malformed_data (inconsistent fields), unsupported (color order, color space, bit depth) or
  // limit_exceeded, each message naming the field.
  [[nodiscard]] pipeline::Result<RasterPageInfo> validate(const ImageLimits& limits) const;
};

}  // namespace mfp::codecs
