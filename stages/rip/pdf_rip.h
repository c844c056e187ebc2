#pragma once
// PdfRip: the source for PDF documents, on MuPDF. It reads the document into zero-on-release
// memory, opens it once (MuPDF repairs damaged files; encrypted ones need the job's
// document-password), then for each page builds MuPDF's display list once and emits the page's
// bands as deferred bands that share it: the render stage paints them on every core, each
// thread with its own MuPDF context, while this source interprets the next page. Pages render
// to sRGB (gray for monochrome jobs); the color stage takes them to the engine's CMYK.
//
// Failures are the job's, with the page number: a page larger than the engine's largest sheet
// or with an empty box, a page that runs past the job's page_time_budget_ms (interpretation or
// rendering, aborted by MupdfEngine's watchdog), MuPDF's memory budget, an unreadable or
// encrypted document without the right password (permission_denied).

#include <cstddef>
#include <memory>

#include "codecs/image_limits.h"
#include "pipeline/stage.h"
#include "pipeline/stage_registry.h"
#include "stages/rip/mupdf_engine.h"

namespace mfp::stages::rip {

class PdfRip final : public pipeline::Source {
 public:
  // `band_rows` is the RIP's own band height (see stages/rip/README.md for why).
  PdfRip(std::shared_ptr<const MupdfEngine> engine, codecs::ImageLimits limits,
         std::size_t max_document_bytes, std::uint32_t band_rows);
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::SourceState>> open(
      pipeline::DocumentStream& in, const pipeline::SourceContext& context) const noexcept override;

 private:
  std::shared_ptr<const MupdfEngine> engine_;
  codecs::ImageLimits limits_;
  std::size_t max_document_bytes_;
  std::uint32_t band_rows_;
  pipeline::StageTraits traits_;
};

// Band height of the PDF RIP, chosen by measurement (stages/rip/README.md).
inline constexpr std::uint32_t kPdfBandRows = 256;

// The registry factory for application/pdf, on the device's MuPDF engine.
[[nodiscard]] pipeline::Result<std::shared_ptr<const pipeline::Source>> make_pdf_rip(
    std::shared_ptr<const MupdfEngine> engine, const pipeline::StageConfig& config);

}  // namespace mfp::stages::rip
