#pragma once
// impose_pages(): the imposition step of the print path. It lays a document's pages on sheets
// as a PageLayout says (media size, orientation-requested, print-scaling, number-up) and emits
// the sheets as deferred bands that the render stage paints in parallel, each band painting
// every page of its sheet that crosses it.
//
// Pages whose source defers its bands (the PDF RIP) are placed by their own painter, at full
// quality (vectors are scaled, not pixels). Pages a source decodes to raw bands (PWG raster,
// JPEG, ...) are kept in memory reduced to about the size they print at (a 16-up cell holds a
// sixteenth of a page) and sampled onto the sheet. A page the layout leaves as it is (same size
// as its sheet, one page a sheet, not turned) passes through untouched.

#include <cstdint>
#include <memory>

#include "pipeline/page_layout.h"
#include "pipeline/stage.h"

namespace mfp::pipeline {

// Wraps a source's state so its pages come out laid on sheets of `layout` at `dpi`, numbered on
// from `first_page`, in bands of `band_rows` rows. Fails the job (through next()) with
// unsupported when a sheet would mix pages in color spaces that cannot share one raster, with
// resource_exhausted when the pool cannot hold a page being reduced, and with the inner source's
// status otherwise. A document's last sheet may hold fewer pages than number-up; a new
// document starts a new sheet.
[[nodiscard]] std::unique_ptr<SourceState> impose_pages(std::unique_ptr<SourceState> inner,
                                                        PageLayout layout, std::uint32_t dpi,
                                                        std::uint32_t first_page,
                                                        std::uint32_t band_rows);

}  // namespace mfp::pipeline
