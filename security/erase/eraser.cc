#include "security/erase/eraser.h"

#include "security/audit/audit_events.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "security/erase/file_io.h"

namespace mfp::security::erase {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::size_t kBlockBytes = 1u << 20;          // overwrite block
constexpr std::size_t kRandomRequestBytes = 1u << 16;  // one DRBG request (SP 800-90A limit)

// Key material: a ".key" extension, possibly followed by another (".key.tmp").
bool is_key_material(const std::filesystem::path& p) {
  const std::string name = p.filename().native();
  const std::size_t pos = name.find(".key");
  return pos != std::string::npos && pos > 0 && (pos + 4 == name.size() || name[pos + 4] == '.');
}

Status first_error(const Status& a, const Status& b) {
  return a.is_ok() ? b : a;
}

}  // namespace

Eraser::Eraser(std::filesystem::path base, std::unique_ptr<EraseJournal> journal,
               OverwriteMode mode, crypto::Drbg& drbg, audit::AuditSink& audit) noexcept
    : base_(std::move(base)),
      journal_(std::move(journal)),
      drbg_(drbg),
      audit_(audit),
      mode_(mode) {}

Eraser::~Eraser() = default;

Result<std::unique_ptr<Eraser>> Eraser::open(const std::filesystem::path& base_dir,
                                             OverwriteMode mode, crypto::Drbg& drbg,
                                             audit::AuditSink& audit) noexcept {
  try {
    std::error_code ec;
    const auto base = std::filesystem::weakly_canonical(base_dir, ec);
    if (ec || !std::filesystem::is_directory(base, ec)) {
      return Status(StatusCode::not_found, "eraser: base directory does not exist");
    }
    MFP_ASSIGN_OR_RETURN(auto journal, EraseJournal::open(base / kJournalName));
    return std::unique_ptr<Eraser>(new Eraser(base, std::move(journal), mode, drbg, audit));
  } catch (...) {
    return pipeline::current_exception_status("eraser");
  }
}

void Eraser::set_mode(OverwriteMode mode) noexcept {
  mode_.store(mode);
}
OverwriteMode Eraser::mode() const noexcept {
  return mode_.load();
}
bool Eraser::pending() const noexcept {
  return journal_->has_pending();
}

void Eraser::set_pass_observer_for_testing(PassObserver observer) noexcept {
  observer_ = std::move(observer);
}

Result<std::string> Eraser::relative(const std::filesystem::path& p) const {
  std::filesystem::path rel;
  if (p.empty()) {
    rel = ".";
  } else if (p.is_absolute()) {
    // Resolve the parent only: a symbolic link as the last component is unlinked, not followed.
    std::error_code ec;
    const auto parent = std::filesystem::weakly_canonical(p.parent_path(), ec);
    if (ec) return Status(StatusCode::invalid_argument, "eraser: unresolvable path");
    const auto full = p.has_filename() ? parent / p.filename() : parent;
    rel = full.lexically_relative(base_);
  } else {
    rel = p.lexically_normal();
  }
  std::string s = rel.generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (s.empty() || !EraseJournal::is_safe_relative_path(s)) {
    return Status(StatusCode::invalid_argument,
                  "eraser: path outside the base directory or unsafe");
  }
  return s;
}

Status Eraser::overwrite_file(const std::filesystem::path& file, OverwriteMode mode,
                              Outcome& out) noexcept {
  const std::string what = file.filename().native();
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::ok();  // already gone (finished before a power loss)
    return errno_status(errno, "stat", what);
  }
  if (S_ISDIR(st.st_mode)) return Status(StatusCode::conflict, "eraser: a directory: " + what);
  int passes = pass_count(mode);
  if (is_key_material(file)) passes = std::max(passes, 1);
  if (S_ISREG(st.st_mode) && passes > 0) {
    auto fd = open_file(file, O_WRONLY | O_NONBLOCK);
    if (!fd) {
      if (fd.status().code() == StatusCode::not_found) return Status::ok();
      return fd.status();
    }
    if (::fstat(fd->get(), &st) != 0) return errno_status(errno, "stat", what);
    const auto size = static_cast<std::uint64_t>(st.st_size);
    std::vector<std::uint8_t> block(static_cast<std::size_t>(
        std::min<std::uint64_t>(kBlockBytes, std::max<std::uint64_t>(size, 1))));
    for (int pass = 0; pass < passes; ++pass) {
      const OverwritePattern pattern = passes == 1 ? OverwritePattern::zeros : pass_pattern(pass);
      if (pattern != OverwritePattern::random) {
        std::memset(block.data(), pattern == OverwritePattern::zeros ? 0x00 : 0xFF, block.size());
      }
      for (std::uint64_t off = 0; off < size;) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - off));
        if (pattern == OverwritePattern::random) {
          for (std::size_t r = 0; r < n; r += kRandomRequestBytes) {
            MFP_RETURN_IF_ERROR(
                drbg_.generate(std::span(block.data() + r, std::min(kRandomRequestBytes, n - r))));
          }
        }
        MFP_RETURN_IF_ERROR(
            pwrite_all(fd->get(), std::span(block.data(), n), static_cast<off_t>(off), what));
        off += n;
      }
      MFP_RETURN_IF_ERROR(sync_file(fd->get(), what));
      out.bytes += size;
      if (observer_) observer_(PassInfo{file, pass, pattern, size});
    }
    if (const int err = fd->close(); err != 0) return errno_status(err, "close", what);
  }
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) return errno_status(errno, "unlink", what);
  ++out.files;
  out.dirs.insert(file.parent_path());
  return Status::ok();
}

