#include "pipeline/graph_builder.h"

#include "pipeline/page_imposition.h"
#include "pipeline/page_selection.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/flow_graph.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <exception>
#include <thread>

namespace mfp::pipeline {

namespace flow = oneapi::tbb::flow;

namespace detail {

namespace {

// The most a fused pair's intermediate rows may take: well inside a core's L2 cache.
constexpr std::size_t kFusedScratchBytes = 256 * 1024;

// Rows per band of an imposed sheet: the PDF RIP's measured band height (stages/rip/README.md).
constexpr std::uint32_t kSheetBandRows = 128;

// What travels between nodes. A dropped token (failed or cancelled job, refused band) keeps
// flowing with no band so the sequencers and the limiter still see every sequence number.
struct Token {
  std::uint64_t seq = 0;
  bool dropped = false;
  Band band;
};
using Msg = std::shared_ptr<Token>;

struct Counters {
  std::atomic<std::uint64_t> ns{0};
  std::atomic<std::uint64_t> pixels{0};
  std::atomic<std::uint64_t> bands{0};

  void add(std::chrono::steady_clock::duration d, std::uint64_t px) noexcept {
    ns.fetch_add(
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()),
        std::memory_order_relaxed);
    pixels.fetch_add(px, std::memory_order_relaxed);
    bands.fetch_add(1, std::memory_order_relaxed);
  }
};

Status from_exception(std::string_view where) noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    return make_error(StatusCode::internal, std::string(where) + ": exception: " + e.what());
  } catch (...) {
    return make_error(StatusCode::internal, std::string(where) + ": unknown exception");
  }
}

Status prefixed(std::string_view where, const Status& s) {
  return Status(s.code(), std::string(where) + ": " + s.message());
}

// Drops a token's band: its buffer is zeroed as it goes back to the pool.
void drop(Token& t) noexcept {
  t.band = Band{};
  t.dropped = true;
}

}  // namespace

// Owns one job's oneTBB graph, its nodes and the per-thread and per-job stage state.
class JobGraphImpl {
 public:
  struct StageSlot {
    std::shared_ptr<const Stage> stage;
    // Parallel stages keep one state per worker thread; serial and ordered stages one per job.
    oneapi::tbb::enumerable_thread_specific<std::unique_ptr<StageState>> per_thread;
    std::unique_ptr<StageState> per_job;
    Counters counters;
    StageSlot* fused_next = nullptr;  // run with this stage in one node, rows at a time
    bool absorbed = false;            // run by the previous slot's node (no node of its own)

    StageState* state() {
      if (stage->traits().concurrency != Concurrency::parallel) return per_job.get();
      auto& local = per_thread.local();
      if (!local) local = stage->make_state();
      return local.get();
    }
  };

  JobGraphImpl(Envelope& envelope, BufferPool& pool, JobContext& job)
      : envelope_(envelope), pool_(pool), job_(job) {}

  Envelope& envelope_;
  BufferPool& pool_;
  JobContext& job_;
  std::vector<std::pair<std::shared_ptr<const Source>, std::unique_ptr<DocumentStream>>> docs_;
  std::vector<std::unique_ptr<StageSlot>> slots_;
  std::shared_ptr<const Sink> sink_;
  std::unique_ptr<SinkState> sink_state_;
  std::size_t tokens_ = 4;

  Counters source_counters_;
  Counters sink_counters_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> peak_in_flight_{0};

  // Source iteration state (touched only by the serial input node).
  std::size_t doc_index_ = 0;
  std::unique_ptr<SourceState> source_state_;
  std::uint32_t pages_started_ = 0;
  std::uint64_t next_seq_ = 0;
  bool ran_ = false;

  flow::graph graph_;
  std::unique_ptr<flow::input_node<Msg>> input_;
  std::unique_ptr<flow::limiter_node<Msg>> limiter_;
  std::vector<std::unique_ptr<flow::graph_node>> nodes_;  // stages and sequencers, kept alive

