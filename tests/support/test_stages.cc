#include "tests/support/test_stages.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "pipeline/job_context.h"

namespace mfp::testing {

using pipeline::Band;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;

std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n, std::uint64_t h) {
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

namespace {

class SyntheticState final : public pipeline::SourceState {
 public:
  SyntheticState(SyntheticSource::Options o, pipeline::SourceContext ctx) : o_(o), ctx_(ctx) {}

  Result<std::optional<Band>> next(pipeline::BufferPool& pool) noexcept override {
    if (page_ >= o_.pages) return std::optional<Band>{};
    if (row_ == 0) {
      auto g = std::make_shared<pipeline::PageGeometry>();
      g->width = o_.width;
      g->height = o_.height;
      g->color_space = pipeline::ColorSpace::gray;
      g->document = ctx_.document;
      g->page = ctx_.first_page + page_;
      geometry_ = g;
      band_index_ = 0;
    }
    Band b;
    b.page = geometry_;
    b.format = PixelFormat::gray8;
    b.index = band_index_++;
    b.first_row = row_;
    b.rows = std::min(o_.band_rows, o_.height - row_);
    b.stride = o_.width;
    b.owner = ctx_.owner;
    if (o_.wrong_owner) b.owner.job_id += 1000;
    auto buf = pool.acquire(b.raw_bytes());
    if (!buf) return buf.status();
    b.data = std::move(buf).value();
    for (std::uint32_t r = 0; r < b.rows; ++r) {
      for (std::uint32_t x = 0; x < o_.width; ++x) {
        b.row(r)[x] = SyntheticSource::pixel(x, row_ + r, geometry_->page);
      }
    }
    row_ += b.rows;
    if (row_ >= o_.height) {
      b.last_in_page = true;
      row_ = 0;
      ++page_;
    }
    return std::optional<Band>(std::move(b));
  }

 private:
  SyntheticSource::Options o_;
  pipeline::SourceContext ctx_;
  std::uint32_t page_ = 0, row_ = 0, band_index_ = 0;
  std::shared_ptr<const pipeline::PageGeometry> geometry_;
};

class CollectingState final : public pipeline::SinkState {
 public:
  explicit CollectingState(std::shared_ptr<CollectingSink::Shared> s) : s_(std::move(s)) {}
  Status consume(Band band) noexcept override {
    std::lock_guard lock(s_->mu);
    s_->records.push_back({band.page->page, band.index, fnv1a(band.data.data(), band.raw_bytes())});
    return Status::ok();
  }
  Status finish(const Status& job_status) noexcept override {
    std::lock_guard lock(s_->mu);
    s_->finishes.push_back(job_status);
    return Status::ok();
  }

 private:
  std::shared_ptr<CollectingSink::Shared> s_;
};

}  // namespace

SyntheticSource::SyntheticSource(Options o) : o_(o) {
  traits_.name = "synthetic";
  traits_.output = PixelFormat::gray8;
  traits_.concurrency = pipeline::Concurrency::serial;
}

Result<std::unique_ptr<pipeline::SourceState>> SyntheticSource::open(
    pipeline::DocumentStream&, const pipeline::SourceContext& ctx) const noexcept {
  return std::unique_ptr<pipeline::SourceState>(std::make_unique<SyntheticState>(o_, ctx));
}

InvertStage::InvertStage(Failure failure, std::uint32_t fail_page, std::uint32_t fail_band)
    : failure_(failure), fail_page_(fail_page), fail_band_(fail_band) {
  traits_.name = "invert";
  traits_.inputs = {PixelFormat::gray8};
  traits_.concurrency = pipeline::Concurrency::parallel;
}

Result<Band> InvertStage::process(Band in, pipeline::StageState*,
                                  pipeline::BufferPool& pool) const {
  if (failure_ != Failure::none && in.page->page == fail_page_ && in.index == fail_band_) {
    if (failure_ == Failure::status) {
      return pipeline::make_error(pipeline::StatusCode::malformed_data, "injected failure");
    }
    // Deliberately breaks the no-throw rule to prove the builder contains it.
    throw std::runtime_error("injected exception");
  }
  if (in.index % 2 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  auto out = pipeline::make_band_like(in, PixelFormat::gray8, pool);
  if (!out) return out.status();
  for (std::size_t i = 0; i < in.raw_bytes(); ++i) {
    out->data.data()[i] = static_cast<std::uint8_t>(~in.data.data()[i]);
  }
  return std::move(out).value();
}

CollectingSink::CollectingSink() : shared_(std::make_shared<Shared>()) {
  traits_.name = "collect";
  traits_.inputs = {PixelFormat::gray8};
  traits_.concurrency = pipeline::Concurrency::ordered;
}

Result<std::unique_ptr<pipeline::SinkState>> CollectingSink::open(
    pipeline::JobContext&) const noexcept {
  return std::unique_ptr<pipeline::SinkState>(std::make_unique<CollectingState>(shared_));
}

}  // namespace mfp::testing
