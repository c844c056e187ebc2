#pragma once
// RasterRip: the source for raster documents (PWG raster, Apple raster/URF). It validates every
// page header against the engine (resolution 300 or 600 dpi, sizes within limits) before
// decoding, then decodes rows straight into bands: gray and black pages as gray8, RGB as rgb8
// or rgb16, CMYK as cmyk8; 1-bit black is expanded to 8-bit ink.

#include <memory>

#include "codecs/image_limits.h"
#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"

namespace mfp::stages::rip {

enum class RasterKind { pwg, urf };

class RasterRip final : public pipeline::Source {
 public:
  RasterRip(RasterKind kind, codecs::ImageLimits limits);
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::SourceState>> open(
      pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept override;

 private:
  RasterKind kind_;
  codecs::ImageLimits limits_;
  pipeline::StageTraits traits_;
};

// Registry factories for image/pwg-raster and image/urf.
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Source>> make_pwg_rip(
    const pipeline::StageConfig& config);
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Source>> make_urf_rip(
    const pipeline::StageConfig& config);

// Engine limits every raster RIP checks: resolutions the engine prints and the largest sheet
// (A3+ / 13x19 in at 600 dpi, with margin).
[[nodiscard]] codecs::ImageLimits engine_image_limits() noexcept;
[[nodiscard]] bool engine_supports_resolution(std::uint32_t x_dpi, std::uint32_t y_dpi) noexcept;

}  // namespace mfp::stages::rip
