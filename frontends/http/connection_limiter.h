#pragma once
// ConnectionLimiter: counts the open connections of a server, in all and per source address,
// and refuses a new one past either limit. A granted connection holds a ConnectionSlot; the
// count drops when the slot is destroyed.
//
// Thread-safe. The limiter must outlive every slot it granted.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace mfp::frontends::http {

class ConnectionLimiter;

// One counted connection (move-only RAII).
class ConnectionSlot {
 public:
  ConnectionSlot(ConnectionSlot&& other) noexcept
      : limiter_(other.limiter_), source_(std::move(other.source_)) {
    other.limiter_ = nullptr;
  }
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot();

 private:
  friend class ConnectionLimiter;
  ConnectionSlot(ConnectionLimiter* limiter, std::string source)
      : limiter_(limiter), source_(std::move(source)) {}
  ConnectionLimiter* limiter_;
  std::string source_;
};

class ConnectionLimiter {
 public:
  ConnectionLimiter(std::size_t max_total, std::size_t max_per_source) noexcept
      : max_total_(max_total), max_per_source_(max_per_source) {}

  // A slot for a connection from `source`, or nullopt when the server or the source is full.
  [[nodiscard]] std::optional<ConnectionSlot> try_acquire(const std::string& source);

  [[nodiscard]] std::size_t open() const;
  [[nodiscard]] std::size_t open_from(const std::string& source) const;

 private:
  friend class ConnectionSlot;
  void release(const std::string& source) noexcept;

  const std::size_t max_total_;
  const std::size_t max_per_source_;
  mutable std::mutex mu_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t> per_source_;
};

}  // namespace mfp::frontends::http
