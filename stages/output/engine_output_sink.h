#pragma once
// EngineOutputSink: the print graph's sink. It assembles each page's engine bands (in order)
// into an EnginePage, stores it in the PageStore for the engine feeder, and at the end of the
// job waits until the engine has printed (or refused) every page of the job. A failed or
// cancelled job's incomplete page is dropped and its stored pages discarded (zeroed).

#include <memory>

#include "pipeline/stage.h"
#include "stages/output/page_store.h"

namespace mfp::stages::output {

class EngineOutputSink final : public pipeline::Sink {
 public:
  // `store` must outlive every job using the sink.
  explicit EngineOutputSink(PageStore& store);
  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  [[nodiscard]] pipeline::Result<std::unique_ptr<pipeline::SinkState>> open(
      pipeline::JobContext& job) const noexcept override;

 private:
  pipeline::StageTraits traits_;
  PageStore& store_;
};

}  // namespace mfp::stages::output
