#include "stages/output/page_store.h"

#include <algorithm>

namespace mfp::stages::output {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

Status PageStore::put(pipeline::EnginePage page) noexcept {
  try {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || pages_.size() < capacity_; });
    if (closed_) return make_error(StatusCode::cancelled, "page store closed");
    ++jobs_[page.owner.job_id].pending;
    pages_.push_back(std::move(page));
    peak_ = std::max(peak_, pages_.size());
    not_empty_.notify_one();
    return Status::ok();
  } catch (...) {
    return make_error(StatusCode::resource_exhausted, "page store: out of memory");
  }
}

std::optional<pipeline::EnginePage> PageStore::take() noexcept {
  std::unique_lock lock(mu_);
  not_empty_.wait(lock, [&] { return closed_ || !pages_.empty(); });
  if (pages_.empty()) return std::nullopt;
  pipeline::EnginePage page = std::move(pages_.front());
  pages_.pop_front();
  not_full_.notify_one();
  return page;
}

void PageStore::page_done(std::uint64_t job_id, const Status& status) noexcept {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return;
  if (it->second.pending > 0) --it->second.pending;
  if (!status.is_ok() && it->second.status.is_ok()) it->second.status = status;
  job_done_.notify_all();
}

Status PageStore::wait_job(std::uint64_t job_id) noexcept {
  std::unique_lock lock(mu_);
  job_done_.wait(lock, [&] {
    auto it = jobs_.find(job_id);
    return it == jobs_.end() || it->second.pending == 0 || closed_;
  });
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return Status::ok();
  Status s = it->second.status;
  if (s.is_ok() && it->second.pending != 0) {
    s = make_error(StatusCode::cancelled, "page store closed before the job's pages printed");
  }
  jobs_.erase(it);
  return s;
}

void PageStore::discard_job(std::uint64_t job_id) noexcept {
  std::deque<pipeline::EnginePage> dropped;
  {
    std::lock_guard lock(mu_);
    auto keep = std::stable_partition(pages_.begin(), pages_.end(),
                                      [&](const auto& p) { return p.owner.job_id != job_id; });
    std::move(keep, pages_.end(), std::back_inserter(dropped));
    pages_.erase(keep, pages_.end());
    auto it = jobs_.find(job_id);
    if (it != jobs_.end()) {
      it->second.pending -= std::min(it->second.pending, dropped.size());
      if (it->second.status.is_ok()) {
        it->second.status = make_error(StatusCode::cancelled, "job cancelled");
      }
    }
    not_full_.notify_all();
    job_done_.notify_all();
  }
  // `dropped` goes out of scope here, outside the lock: its buffers are zeroed.
}

void PageStore::close() noexcept {
  std::lock_guard lock(mu_);
  closed_ = true;
  not_full_.notify_all();
  not_empty_.notify_all();
  job_done_.notify_all();
}

std::size_t PageStore::size() const noexcept {
  std::lock_guard lock(mu_);
  return pages_.size();
}

std::size_t PageStore::peak_size() const noexcept {
  std::lock_guard lock(mu_);
  return peak_;
}

}  // namespace mfp::stages::output
