#pragma once
// Test doubles for graph tests: a synthetic source, simple stages and a collecting sink.
// They live only under tests/.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/stage.h"

namespace mfp::testing {

// A document stream with no bytes (synthetic sources ignore their input).
class EmptyStream final : public pipeline::DocumentStream {
 public:
  pipeline::Result<std::size_t> read(std::span<std::uint8_t>) noexcept override {
    return std::size_t{0};
  }
};

// Makes `pages` gray8 pages of width x height whose pixel (x, y) on page p is
// (x + 3*y + 7*p) & 0xff, in bands of `band_rows`.
class SyntheticSource final : public pipeline::Source {
 public:
  struct Options {
    std::uint32_t pages = 1;
    std::uint32_t width = 64;
    std::uint32_t height = 64;
    std::uint32_t band_rows = 16;
    bool wrong_owner = false;  // stamps bands with another job's owner tag
  };
  explicit SyntheticSource(Options o);
  const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  pipeline::Result<std::unique_ptr<pipeline::SourceState>> open(
      pipeline::DocumentStream& in, const pipeline::SourceContext& ctx) const noexcept override;

  static std::uint8_t pixel(std::uint32_t x, std::uint32_t y, std::uint32_t page) {
    return static_cast<std::uint8_t>((x + 3 * y + 7 * page) & 0xff);
  }

 private:
  Options o_;
  pipeline::StageTraits traits_;
};

// Inverts every byte. Parallel. Optionally fails (or throws) at the band with seq index `fail_at`
// counted across the job, and sleeps a little on even bands to shuffle completion order.
class InvertStage final : public pipeline::Stage {
 public:
  enum class Failure { none, status, exception };
  explicit InvertStage(Failure failure = Failure::none, std::uint32_t fail_page = 0,
                       std::uint32_t fail_band = 0);
  const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  pipeline::Result<pipeline::Band> process(pipeline::Band in, pipeline::StageState*,
                                           pipeline::BufferPool& pool) const override;

 private:
  pipeline::StageTraits traits_;
  Failure failure_;
  std::uint32_t fail_page_, fail_band_;
};

// Records every band it receives (page, band index, FNV-1a of the rows) in arrival order.
class CollectingSink final : public pipeline::Sink {
 public:
  struct Record {
    std::uint32_t page, band;
    std::uint64_t hash;
  };
  struct Shared {
    std::mutex mu;
    std::vector<Record> records;
    std::vector<pipeline::Status> finishes;
  };
  CollectingSink();
  const pipeline::StageTraits& traits() const noexcept override { return traits_; }
  pipeline::Result<std::unique_ptr<pipeline::SinkState>> open(
      pipeline::JobContext& job) const noexcept override;
  std::shared_ptr<Shared> shared() const { return shared_; }

 private:
  pipeline::StageTraits traits_;
  std::shared_ptr<Shared> shared_;
};

std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n, std::uint64_t h = 1469598103934665603ull);

}  // namespace mfp::testing
