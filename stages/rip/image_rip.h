#pragma once
// Image RIPs: JPEG and TIFF documents into bands. A picture prints at one image pixel per engine
// pixel: at its own resolution when it declares 300 or 600 dpi, else at the job's resolution
// (scaling to the media comes with the print options, stages/README.md). Gray pictures become
// gray8 bands, RGB rgb8, CMYK cmyk8; bilevel TIFF (fax) pages become gray8.

#include <memory>

#include "codecs/image_limits.h"
#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages::rip {

class JpegRip final : public pipeline::Source {
 public:
  explicit JpegRip(codecs::ImageLimits limits);
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::SourceState>> open(
      pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept override;

 private:
  codecs::ImageLimits limits_;
  pipeline::StageTraits traits_;
};

// TIFF needs random access, so the RIP first reads the document into band memory (zeroed on
// release), refusing documents above `max_document_bytes` with limit_exceeded.
class TiffRip final : public pipeline::Source {
 public:
  TiffRip(codecs::ImageLimits limits, std::size_t max_document_bytes);
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::SourceState>> open(
      pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept override;

 private:
  codecs::ImageLimits limits_;
  std::size_t max_document_bytes_;
  pipeline::StageTraits traits_;
};

[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Source>> make_jpeg_rip(
    const pipeline::StageConfig& config);
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Source>> make_tiff_rip(
    const pipeline::StageConfig& config);

// The resolution a picture prints at: its own when the engine supports it, else the job's.
[[nodiscard]] std::uint32_t picture_dpi(std::uint32_t x_dpi, std::uint32_t y_dpi,
                                        std::uint32_t job_dpi) noexcept;

}  // namespace mfp::stages::rip
