#include "pipeline/buffer_pool.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace mfp::pipeline {

namespace detail {

// The RAII owner of aligned_alloc'd band memory (AlignedBytes), so the C calls stay here.
void FreeDeleter::operator()(std::uint8_t* p) const noexcept {
  std::free(p);  // NOLINT(cppcoreguidelines-owning-memory,cppcoreguidelines-no-malloc)
}

// Shared state of a pool; buffers hold it so they can return after the pool object is gone.
struct PoolCore {
  std::size_t max_outstanding = 0;
  std::size_t max_cached = 0;
  mutable std::mutex mu;
  std::multimap<std::size_t, AlignedBytes> cache;  // capacity -> zeroed block
  PoolStats stats;

  void give_back(AlignedBytes bytes, std::size_t capacity) noexcept {
    std::lock_guard lock(mu);
    stats.outstanding_bytes -= capacity;
    if (stats.cached_bytes + capacity <= max_cached) {
      try {
        cache.emplace(capacity, std::move(bytes));
        stats.cached_bytes += capacity;
      } catch (...) {
        // Memory is released by the unique_ptr; caching is an optimisation only.
      }
    }
  }
};

namespace {
// Page-aligned (capacities are whole pages), so each block can be kept out of core dumps.
constexpr std::size_t kAlign = 4096;
constexpr std::size_t round_up(std::size_t n) noexcept {
  // Size classes of 4 KiB keep the cache reusable across bands of slightly different size.
  constexpr std::size_t kClass = 4096;
  return (n + kClass - 1) / kClass * kClass;
}
}  // namespace

}  // namespace detail

Buffer::Buffer(detail::AlignedBytes bytes, std::size_t size, std::size_t capacity,
               std::shared_ptr<detail::PoolCore> pool) noexcept
    : bytes_(std::move(bytes)), size_(size), capacity_(capacity), pool_(std::move(pool)) {}

Buffer::Buffer(Buffer&& other) noexcept
    : bytes_(std::move(other.bytes_)),
      size_(other.size_),
      capacity_(other.capacity_),
      pool_(std::move(other.pool_)) {
  other.size_ = other.capacity_ = 0;
}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    reset();
    bytes_ = std::move(other.bytes_);
    size_ = other.size_;
    capacity_ = other.capacity_;
    pool_ = std::move(other.pool_);
    other.size_ = other.capacity_ = 0;
  }
  return *this;
}

Buffer::~Buffer() {
  reset();
}

void Buffer::set_size(std::size_t n) noexcept {
  size_ = n <= capacity_ ? n : capacity_;
}

void Buffer::reset() noexcept {
  if (!bytes_) return;
  // Zero the whole capacity: producers may have written past size().
  explicit_bzero(bytes_.get(), capacity_);
  if (pool_) {
    pool_->give_back(std::move(bytes_), capacity_);
  }
  bytes_.reset();
  pool_.reset();
  size_ = capacity_ = 0;
}

BufferPool::BufferPool(std::size_t max_outstanding_bytes, std::size_t max_cached_bytes)
    : core_(std::make_shared<detail::PoolCore>()) {
  core_->max_outstanding = max_outstanding_bytes;
  core_->max_cached = max_cached_bytes;
}

BufferPool::~BufferPool() = default;

Result<Buffer> BufferPool::acquire(std::size_t bytes) noexcept {
  const std::size_t want = detail::round_up(bytes == 0 ? 1 : bytes);
  detail::AlignedBytes block;
  std::size_t capacity = 0;
  {
    std::lock_guard lock(core_->mu);
    auto it = core_->cache.lower_bound(want);
    // Reuse a cached block unless it is far larger than needed.
    if (it != core_->cache.end() && it->first <= want * 2) {
      capacity = it->first;
      block = std::move(it->second);
      core_->cache.erase(it);
      core_->stats.cached_bytes -= capacity;
      ++core_->stats.reuses;
    } else {
      capacity = want;
    }
    if (core_->max_outstanding != 0 &&
        core_->stats.outstanding_bytes + capacity > core_->max_outstanding) {
      if (block) {
        core_->cache.emplace(capacity, std::move(block));
        core_->stats.cached_bytes += capacity;
      }
      return make_error(StatusCode::resource_exhausted, "band memory ceiling reached");
    }
    core_->stats.outstanding_bytes += capacity;
    core_->stats.peak_outstanding_bytes =
        std::max(core_->stats.peak_outstanding_bytes, core_->stats.outstanding_bytes);
    if (!block) ++core_->stats.allocations;
  }
  if (!block) {
    // Fresh memory is zeroed so every buffer starts clean, cached or not.
    block.reset(static_cast<std::uint8_t*>(
        std::aligned_alloc(detail::kAlign, capacity)));  // NOLINT(cppcoreguidelines-owning-memory)
    if (!block) {
      std::lock_guard lock(core_->mu);
      core_->stats.outstanding_bytes -= capacity;
      return make_error(StatusCode::resource_exhausted, "out of memory for a band buffer");
    }
    std::memset(block.get(), 0, capacity);
    // Bands hold users' pages in plaintext: never in a core dump, whatever the host allows
    // (mfpd also turns dumps off; this covers a library or tool that did not). Best effort.
    (void)::madvise(block.get(), capacity, MADV_DONTDUMP);
  }
  return Buffer(std::move(block), bytes, capacity, core_);
}

PoolStats BufferPool::stats() const noexcept {
  std::lock_guard lock(core_->mu);
  return core_->stats;
}

void BufferPool::trim() noexcept {
  std::lock_guard lock(core_->mu);
  core_->cache.clear();
  core_->stats.cached_bytes = 0;
}

}  // namespace mfp::pipeline