  // Produces the next token, or stops the input node at the end of the job.
  Msg pull(oneapi::tbb::flow_control& fc) noexcept {
    try {
      while (job_.live()) {
        if (!source_state_) {
          if (doc_index_ >= docs_.size()) break;
          auto& [source, stream] = docs_[doc_index_];
          SourceContext ctx{job_.owner(), job_.options(), static_cast<std::uint32_t>(doc_index_),
                            pages_started_};
          const auto start = std::chrono::steady_clock::now();
          auto opened = source->open(*stream, ctx);
          source_counters_.ns.fetch_add(
              static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                             std::chrono::steady_clock::now() - start)
                                             .count()),
              std::memory_order_relaxed);
          if (!opened) {
            job_.fail(prefixed(source->traits().name, opened.status()));
            break;
          }
          source_state_ = std::move(opened).value();
          if (!job_.options().page_ranges.empty() && !source->traits().selects_pages) {
            source_state_ =
                select_pages(std::move(source_state_), job_.options().page_ranges, pages_started_);
          }
          if (job_.options().layout.active()) {
            source_state_ = impose_pages(std::move(source_state_), job_.options().layout,
                                         job_.options().dpi, pages_started_, kSheetBandRows);
          }
        }
        auto& source = docs_[doc_index_].first;
        const auto start = std::chrono::steady_clock::now();
        auto next = source_state_->next(pool_);
        if (!next) {
          job_.fail(prefixed(source->traits().name, next.status()));
          break;
        }
        if (!next.value().has_value()) {
          source_state_.reset();
          docs_[doc_index_].second.reset();
          ++doc_index_;
          continue;
        }
        Band band = std::move(*next.value());
        source_counters_.add(std::chrono::steady_clock::now() - start, band.pixels());
        if (band.index == 0) ++pages_started_;
        auto token = std::make_shared<Token>();
        token->seq = next_seq_++;
        token->band = std::move(band);
        note_in_flight(+1);
        return token;
      }
    } catch (...) {
      job_.fail(from_exception("source"));
    }
    source_state_.reset();
    fc.stop();
    return nullptr;
  }

  void note_in_flight(int delta) noexcept {
    if (delta > 0) {
      const std::size_t now = in_flight_.fetch_add(1, std::memory_order_relaxed) + 1;
      std::size_t peak = peak_in_flight_.load(std::memory_order_relaxed);
      while (now > peak && !peak_in_flight_.compare_exchange_weak(peak, now)) {
      }
    } else {
      in_flight_.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  // The envelope around one stage: admit, process, account; never throws.
  // Whether a token's band may enter the stage of `traits`: its job still live, the band
  // admitted by the envelope, rendered unless the stage renders, in a format the stage takes.
  // Otherwise the job fails (when that is why) and the band is dropped.
  bool enters(const StageTraits& traits, Token& t) noexcept {
    if (t.dropped) return false;
    if (!job_.live()) {
      drop(t);
      return false;
    }
    Status admitted = envelope_.admit(job_, t.band);
    if (!admitted.is_ok()) {
      job_.fail(prefixed(traits.name, admitted));
      drop(t);
      return false;
    }
    if (t.band.encoding == BandEncoding::deferred && !traits.renders_deferred) {
      job_.fail(make_error(StatusCode::internal, traits.name + ": got an unrendered band"));
      drop(t);
      return false;
    }
    if (!traits.inputs.contains(t.band.format)) {
      job_.fail(make_error(
          StatusCode::unsupported,
          traits.name + ": does not accept " + std::string(to_string(t.band.format)) + " bands"));
      drop(t);
      return false;
    }
    return true;
  }

  Msg run_stage(StageSlot& slot, Msg m) noexcept {
    Token& t = *m;
    const StageTraits& traits = slot.stage->traits();
    if (!enters(traits, t)) return m;
    try {
      StageState* state = slot.state();
      const std::uint64_t px = t.band.pixels();
      const auto start = std::chrono::steady_clock::now();
      Result<Band> out = slot.stage->process(std::move(t.band), state, pool_);
      slot.counters.add(std::chrono::steady_clock::now() - start, px);
      if (!out) {
        job_.fail(prefixed(traits.name, out.status()));
        drop(t);
        return m;
      }
      t.band = std::move(out).value();
    } catch (...) {
      job_.fail(from_exception(traits.name));
      drop(t);
    }
    return m;
  }

  // Two row-fusable stages as one: the first stage's output for a few rows at a time lives in
  // a scratch band that stays in the cache, and the second stage turns it into its rows of the
  // output band. Same envelope rules as run_stage; each stage's time counts for itself.
  Msg run_fused(StageSlot& first, StageSlot& second, Msg m) noexcept {
    Token& t = *m;
    const StageTraits& ta = first.stage->traits();
    const StageTraits& tb = second.stage->traits();
    if (!enters(ta, t)) return m;
    if (Status admitted = envelope_.admit(job_, t.band); !admitted.is_ok()) {
      job_.fail(prefixed(tb.name, admitted));
      drop(t);
      return m;
    }
    if (t.band.encoding != BandEncoding::raw || !ta.output) {
      job_.fail(make_error(StatusCode::internal, ta.name + ": cannot run fused on this band"));
      drop(t);
      return m;
    }
    try {
      StageState* state_a = first.state();
      StageState* state_b = second.state();
      const Band& in = t.band;
      const PixelFormat mid = *ta.output;
      const std::uint64_t px = in.pixels();
      auto out = make_band_like(in, tb.output.value_or(mid), pool_);
      if (!out) {
        job_.fail(prefixed(tb.name, out.status()));
        drop(t);
        return m;
      }
      Band scratch;
      scratch.page = in.page;
      scratch.format = mid;
      scratch.owner = in.owner;
      scratch.index = in.index;
      scratch.stride = row_bytes(mid, in.width());
      const std::size_t row_set = scratch.stride * planes_of(mid);
      const auto chunk = static_cast<std::uint32_t>(
          std::clamp<std::size_t>(kFusedScratchBytes / std::max<std::size_t>(1, row_set), 1,
                                  std::max<std::uint32_t>(1, in.rows)));
      auto buffer = pool_.acquire(row_set * chunk);
      if (!buffer) {
        job_.fail(prefixed(ta.name, buffer.status()));
        drop(t);
        return m;
      }
      scratch.data = std::move(buffer).value();
      std::chrono::steady_clock::duration spent_a{}, spent_b{};
      for (std::uint32_t r = 0; r < in.rows; r += chunk) {
        scratch.rows = std::min(chunk, in.rows - r);
        scratch.first_row = in.first_row + r;
        std::memset(scratch.data.data(), 0, scratch.raw_bytes());
        const auto t0 = std::chrono::steady_clock::now();
        Status s = first.stage->process_rows(in, r, scratch.rows, scratch, 0, state_a);
        const auto t1 = std::chrono::steady_clock::now();
        const bool first_failed = !s.is_ok();
        if (!first_failed) {
          s = second.stage->process_rows(scratch, 0, scratch.rows, out.value(), r, state_b);
        }
        spent_a += t1 - t0;
        spent_b += std::chrono::steady_clock::now() - t1;
        if (!s.is_ok()) {
          job_.fail(prefixed(first_failed ? ta.name : tb.name, s));
          drop(t);
          return m;
        }
      }
      first.counters.add(spent_a, px);
      second.counters.add(spent_b, px);
      t.band = std::move(out).value();  // the input and the scratch are zeroed as they go
    } catch (...) {
      job_.fail(from_exception(ta.name));
      drop(t);
    }
    return m;
  }

  void run_sink(const Msg& m) noexcept {
    Token& t = *m;
    note_in_flight(-1);
    if (t.dropped) return;
    if (!job_.live()) {
      drop(t);
      return;
    }
    Status admitted = envelope_.admit(job_, t.band);
    if (!admitted.is_ok()) {
      job_.fail(prefixed(sink_->traits().name, admitted));
      drop(t);
      return;
    }
    if (t.band.encoding == BandEncoding::deferred) {
      job_.fail(
          make_error(StatusCode::internal, sink_->traits().name + ": got an unrendered band"));
      drop(t);
      return;
    }
    try {
      const bool last = t.band.last_in_page;
      std::shared_ptr<const PageGeometry> page = t.band.page;
      const std::uint64_t px = t.band.pixels();
      const auto start = std::chrono::steady_clock::now();
      Status s = sink_state_->consume(std::move(t.band));
      sink_counters_.add(std::chrono::steady_clock::now() - start, px);
      if (!s.is_ok()) {
        job_.fail(prefixed(sink_->traits().name, s));
        drop(t);
        return;
      }
      if (last && page) {
        job_.count_page();
        envelope_.page_completed(job_, *page);
      }
    } catch (...) {
      job_.fail(from_exception(sink_->traits().name));
      drop(t);
    }
  }

  void wire() {
    input_ = std::make_unique<flow::input_node<Msg>>(
        graph_, [this](oneapi::tbb::flow_control& fc) { return pull(fc); });
    limiter_ = std::make_unique<flow::limiter_node<Msg>>(graph_, tokens_);
    flow::make_edge(*input_, *limiter_);
    flow::sender<Msg>* prev = limiter_.get();

    auto add_sequencer = [&]() {
      auto seq = std::make_unique<flow::sequencer_node<Msg>>(
          graph_, [](const Msg& m) -> std::size_t { return static_cast<std::size_t>(m->seq); });
      flow::make_edge(*prev, *seq);
      prev = seq.get();
      nodes_.push_back(std::move(seq));
    };

    for (auto& slot_ptr : slots_) {
      StageSlot& slot = *slot_ptr;
      if (slot.absorbed) continue;
      const Concurrency c = slot.stage->traits().concurrency;
      if (c == Concurrency::ordered) add_sequencer();
      if (c != Concurrency::parallel) slot.per_job = slot.stage->make_state();
      auto node = std::make_unique<flow::function_node<Msg, Msg>>(
          graph_, c == Concurrency::parallel ? flow::unlimited : flow::serial,
          [this, &slot](const Msg& m) {
            return slot.fused_next != nullptr ? run_fused(slot, *slot.fused_next, m)
                                              : run_stage(slot, m);
          });
      flow::make_edge(*prev, *node);
      prev = node.get();
      nodes_.push_back(std::move(node));
    }
    add_sequencer();
    auto sink = std::make_unique<flow::function_node<Msg, flow::continue_msg>>(
        graph_, flow::serial, [this](const Msg& m) {
          run_sink(m);
          return flow::continue_msg();
        });
    flow::make_edge(*prev, *sink);
    flow::make_edge(*sink, limiter_->decrementer());
    nodes_.push_back(std::move(sink));
  }

  Status run() noexcept {
    if (ran_) return make_error(StatusCode::conflict, "job graph already ran");
    ran_ = true;
    try {
      auto opened = sink_->open(job_);
      if (!opened) {
        job_.fail(prefixed(sink_->traits().name, opened.status()));
      } else {
        sink_state_ = std::move(opened).value();
        wire();
        input_->activate();
        graph_.wait_for_all();
      }
    } catch (...) {
      job_.fail(from_exception("graph"));
      try {
        graph_.cancel();
        graph_.wait_for_all();
      } catch (...) {
      }
    }
    if (sink_state_) {
      try {
        Status completed = sink_state_->complete(job_.status());
        if (!completed.is_ok()) job_.fail(prefixed(sink_->traits().name, completed));
      } catch (...) {
        job_.fail(from_exception(sink_->traits().name));
      }
    }
    job_.mark_rendered();
    if (sink_state_) {
      Status finished = sink_state_->finish(job_.status());
      if (!finished.is_ok()) job_.fail(prefixed(sink_->traits().name, finished));
      sink_state_.reset();
    }
    // Release every document stream and decoder state whatever way the job ended.
    source_state_.reset();
    docs_.clear();
    Status final_status = job_.status();
    envelope_.job_finished(job_, final_status);
    return final_status;
  }
};

}  // namespace detail

