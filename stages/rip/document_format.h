#pragma once
// Document format detection: the MIME types the print path RIPs, and sniffing them from a
// document's first bytes (for application/octet-stream submissions and the command-line tools).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mfp::stages::rip {

inline constexpr std::string_view kPwgRaster = "image/pwg-raster";
inline constexpr std::string_view kUrf = "image/urf";
inline constexpr std::string_view kJpeg = "image/jpeg";
inline constexpr std::string_view kTiff = "image/tiff";
inline constexpr std::string_view kPdf = "application/pdf";

// The MIME type whose magic number starts `head` (at least 8 bytes give a sure answer), or
// nullopt when none matches.
[[nodiscard]] std::optional<std::string> sniff_document_format(
    std::span<const std::uint8_t> head) noexcept;

}  // namespace mfp::stages::rip
