#pragma once
// BufferPool and Buffer: recycled, page-aligned band memory that is zeroed on release and
// kept out of core dumps (MADV_DONTDUMP).
//
// Every byte of user data in flight lives in a Buffer. When a Buffer is destroyed or reset, its
// whole capacity is zeroed before the memory is cached for reuse or freed, so no band of one
// job can ever be read by another. The pool outlives nothing it lends: buffers keep the pool's
// core alive.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>

#include "pipeline/status.h"

namespace mfp::pipeline {

namespace detail {
struct PoolCore;
struct FreeDeleter {
  void operator()(std::uint8_t* p) const noexcept;
};
using AlignedBytes = std::unique_ptr<std::uint8_t[], FreeDeleter>;
}  // namespace detail

// A move-only block of memory from a BufferPool. `size()` is the payload length set by the
// producer; `capacity()` is what was allocated. Zeroed and returned to its pool on destruction.
class Buffer {
 public:
  Buffer() noexcept = default;
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.get(); }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.get(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] bool empty() const noexcept { return bytes_ == nullptr; }
  [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {data(), size_}; }
  [[nodiscard]] std::span<const std::uint8_t> span() const noexcept { return {data(), size_}; }

  // Sets the payload length; must not exceed capacity().
  void set_size(std::size_t n) noexcept;
  // Zeroes and returns the memory now.
  void reset() noexcept;

 private:
  friend class BufferPool;
  Buffer(detail::AlignedBytes bytes, std::size_t size, std::size_t capacity,
         std::shared_ptr<detail::PoolCore> pool) noexcept;

  detail::AlignedBytes bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::shared_ptr<detail::PoolCore> pool_;
};

// Counters a test or benchmark reads to prove memory stays flat.
struct PoolStats {
  std::size_t outstanding_bytes = 0;       // lent and not yet returned
  std::size_t peak_outstanding_bytes = 0;  // high-water mark of outstanding_bytes
  std::size_t cached_bytes = 0;            // zeroed and kept for reuse
  std::uint64_t allocations = 0;           // fresh allocations from the system
  std::uint64_t reuses = 0;                // acquisitions served from the cache
};

// Thread-safe source of Buffers. `max_outstanding_bytes` is a hard ceiling on memory lent at
// once (0 = unlimited); `max_cached_bytes` bounds idle memory kept for reuse.
class BufferPool {
 public:
  explicit BufferPool(std::size_t max_outstanding_bytes = 0,
                      std::size_t max_cached_bytes = 256u << 20);
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;
  ~BufferPool();

  // Lends a zeroed buffer of at least `bytes` capacity with size() == bytes. Fails with
  // resource_exhausted when the ceiling would be exceeded or the system has no memory.
  [[nodiscard]] Result<Buffer> acquire(std::size_t bytes) noexcept;

  [[nodiscard]] PoolStats stats() const noexcept;
  // Drops every cached buffer (after zeroing, which happened on release).
  void trim() noexcept;

 private:
  std::shared_ptr<detail::PoolCore> core_;
};

}  // namespace mfp::pipeline