JobGraph::JobGraph(std::unique_ptr<detail::JobGraphImpl> impl) : impl_(std::move(impl)) {}
JobGraph::~JobGraph() = default;

Status JobGraph::run() noexcept {
  return impl_->run();
}

std::vector<StageStats> JobGraph::stats() const {
  auto read = [](std::string name, const detail::Counters& c) {
    return StageStats{std::move(name), c.ns.load(), c.pixels.load(), c.bands.load()};
  };
  std::vector<StageStats> out;
  std::string source_name = "source";
  if (!impl_->docs_.empty()) source_name = impl_->docs_.front().first->traits().name;
  out.push_back(read(source_name, impl_->source_counters_));
  for (const auto& slot : impl_->slots_) {
    out.push_back(read(slot->stage->traits().name, slot->counters));
  }
  out.push_back(read(impl_->sink_->traits().name, impl_->sink_counters_));
  return out;
}

std::size_t JobGraph::peak_bands_in_flight() const noexcept {
  return impl_->peak_in_flight_.load();
}

GraphBuilder::GraphBuilder(Envelope& envelope, BufferPool& pool) noexcept
    : envelope_(envelope), pool_(pool) {}

GraphBuilder& GraphBuilder::add_document(std::shared_ptr<const Source> source,
                                         std::unique_ptr<DocumentStream> stream) {
  docs_.emplace_back(std::move(source), std::move(stream));
  return *this;
}

