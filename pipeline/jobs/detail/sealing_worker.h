#pragma once
// SealingWorker: seals (encrypts and writes) one spool buffer on its own thread while the
// caller reads the next one from the client, so a document upload costs max(network, sealing)
// instead of their sum (two cores: TLS decryption on one, AES-GCM sealing on the other).
//
// One buffer in flight: submit() waits for the previous write to finish before it hands over
// the next, so the caller may refill the buffer it submitted two calls ago. The writer is used
// by one thread at a time (handed over under the mutex). The first failed write's Status is
// kept and returned by every later submit() and by finish(). Never throws except
// std::system_error when no thread can be started (callers catch it).

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>

#include "pipeline/status.h"

namespace mfp::pipeline::jobs::detail {

template <typename Writer>
class SealingWorker {
 public:
  explicit SealingWorker(Writer& writer) : writer_(writer), thread_([this] { run(); }) {}
  SealingWorker(const SealingWorker&) = delete;
  SealingWorker& operator=(const SealingWorker&) = delete;
  ~SealingWorker() { (void)finish(); }

  // Hands `bytes` (which must stay unchanged until the next submit() or finish() returns) to
  // the worker after the previous write finished. The first write error, if any.
  [[nodiscard]] Status submit(std::span<const std::uint8_t> bytes) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !busy_; });
    if (!status_.is_ok()) return status_;
    pending_ = bytes;
    busy_ = true;
    cv_.notify_all();
    return Status::ok();
  }

  // Waits for the last write and stops the worker. The first write error, if any.
  [[nodiscard]] Status finish() {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !busy_; });
      stopping_ = true;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return busy_ || stopping_; });
      if (!busy_) return;
      const auto bytes = pending_;
      lock.unlock();
      Status s = writer_.write(bytes);
      lock.lock();
      if (status_.is_ok() && !s.is_ok()) status_ = std::move(s);
      busy_ = false;
      cv_.notify_all();
    }
  }

  Writer& writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::span<const std::uint8_t> pending_;
  bool busy_ = false;
  bool stopping_ = false;
  Status status_;
  std::thread thread_;  // last: starts after the members it uses
};

}  // namespace mfp::pipeline::jobs::detail