Status Eraser::run_tree(const std::filesystem::path& root, OverwriteMode mode,
                        Outcome& out) noexcept {
  try {
    std::vector<std::filesystem::path> files, dirs;
    std::error_code ec;
    auto it = std::filesystem::recursive_directory_iterator(
        root, std::filesystem::directory_options::none, ec);
    if (ec) {
      if (ec == std::errc::no_such_file_or_directory) return Status::ok();
      return Status(StatusCode::io_error, "eraser: cannot list directory: " + ec.message());
    }
    const auto journal = base_ / kJournalName;
    auto journal_tmp = journal;
    journal_tmp += ".tmp";
    for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const auto& p = it->path();
      const auto st = it->symlink_status(ec);
      if (ec) break;
      if (st.type() == std::filesystem::file_type::directory) {
        dirs.push_back(p);
      } else if (p != journal && p != journal_tmp) {
        files.push_back(p);
      }
    }
    if (ec) return Status(StatusCode::io_error, "eraser: cannot list directory: " + ec.message());
    std::stable_partition(files.begin(), files.end(),
                          [](const auto& f) { return is_key_material(f); });
    Status status;
    for (const auto& f : files) status = first_error(status, overwrite_file(f, mode, out));
    // Pre-order listing: children follow their parents, so remove in reverse.
    for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) {
      if (::rmdir(d->c_str()) != 0 && errno != ENOENT) {
        status = first_error(status, errno_status(errno, "rmdir", d->filename().native()));
      } else {
        out.dirs.insert(d->parent_path());
      }
    }
    return status;
  } catch (...) {
    return pipeline::current_exception_status("eraser");
  }
}

Status Eraser::run(const EraseJournal::Entry& entry, OverwriteMode mode, Outcome& out) noexcept {
  Status status;
  try {
    for (const auto& rel : entry.paths) {
      const auto path = rel == "." ? base_ : base_ / rel;
      if (entry.scope == EraseJournal::Scope::tree) {
        status = first_error(status, run_tree(path, mode, out));
      } else {
        status = first_error(status, overwrite_file(path, mode, out));
      }
    }
    for (const auto& d : out.dirs) {
      if (Status s = sync_directory(d); s.code() != StatusCode::not_found) {
        status = first_error(status, s);
      }
    }
  } catch (const std::exception&) {
    status = first_error(status, Status(StatusCode::resource_exhausted, "eraser: out of memory"));
  }
  return status;
}

void Eraser::audit_outcome(const EraseJournal::Entry& entry, OverwriteMode mode, bool resumed,
                           const Outcome& out, const Status& status) noexcept {
  try {
    // The catalog's row (Storage / Overwrite Storage / Completed or Failed), with our items.
    audit::AuditEvent ev = audit::events::overwrite_storage(status.is_ok(), "");
    ev.items.emplace_back("Number of Overwrites", std::string(to_string(mode)));
    ev.items.emplace_back("Scope", entry.scope == EraseJournal::Scope::tree ? "All" : "Files");
    if (entry.scope == EraseJournal::Scope::files) {
      for (const auto& p : entry.paths) ev.items.emplace_back("File", p);  // random hex names
    }
    ev.items.emplace_back("Files Erased", std::to_string(out.files));
    ev.items.emplace_back("Bytes Overwritten", std::to_string(out.bytes));
    ev.items.emplace_back("Resumed", resumed ? "Yes" : "No");
    if (!status.is_ok()) {
      ev.items.emplace_back("Reason", std::string(pipeline::to_string(status.code())));
    }
    audit_.record(std::move(ev));
  } catch (const std::exception&) {
    // Out of memory while building the event: nothing sensible to do; the journal still holds
    // a failed entry, so the device keeps reporting the overwrite as pending.
  }
}

