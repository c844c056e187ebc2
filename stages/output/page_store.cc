#include "stages/output/page_store.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace mfp::stages::output {

using pipeline::Band;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

// A stored page is its bands in order, each a fixed little-endian header then its bytes.
constexpr std::uint32_t kBandMagic = 0x4246504d;  // "MPFB"
constexpr std::size_t kBandHeader = 40;

void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_u64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint32_t get_u32(const std::uint8_t* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
  return v;
}
std::uint64_t get_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

Status read_exact(pipeline::ObjectReader& in, std::span<std::uint8_t> out) {
  std::size_t got = 0;
  while (got < out.size()) {
    MFP_ASSIGN_OR_RETURN(std::size_t n, in.read(out.subspan(got)));
    if (n == 0) return make_error(StatusCode::truncated, "stored page ends early");
    got += n;
  }
  return Status::ok();
}

}  // namespace

PageStore::~PageStore() {
  close();
}

Result<pipeline::ObjectRef> PageStore::seal(const pipeline::JobContext& job,
                                            const pipeline::EnginePage& page) noexcept {
  // Engine pages die with their job, so they need not survive a power loss: no fsync on the
  // pipeline's path. They are sealed and overwritten on release like every object.
  MFP_ASSIGN_OR_RETURN(auto writer,
                       envelope_.create_object(job, "page", pipeline::Persistence::transient));
  for (const Band& b : page.bands) {
    std::array<std::uint8_t, kBandHeader> h{};
    put_u32(h.data(), kBandMagic);
    put_u32(h.data() + 4, b.index);
    put_u32(h.data() + 8, b.first_row);
    put_u32(h.data() + 12, b.rows);
    put_u64(h.data() + 16, b.stride);
    h[24] = static_cast<std::uint8_t>(b.encoding);
    h[25] = static_cast<std::uint8_t>(b.format);
    h[26] = b.last_in_page ? 1 : 0;
    put_u64(h.data() + 32, b.data.size());
    MFP_RETURN_IF_ERROR(writer->write(h));
    MFP_RETURN_IF_ERROR(writer->write(b.data.span()));
  }
  return writer->commit();
}

Result<pipeline::EnginePage> PageStore::unseal(const Entry& entry) noexcept {
  MFP_ASSIGN_OR_RETURN(auto reader, envelope_.open_object(*entry.job, entry.ref));
  pipeline::EnginePage page;
  page.page = entry.page;
  page.format = entry.format;
  page.owner = entry.ref.owner;
  std::uint64_t consumed = 0;
  while (consumed < entry.ref.size) {
    std::array<std::uint8_t, kBandHeader> h{};
    MFP_RETURN_IF_ERROR(read_exact(*reader, h));
    if (get_u32(h.data()) != kBandMagic) {
      return make_error(StatusCode::integrity_error, "stored page: bad band header");
    }
    const std::uint64_t size = get_u64(h.data() + 32);
    if (size > entry.ref.size - consumed - kBandHeader) {
      return make_error(StatusCode::integrity_error, "stored page: band larger than the page");
    }
    Band b;
    b.page = entry.page;
    b.owner = entry.ref.owner;
    b.index = get_u32(h.data() + 4);
    b.first_row = get_u32(h.data() + 8);
    b.rows = get_u32(h.data() + 12);
    b.stride = get_u64(h.data() + 16);
    b.encoding = static_cast<pipeline::BandEncoding>(h[24]);
    b.format = static_cast<pipeline::PixelFormat>(h[25]);
    b.last_in_page = h[26] != 0;
    MFP_ASSIGN_OR_RETURN(b.data, pool_.acquire(size));
    MFP_RETURN_IF_ERROR(read_exact(*reader, b.data.span()));
    consumed += kBandHeader + size;
    page.bands.push_back(std::move(b));
  }
  return page;
}

Status PageStore::put(const pipeline::JobContext& job, pipeline::EnginePage page,
                      bool keep) noexcept {
  try {
    {
      std::unique_lock lock(mu_);
      not_full_.wait(lock, [&] { return closed_ || pages_.size() + reserved_ < capacity_; });
      if (closed_) return make_error(StatusCode::cancelled, "page store closed");
      ++reserved_;
    }
    auto sealed = seal(job, page);
    std::shared_ptr<const pipeline::PageGeometry> geometry = page.page;
    const pipeline::PixelFormat format = page.format;
    page = pipeline::EnginePage{};  // the plaintext bands are zeroed as they go
    std::lock_guard lock(mu_);
    --reserved_;
    if (!sealed) {
      not_full_.notify_one();
      return sealed.status();
    }
    if (closed_) {
      not_full_.notify_all();
      return make_error(StatusCode::cancelled, "page store closed");
    }
    JobEntry& entry = jobs_[job.id()];
    if (keep) entry.kept.reserve(entry.kept.size() + 1);  // no failure after the page is queued
    ++entry.pending;
    pages_.push_back(Entry{std::move(sealed).value(), std::move(geometry), format, &job, keep});
    if (keep) entry.kept.push_back(pages_.back());
    peak_ = std::max(peak_, pages_.size());
    not_empty_.notify_one();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("page store");
  }
}

