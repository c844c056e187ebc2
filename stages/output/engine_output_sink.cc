#include "stages/output/engine_output_sink.h"

#include "pipeline/job_context.h"

namespace mfp::stages::output {

using pipeline::Band;
using pipeline::make_error;
using pipeline::PixelFormat;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

class EngineOutputState final : public pipeline::SinkState {
 public:
  EngineOutputState(PageStore& store, pipeline::JobContext& job) : store_(store), job_(job) {}

  Status consume(Band band) noexcept override {
    try {
      if (page_.bands.empty()) {
        if (band.index != 0 || band.first_row != 0) {
          return make_error(StatusCode::internal, "page does not start with band 0");
        }
        page_.page = band.page;
        page_.format = band.format;
        page_.owner = band.owner;
        rows_ = 0;
      } else if (band.page != page_.page || band.format != page_.format ||
                 band.first_row != rows_) {
        return make_error(StatusCode::internal, "band out of order within its page");
      }
      rows_ += band.rows;
      const bool last = band.last_in_page;
      page_.bands.push_back(std::move(band));
      if (!last) return Status::ok();
      if (rows_ != page_.page->height) {
        return make_error(StatusCode::internal, "page bands do not cover the page");
      }
      pipeline::EnginePage done = std::move(page_);
      page_ = pipeline::EnginePage{};
      const pipeline::JobOptions& o = job_.options();
      if (o.sides != done.page->sides || o.layout.tray != done.page->tray ||
          o.layout.media_type != done.page->media_type ||
          o.layout.output_bin != done.page->output_bin) {
        // The engine lays the page on paper as the job asked (RIPs describe pages, not sheets).
        auto stamped = std::make_shared<pipeline::PageGeometry>(*done.page);
        stamped->sides = o.sides;
        stamped->tray = o.layout.tray;
        stamped->media_type = o.layout.media_type;
        stamped->output_bin = o.layout.output_bin;
        done.page = std::move(stamped);
      }
      ++stored_;
      // Copies print again from the sealed page store: each page is ripped once.
      return store_.put(job_, std::move(done), job_.options().copies > 1);
    } catch (...) {
      return pipeline::current_exception_status("engine output");
    }
  }

  // The further copies go into the page store before the job counts as rendered, so no later
  // job's page comes between them.
  Status complete(const Status& job_status) noexcept override {
    const std::uint32_t copies = job_.options().copies;
    for (std::uint32_t c = 1; job_status.is_ok() && stored_ > 0 && c < copies; ++c) {
      auto queued = store_.repeat_job(job_, c, c + 1 == copies);
      if (!queued) break;  // discarded (cancel), failed at the engine or closed: finish reports it
      for (std::uint64_t p = 0; p < queued.value(); ++p) job_.count_page();
    }
    return Status::ok();
  }

  Status finish(const Status& job_status) noexcept override {
    page_ = pipeline::EnginePage{};  // an incomplete page never reaches the engine
    if (!job_status.is_ok()) store_.discard_job(job_.id());
    if (stored_ == 0) return Status::ok();
    Status printed = store_.wait_job(job_.id());
    // The job's own failure, or a cancel that came while it waited for the engine (its pages
    // then end refused), is what counts.
    if (!job_status.is_ok() || job_.is_cancelled()) return Status::ok();
    return printed;
  }

 private:
  PageStore& store_;
  pipeline::JobContext& job_;
  pipeline::EnginePage page_;
  std::uint32_t rows_ = 0;
  std::uint64_t stored_ = 0;
};

}  // namespace

EngineOutputSink::EngineOutputSink(PageStore& store) : store_(store) {
  traits_.name = "engine-output";
  traits_.inputs = {PixelFormat::cmyk1_planar, PixelFormat::cmyk2_planar, PixelFormat::k1,
                    PixelFormat::k2};
  traits_.concurrency = pipeline::Concurrency::ordered;
}

pipeline::Result<std::unique_ptr<pipeline::SinkState>> EngineOutputSink::open(
    pipeline::JobContext& job) const noexcept {
  try {
    return std::unique_ptr<pipeline::SinkState>(std::make_unique<EngineOutputState>(store_, job));
  } catch (...) {
    return pipeline::current_exception_status("engine output");
  }
}

}  // namespace mfp::stages::output