Status Eraser::execute(std::uint64_t seq, const EraseJournal::Entry& entry, OverwriteMode mode,
                       bool resumed) noexcept {
  Outcome out;
  Status status = run(entry, mode, out);
  if (status.is_ok()) status = journal_->mark_done(seq);
  audit_outcome(entry, mode, resumed, out, status);
  std::lock_guard lock(mu_);
  active_.erase(seq);
  return status;
}

Result<EraseJournal::Entry> Eraser::journal_files(std::span<const std::filesystem::path> files,
                                                  bool claim) noexcept {
  try {
    std::vector<std::string> rels;
    rels.reserve(files.size());
    for (const auto& f : files) {
      auto rel = relative(f);
      if (!rel) return rel.status();
      if (rel->size() == 1 && rel->front() == '.') {
        return Status(StatusCode::invalid_argument, "eraser: not a file path");
      }
      rels.push_back(std::move(*rel));
    }
    std::stable_partition(rels.begin(), rels.end(),
                          [](const std::string& r) { return is_key_material(r); });
    const OverwriteMode mode = mode_.load();
    EraseJournal::Entry entry{0, EraseJournal::Scope::files, mode, rels};
    Status journaled;
    {
      std::lock_guard lock(mu_);
      auto seq = journal_->append(EraseJournal::Scope::files, mode, std::move(rels));
      if (seq) {
        entry.seq = seq.value();
        if (claim) active_.insert(entry.seq);
      } else {
        journaled = seq.status();
      }
    }
    if (!journaled.is_ok()) {
      audit_outcome(entry, mode, false, Outcome{}, journaled);  // nothing was touched
      return journaled;
    }
    return entry;
  } catch (...) {
    return pipeline::current_exception_status("eraser");
  }
}

Status Eraser::erase(std::span<const std::filesystem::path> files) noexcept {
  if (files.empty()) return Status::ok();
  MFP_ASSIGN_OR_RETURN(EraseJournal::Entry entry, journal_files(files, true));
  return execute(entry.seq, entry, entry.mode, false);
}

Status Eraser::schedule(std::span<const std::filesystem::path> files) noexcept {
  if (files.empty()) return Status::ok();
  MFP_ASSIGN_OR_RETURN(EraseJournal::Entry entry, journal_files(files, false));
  (void)entry;
  return Status::ok();
}

Status Eraser::erase_all(const std::filesystem::path& dir) noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(std::string rel, relative(dir.empty() ? base_ : dir));
    const OverwriteMode mode = mode_.load();
    EraseJournal::Entry entry{0, EraseJournal::Scope::tree, mode, {rel}};
    Status journaled;
    {
      std::lock_guard lock(mu_);
      auto seq = journal_->append(EraseJournal::Scope::tree, mode, {std::move(rel)});
      if (seq) {
        entry.seq = seq.value();
        active_.insert(entry.seq);
      } else {
        journaled = seq.status();
      }
    }
    if (!journaled.is_ok()) {
      audit_outcome(entry, mode, false, Outcome{}, journaled);  // nothing was touched
      return journaled;
    }
    return execute(entry.seq, entry, mode, false);
  } catch (...) {
    return pipeline::current_exception_status("eraser");
  }
}

Status Eraser::run_journaled(bool resumed) noexcept {
  try {
    std::vector<EraseJournal::Entry> work;
    {
      std::lock_guard lock(mu_);
      for (auto& e : journal_->pending()) {
        if (active_.insert(e.seq).second) work.push_back(std::move(e));
      }
    }
    Status status;
    for (const auto& e : work) {
      status = first_error(status, execute(e.seq, e, stricter(e.mode, mode_.load()), resumed));
    }
    return status;
  } catch (...) {
    return pipeline::current_exception_status("eraser");
  }
}

Status Eraser::resume() noexcept {
  return run_journaled(true);
}

Status Eraser::run_pending() noexcept {
  return run_journaled(false);
}

}  // namespace mfp::security::erase
