#include "stages/rip/mupdf_engine.h"

#include <malloc.h>
#include <strings.h>

#include <cstdlib>
#include <cstring>

namespace mfp::stages::rip {

namespace detail {

pipeline::StatusCode status_for_fz_error(int code) noexcept {
  switch (code) {
    case FZ_ERROR_MEMORY:
      return pipeline::StatusCode::resource_exhausted;
    case FZ_ERROR_ABORT:
      return pipeline::StatusCode::limit_exceeded;
    default:
      return pipeline::StatusCode::malformed_data;
  }
}

}  // namespace detail

namespace {

using Heap = MupdfEngine::Heap;

void* heap_malloc(void* user, std::size_t size) {
  auto* heap = static_cast<Heap*>(user);
  if (size > heap->limit || heap->used.load(std::memory_order_relaxed) > heap->limit - size) {
    return nullptr;  // MuPDF then evicts its store and retries, or fails the page
  }
  void* p = std::malloc(size);  // NOLINT(*-no-malloc,*-owning-memory): MuPDF's C allocator
  if (p != nullptr) heap->used.fetch_add(malloc_usable_size(p), std::memory_order_relaxed);
  return p;
}

void heap_free(void* user, void* p) {
  if (p == nullptr) return;
  auto* heap = static_cast<Heap*>(user);
  const std::size_t n = malloc_usable_size(p);
  explicit_bzero(p, n);
  heap->used.fetch_sub(n, std::memory_order_relaxed);
  std::free(p);  // NOLINT(*-no-malloc,*-owning-memory): MuPDF's C allocator
}

// Never realloc in place across a move: the old block is zeroed before it is freed.
void* heap_realloc(void* user, void* old, std::size_t size) {
  if (old == nullptr) return heap_malloc(user, size);
  if (size == 0) {
    heap_free(user, old);
    return nullptr;
  }
  const std::size_t old_size = malloc_usable_size(old);
  if (size <= old_size) return old;
  void* p = heap_malloc(user, size);
  if (p == nullptr) return nullptr;
  std::memcpy(p, old, old_size);
  heap_free(user, old);
  return p;
}

void lock_cb(void* user, int lock) {
  static_cast<std::mutex*>(user)[lock].lock();
}
void unlock_cb(void* user, int lock) {
  static_cast<std::mutex*>(user)[lock].unlock();
}

void drop_message(void* /*user*/, const char* /*message*/) {}

void quiet(fz_context* ctx, const MupdfOptions& options) {
  fz_set_warning_callback(ctx, drop_message, nullptr);
  fz_set_error_callback(ctx, drop_message, nullptr);
  fz_set_text_aa_level(ctx, options.text_aa_bits);
  fz_set_graphics_aa_level(ctx, options.graphics_aa_bits);
  fz_set_graphics_min_line_width(ctx, options.min_line_width);
}

}  // namespace

MupdfEngine::MupdfEngine(MupdfOptions options) : options_(options) {
  heap_.limit = options_.memory_limit;
  alloc_ = fz_alloc_context{&heap_, heap_malloc, heap_realloc, heap_free};
  lock_callbacks_ = fz_locks_context{locks_, lock_cb, unlock_cb};
}

pipeline::Result<std::shared_ptr<MupdfEngine>> MupdfEngine::create(MupdfOptions options) {
  std::shared_ptr<MupdfEngine> engine;
  try {
    engine.reset(new MupdfEngine(options));  // NOLINT(*-owning-memory): private constructor
  } catch (...) {
    return pipeline::current_exception_status("PDF RIP");
  }
  engine->base_.reset(
      fz_new_context(&engine->alloc_, &engine->lock_callbacks_, options.store_limit));
  if (!engine->base_) {
    return pipeline::make_error(pipeline::StatusCode::resource_exhausted,
                                "PDF RIP: MuPDF could not start");
  }
  fz_context* ctx = engine->base_.get();
  quiet(ctx, options);
  MFP_RETURN_IF_ERROR(
      detail::fz_guard(ctx, "PDF RIP", [&] { fz_register_document_handlers(ctx); }));
  try {
    engine->watchdog_ = std::thread([e = engine.get()] { e->watchdog_loop(); });
  } catch (...) {
    return pipeline::make_error(pipeline::StatusCode::resource_exhausted,
                                "PDF RIP: no watchdog thread");
  }
  return engine;
}

MupdfEngine::~MupdfEngine() {
  {
    std::lock_guard lock(watch_mu_);
    stopping_ = true;
  }
  watch_cv_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
  base_.reset();
}

detail::FzContext MupdfEngine::clone() const noexcept {
  fz_context* c = nullptr;
  {
    std::lock_guard lock(clone_mu_);
    c = fz_clone_context(base_.get());
  }
  if (c != nullptr) quiet(c, options_);
  return detail::FzContext(c);
}

MupdfEngine::Watch::Watch(const MupdfEngine& engine, fz_cookie* cookie,
                          std::chrono::steady_clock::time_point deadline)
    : engine_(engine) {
  bool earlier = false;
  {
    std::lock_guard lock(engine_.watch_mu_);
    id_ = engine_.next_watch_++;
    engine_.watched_.emplace(id_, Watched{cookie, deadline});
    earlier = deadline < engine_.wake_at_;
  }
  if (earlier) engine_.watch_cv_.notify_all();
}

MupdfEngine::Watch::~Watch() {
  std::lock_guard lock(engine_.watch_mu_);
  engine_.watched_.erase(id_);
}

void MupdfEngine::watchdog_loop() {
  std::unique_lock lock(watch_mu_);
  while (!stopping_) {
    auto next = std::chrono::steady_clock::time_point::max();
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, w] : watched_) {
      if (w.deadline <= now) {
        w.cookie->abort = 1;  // MuPDF polls it between operations
      } else {
        next = std::min(next, w.deadline);
      }
    }
    wake_at_ = next;
    if (next == std::chrono::steady_clock::time_point::max()) {
      watch_cv_.wait(lock);
    } else {
      watch_cv_.wait_until(lock, next);
    }
  }
}

}  // namespace mfp::stages::rip
