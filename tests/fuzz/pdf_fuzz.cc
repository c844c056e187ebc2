// Fuzz target: the PDF RIP end to end (MuPDF's parser and repair, page interpretation into the
// display list, every band painted by the render stage) at 300 dpi, two pages at most, with a
// short page budget so a slow input ends as a status, never a hang.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "pipeline/buffer_pool.h"
#include "stages/rip/mupdf_engine.h"
#include "stages/rip/pdf_rip.h"
#include "stages/rip/render_stage.h"

namespace {

class BytesStream final : public mfp::pipeline::DocumentStream {
 public:
  BytesStream(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  mfp::pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override {
    const std::size_t n = std::min(out.size(), size_ - pos_);
    if (n != 0) std::memcpy(out.data(), data_ + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp;
  static const auto engine = [] {
    stages::rip::MupdfOptions o;
    o.memory_limit = std::size_t{128} << 20;
    return stages::rip::MupdfEngine::create(o);
  }();
  if (!engine.is_ok()) return 0;
  static pipeline::BufferPool pool;
  static const stages::rip::RenderStage render;
  auto rip = stages::rip::make_pdf_rip(engine.value(), {});
  if (!rip.is_ok()) return 0;
  BytesStream stream(data, size);
  pipeline::SourceContext ctx;
  ctx.owner = pipeline::OwnerTag{1, 1};
  ctx.options.dpi = 300;
  ctx.options.page_time_budget_ms = 200;
  auto opened = rip.value()->open(stream, ctx);
  if (!opened.is_ok()) return 0;
  auto render_state = render.make_state();
  for (int bands = 0; bands < 400; ++bands) {
    auto band = opened.value()->next(pool);
    if (!band.is_ok() || !band.value().has_value()) break;
    if (band.value()->page->page >= 2) break;
    auto painted = render.process(std::move(*band.value()), render_state.get(), pool);
    if (!painted.is_ok()) break;
  }
  return 0;
}