GraphBuilder& GraphBuilder::add_stage(std::shared_ptr<const Stage> stage) {
  stages_.push_back(std::move(stage));
  return *this;
}

GraphBuilder& GraphBuilder::set_sink(std::shared_ptr<const Sink> sink) {
  sink_ = std::move(sink);
  return *this;
}

GraphBuilder& GraphBuilder::set_max_bands_in_flight(std::size_t tokens) {
  tokens_ = tokens;
  return *this;
}

Result<std::unique_ptr<JobGraph>> GraphBuilder::build(JobContext& job) {
  if (docs_.empty()) return make_error(StatusCode::invalid_argument, "job has no document");
  for (const auto& [source, stream] : docs_) {
    if (!source || !stream) {
      return make_error(StatusCode::invalid_argument, "document without source or stream");
    }
  }
  if (!sink_) return make_error(StatusCode::invalid_argument, "graph has no sink");
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    if (!stages_[i]) return make_error(StatusCode::invalid_argument, "null stage");
    if (i + 1 < stages_.size() && stages_[i + 1]) {
      const auto& out = stages_[i]->traits().output;
      if (out && !stages_[i + 1]->traits().inputs.contains(*out)) {
        return make_error(StatusCode::invalid_argument,
                          stages_[i]->traits().name + " makes " + std::string(to_string(*out)) +
                              ", which " + stages_[i + 1]->traits().name + " does not accept");
      }
    }
  }
  auto impl = std::make_unique<detail::JobGraphImpl>(envelope_, pool_, job);
  impl->docs_ = std::move(docs_);
  for (auto& s : stages_) {
    auto slot = std::make_unique<detail::JobGraphImpl::StageSlot>();
    slot->stage = std::move(s);
    impl->slots_.push_back(std::move(slot));
  }
  stages_.clear();
  // Adjacent row-fusable parallel stages run as one node (see run_fused).
  for (std::size_t i = 0; i + 1 < impl->slots_.size(); ++i) {
    auto& a = *impl->slots_[i];
    auto& b = *impl->slots_[i + 1];
    const StageTraits& ta = a.stage->traits();
    const StageTraits& tb = b.stage->traits();
    const auto parallel_fusable = [](const StageTraits& t) {
      return t.row_fusable && t.concurrency == Concurrency::parallel && !t.renders_deferred;
    };
    if (a.absorbed || !parallel_fusable(ta) || !parallel_fusable(tb) || !ta.output) continue;
    a.fused_next = &b;
    b.absorbed = true;
  }
  impl->sink_ = sink_;
  std::size_t tokens = tokens_;
  if (tokens == 0) {
    tokens = std::max<std::size_t>(4, 3 * std::max(1u, std::thread::hardware_concurrency()));
  }
  impl->tokens_ = tokens;
  return std::make_unique<JobGraph>(std::move(impl));
}

}  // namespace mfp::pipeline