std::optional<TakenPage> PageStore::take() noexcept {
  while (true) {
    Entry entry;
    {
      std::unique_lock lock(mu_);
      not_empty_.wait(lock, [&] { return closed_ || !pages_.empty(); });
      if (pages_.empty()) return std::nullopt;
      entry = std::move(pages_.front());
      pages_.pop_front();
      not_full_.notify_one();
    }
    auto page = unseal(entry);
    TakenPage taken{pipeline::EnginePage{}, entry.ref, entry.page,
                    entry.format,           entry.job, entry.kept};
    if (page) {
      taken.page = std::move(page).value();
      return taken;
    }
    page_done(taken, page.status());
  }
}

Result<pipeline::EnginePage> PageStore::reread(const TakenPage& page) noexcept {
  return unseal(Entry{page.ref, page.geometry, page.format, page.job, page.kept});
}

Result<std::uint64_t> PageStore::repeat_job(const pipeline::JobContext& job, std::uint32_t copy,
                                            bool last) noexcept {
  std::vector<Entry> pages;
  try {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(job.id());
    if (closed_ || it == jobs_.end() || it->second.discarded || !it->second.status.is_ok()) {
      return make_error(StatusCode::cancelled, "the job's pages were discarded or failed");
    }
    pages = it->second.kept;
    if (last) it->second.kept.clear();  // from now on each is released as it prints
  } catch (...) {
    return pipeline::current_exception_status("page store");
  }
  std::size_t queued = 0;
  Status failure;
  try {
    while (queued < pages.size()) {
      Entry& e = pages[queued];
      auto stamped = std::make_shared<pipeline::PageGeometry>(*e.page);
      stamped->copy = copy;
      e.page = std::move(stamped);
      e.kept = !last;
      std::unique_lock lock(mu_);
      not_full_.wait(lock, [&] { return closed_ || pages_.size() + reserved_ < capacity_; });
      auto it = jobs_.find(job.id());
      if (closed_ || it == jobs_.end() || it->second.discarded) {
        failure = make_error(StatusCode::cancelled, "the job's pages were discarded");
        break;
      }
      pages_.push_back(std::move(e));
      ++it->second.pending;
      ++queued;
      peak_ = std::max(peak_, pages_.size());
      not_empty_.notify_one();
    }
  } catch (...) {
    failure = make_error(StatusCode::resource_exhausted, "page store: out of memory");
  }
  if (failure.is_ok()) return std::uint64_t{queued};
  if (last) {  // the pages of the last copy not queued are this call's to release
    for (std::size_t k = queued; k < pages.size(); ++k) {
      envelope_.release_object(*pages[k].job, pages[k].ref);
    }
  }
  return failure;
}

void PageStore::release_kept(const std::vector<Entry>& kept) noexcept {
  for (const Entry& e : kept) envelope_.release_object(*e.job, e.ref);
}

void PageStore::page_done(const TakenPage& page, const Status& status) noexcept {
  // Release first, then report: the job may end (and its context go) once the page is done.
  // Releasing only journals here (the overwrite runs on the envelope's release worker).
  if (!page.kept) envelope_.release_object(*page.job, page.ref);
  std::lock_guard lock(mu_);
  finish_locked(page.ref.owner.job_id, status);
}

void PageStore::finish_locked(std::uint64_t job_id, const Status& status) {
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
    return it == jobs_.end() || (it->second.pending == 0 && it->second.releasing == 0) || closed_;
  });
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return Status::ok();
  Status s = it->second.status;
  if (s.is_ok() && it->second.pending != 0) {
    s = make_error(StatusCode::cancelled, "page store closed before the job's pages printed");
  }
  std::vector<Entry> kept = std::move(it->second.kept);
  jobs_.erase(it);
  lock.unlock();
  release_kept(kept);
  return s;
}

void PageStore::discard_job(std::uint64_t job_id) noexcept {
  std::vector<Entry> dropped;
  std::vector<Entry> kept;
  bool tracked = false;
  {
    std::lock_guard lock(mu_);
    if (auto it = jobs_.find(job_id); it != jobs_.end()) {
      it->second.discarded = true;
      kept = std::move(it->second.kept);
      it->second.kept.clear();
      // wait_job() returns only after the releases below: they use the job's context.
      ++it->second.releasing;
      tracked = true;
    }
    for (auto it = pages_.begin(); it != pages_.end();) {
      if (it->ref.owner.job_id == job_id) {
        dropped.push_back(std::move(*it));
        it = pages_.erase(it);
      } else {
        ++it;
      }
    }
    for (std::size_t i = 0; i < dropped.size(); ++i) {
      finish_locked(job_id, make_error(StatusCode::cancelled, "job cancelled"));
    }
    not_full_.notify_all();
  }
  // A kept page is released once: through the kept list, not as a dropped queue entry.
  for (const Entry& e : dropped) {
    if (!e.kept) envelope_.release_object(*e.job, e.ref);
  }
  release_kept(kept);
  if (tracked) {
    std::lock_guard lock(mu_);
    if (auto it = jobs_.find(job_id); it != jobs_.end() && it->second.releasing > 0) {
      --it->second.releasing;
    }
    job_done_.notify_all();
  }
}

void PageStore::close() noexcept {
  std::lock_guard lock(mu_);
  closed_ = true;
  // Queued pages are left to their jobs: job_finished releases every object of a job.
  pages_.clear();
  not_full_.notify_all();
  not_empty_.notify_all();
  job_done_.notify_all();
}

bool PageStore::closed() const noexcept {
  std::lock_guard lock(mu_);
  return closed_;
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
