#pragma once
// BandPainter: the deferred work of a band whose pixels are made later, in parallel, by the
// render stage (stages/rip/render_stage.h). A source that can render any band of a page
// independently (the PDF RIP replaying a page's display list) emits its bands as
// BandEncoding::deferred with a painter shared by the page, so the page's bands render on every
// core while the source prepares the next page. Painters are immutable and shared across threads.

#include <memory>

#include "pipeline/status.h"

namespace mfp::pipeline {

struct Band;
struct Placement;
class StageState;

class BandPainter {
 public:
  virtual ~BandPainter() = default;
  // Painters returning the same key share one per-thread state (e.g. a MuPDF context clone).
  [[nodiscard]] virtual const void* state_key() const noexcept = 0;
  // Makes the per-thread state for this key; nullptr when none is needed. Fails closed: a
  // painter whose state cannot be made fails its band in paint().
  [[nodiscard]] virtual std::unique_ptr<StageState> make_thread_state() const = 0;
  // Fills the raw pixels of `band` (buffer allocated to band.raw_bytes(), format, geometry and
  // rows set) using `thread_state` from make_thread_state() on the calling thread. Never
  // throws; on failure the band is dropped by the caller.
  [[nodiscard]] virtual Status paint(Band& band, StageState* thread_state) const noexcept = 0;
  // Paints the page placed on a sheet (imposition, pipeline/page_imposition.h): over the raw
  // rows of `sheet_band`, a band of the sheet in the page's format, only inside `where.clip`,
  // through `where.map` from page to sheet pixels. Painters that cannot place their page fail
  // with unsupported (the default), and the job then fails with that status.
  [[nodiscard]] virtual Status paint_placed(Band& sheet_band, const Placement& where,
                                            StageState* thread_state) const noexcept;
};

}  // namespace mfp::pipeline
