#include "stages/rip/document_format.h"

#include <cstring>

namespace mfp::stages::rip {

std::optional<std::string> sniff_document_format(std::span<const std::uint8_t> head) noexcept {
  auto starts = [&](const char* magic, std::size_t n) {
    return head.size() >= n && std::memcmp(head.data(), magic, n) == 0;
  };
  if (starts("RaS2", 4)) return std::string(kPwgRaster);
  if (starts("UNIRAST", 8)) return std::string(kUrf);  // includes the NUL terminator
  if (starts("\xFF\xD8\xFF", 3)) return std::string(kJpeg);
  static constexpr char kTiffLittle[] = {'I', 'I', '*', '\0'};
  static constexpr char kTiffBig[] = {'M', 'M', '\0', '*'};
  if (starts(kTiffLittle, 4) || starts(kTiffBig, 4)) return std::string(kTiff);
  if (starts("%PDF-", 5)) return std::string(kPdf);
  return std::nullopt;
}

}  // namespace mfp::stages::rip
