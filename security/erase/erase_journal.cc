#include "security/erase/erase_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <span>
#include <utility>

#include "security/crypto/digest.h"
#include "security/erase/file_io.h"

namespace mfp::security::erase {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::uint64_t kMaxJournalBytes = 64ull << 20;  // refuse to load anything larger
constexpr std::uint64_t kCompactAboveBytes = 1ull << 20;
constexpr std::size_t kMaxPathsPerEntry = 100000;

std::span<const std::uint8_t> as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string checksum(std::string_view body) {
  return crypto::to_hex(crypto::sha256(as_bytes(body))).substr(0, 16);
}

std::string seal_line(std::string_view body) {
  std::string line(body);
  line += " *";
  line += checksum(body);
  line += '\n';
  return line;
}

std::string begin_body(const EraseJournal::Entry& e) {
  std::string b = "B " + std::to_string(e.seq) + ' ' + std::to_string(pass_count(e.mode)) +
                  (e.scope == EraseJournal::Scope::files ? " F " : " T ") +
                  std::to_string(e.paths.size());
  for (const auto& p : e.paths) {
    b += ' ';
    b += p;
  }
  return b;
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const std::size_t sp = s.find(' ', pos);
    const std::size_t end = sp == std::string_view::npos ? s.size() : sp;
    out.push_back(s.substr(pos, end - pos));
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  return out;
}

bool parse_u64(std::string_view s, std::uint64_t& out) noexcept {
  if (s.empty() || s.size() > 20) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// One parsed line: a begin entry, or the seq of an end marker.
struct Parsed {
  bool is_begin = false;
  EraseJournal::Entry entry;
  std::uint64_t end_seq = 0;
};

// Parses one line (without its '\n'); false when the checksum or syntax is wrong.
bool parse_line(std::string_view line, Parsed& out) {
  const std::size_t star = line.rfind(" *");
  if (star == std::string_view::npos) return false;
  const std::string_view body = line.substr(0, star);
  if (line.substr(star + 2) != checksum(body)) return false;
  const auto t = split(body);
  if (t.size() == 2 && t[0] == "E") {
    out.is_begin = false;
    return parse_u64(t[1], out.end_seq) && out.end_seq > 0;
  }
  if (t.size() < 6 || t[0] != "B") return false;
  std::uint64_t seq = 0, passes = 0, n = 0;
  if (!parse_u64(t[1], seq) || seq == 0 || !parse_u64(t[2], passes) || passes > 3) return false;
  const auto mode = overwrite_mode_from_passes(static_cast<int>(passes));
  if (!mode) return false;
  if (t[3] != "F" && t[3] != "T") return false;
  const auto scope = t[3] == "F" ? EraseJournal::Scope::files : EraseJournal::Scope::tree;
  if (!parse_u64(t[4], n) || n == 0 || n > kMaxPathsPerEntry || t.size() != 5 + n) return false;
  if (scope == EraseJournal::Scope::tree && n != 1) return false;
  out.is_begin = true;
  out.entry.seq = seq;
  out.entry.scope = scope;
  out.entry.mode = *mode;
  out.entry.paths.clear();
  for (std::size_t i = 5; i < t.size(); ++i) {
    if (!EraseJournal::is_safe_relative_path(t[i])) return false;
    if (t[i] == "." && scope != EraseJournal::Scope::tree) return false;
    out.entry.paths.emplace_back(t[i]);
  }
  return true;
}

}  // namespace

bool EraseJournal::is_safe_relative_path(std::string_view path) noexcept {
  if (path == ".") return true;
  if (path.empty() || path.size() > 4096 || path.front() == '/' || path.back() == '/') {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    const std::string_view c = path.substr(start, end - start);
    if (c.empty() || c == "." || c == "..") return false;
    for (const char ch : c) {
      const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
      if (!ok) return false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

EraseJournal::EraseJournal(std::filesystem::path file, UniqueFd fd) noexcept
    : file_(std::move(file)), fd_(std::move(fd)) {}

EraseJournal::~EraseJournal() = default;

Result<std::unique_ptr<EraseJournal>> EraseJournal::open(
    const std::filesystem::path& file) noexcept {
  try {
    struct stat st {};
    const bool existed = ::lstat(file.c_str(), &st) == 0;
    MFP_ASSIGN_OR_RETURN(UniqueFd fd, open_file(file, O_RDWR | O_CREAT | O_APPEND, 0600));
    if (::fstat(fd.get(), &st) != 0) return errno_status(errno, "stat", "erase journal");
    if (!S_ISREG(st.st_mode)) {
      return Status(StatusCode::conflict, "erase journal is not a regular file");
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > kMaxJournalBytes) {
      return Status(StatusCode::limit_exceeded, "erase journal larger than 64 MiB");
    }
    std::string text(size, '\0');
    {
      auto span = std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size());
      std::size_t done = 0;
      while (done < span.size()) {
        const ssize_t n =
            ::pread(fd.get(), span.data() + done, span.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno_status(errno, "read", "erase journal");
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
      }
      text.resize(done);
    }

    std::unique_ptr<EraseJournal> j(new EraseJournal(file, std::move(fd)));
    std::size_t good_end = 0;
    std::size_t line_no = 0;
    bool damaged = false;
    std::size_t damaged_line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
      ++line_no;
      const std::size_t nl = text.find('\n', pos);
      const std::string_view line = std::string_view(text).substr(
          pos, nl == std::string::npos ? text.size() - pos : nl - pos);
      Parsed parsed;
      const bool ok = nl != std::string::npos && parse_line(line, parsed);
      if (!ok) {
        if (!damaged) damaged_line = line_no;
        damaged = true;
      } else {
        if (damaged) {
          return Status(StatusCode::integrity_error,
                        "erase journal line " + std::to_string(damaged_line) +
                            " is damaged and followed by valid entries");
        }
        if (parsed.is_begin) {
          const std::uint64_t seq = parsed.entry.seq;
          const bool dup = std::any_of(j->pending_.begin(), j->pending_.end(),
                                       [&](const Entry& e) { return e.seq == seq; });
          if (dup) {
            return Status(StatusCode::integrity_error, "erase journal line " +
                                                           std::to_string(line_no) +
                                                           " repeats entry " + std::to_string(seq));
          }
          j->next_seq_ = std::max(j->next_seq_, seq + 1);
          j->pending_.push_back(std::move(parsed.entry));
        } else {
          std::erase_if(j->pending_, [&](const Entry& e) { return e.seq == parsed.end_seq; });
          j->next_seq_ = std::max(j->next_seq_, parsed.end_seq + 1);
        }
        good_end = nl + 1;
      }
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }

    // Cut a damaged tail, and empty a journal with nothing pending.
    const std::uint64_t keep = j->pending_.empty() ? 0 : good_end;
    if (keep != text.size()) {
      if (::ftruncate(j->fd_.get(), static_cast<off_t>(keep)) != 0) {
        return errno_status(errno, "truncate", "erase journal");
      }
      MFP_RETURN_IF_ERROR(sync_file(j->fd_.get(), "erase journal"));
    }
    j->size_ = keep;
    if (!existed) MFP_RETURN_IF_ERROR(sync_directory(file.parent_path()));
    return j;
  } catch (...) {
    return pipeline::current_exception_status("erase journal");
  }
}

Status EraseJournal::append_line_locked(std::string_view body) noexcept {
  try {
    const std::string line = seal_line(body);
    Status st = write_all(fd_.get(), as_bytes(line), "erase journal");
    if (st.is_ok()) st = sync_file(fd_.get(), "erase journal");
    if (!st.is_ok()) {
      // Cut a partial line so later appends do not follow a damaged one.
      if (::ftruncate(fd_.get(), static_cast<off_t>(size_)) == 0) ::fsync(fd_.get());
      return st;
    }
    size_ += line.size();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("erase journal");
  }
}

Result<std::uint64_t> EraseJournal::append(Scope scope, OverwriteMode mode,
                                           std::vector<std::string> paths) noexcept {
  if (paths.empty() || paths.size() > kMaxPathsPerEntry ||
      (scope == Scope::tree && paths.size() != 1)) {
    return Status(StatusCode::invalid_argument, "erase journal: bad path list");
  }
  for (const auto& p : paths) {
    if (!is_safe_relative_path(p) || (p == "." && scope != Scope::tree)) {
      return Status(StatusCode::invalid_argument, "erase journal: unsafe path");
    }
  }
  try {
    std::lock_guard lock(mu_);
    Entry e{next_seq_, scope, mode, std::move(paths)};
    MFP_RETURN_IF_ERROR(append_line_locked(begin_body(e)));
    ++next_seq_;
    const std::uint64_t seq = e.seq;
    pending_.push_back(std::move(e));
    return seq;
  } catch (...) {
    return pipeline::current_exception_status("erase journal");
  }
}

Status EraseJournal::mark_done(std::uint64_t seq) noexcept {
  try {
    std::lock_guard lock(mu_);
    const auto it = std::find_if(pending_.begin(), pending_.end(),
                                 [&](const Entry& e) { return e.seq == seq; });
    if (it == pending_.end()) {
      return Status(StatusCode::not_found,
                    "erase journal: no pending entry " + std::to_string(seq));
    }
    if (pending_.size() == 1) {
      // Nothing else pending: forget the whole history at once.
      if (::ftruncate(fd_.get(), 0) != 0) return errno_status(errno, "truncate", "erase journal");
      MFP_RETURN_IF_ERROR(sync_file(fd_.get(), "erase journal"));
      size_ = 0;
      pending_.clear();
      return Status::ok();
    }
    MFP_RETURN_IF_ERROR(append_line_locked("E " + std::to_string(seq)));
    pending_.erase(it);
    if (size_ > kCompactAboveBytes) {
      // Compact only when finished entries make up most of the file.
      std::uint64_t live = 0;
      for (const auto& e : pending_) live += begin_body(e).size() + 19;  // " *" sum '\n'
      if (size_ > 2 * live) return compact_locked();
    }
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("erase journal");
  }
}

Status EraseJournal::compact_locked() noexcept {
  try {
    std::string text;
    for (const auto& e : pending_) text += seal_line(begin_body(e));
    std::filesystem::path tmp = file_;
    tmp += ".tmp";
    {
      MFP_ASSIGN_OR_RETURN(UniqueFd out, open_file(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600));
      MFP_RETURN_IF_ERROR(write_all(out.get(), as_bytes(text), "erase journal"));
      MFP_RETURN_IF_ERROR(sync_file(out.get(), "erase journal"));
      if (const int err = out.close(); err != 0) return errno_status(err, "close", "erase journal");
    }
    if (::rename(tmp.c_str(), file_.c_str()) != 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      return errno_status(err, "rename", "erase journal");
    }
    MFP_RETURN_IF_ERROR(sync_directory(file_.parent_path()));
    MFP_ASSIGN_OR_RETURN(UniqueFd fd, open_file(file_, O_RDWR | O_APPEND));
    fd_ = std::move(fd);
    size_ = text.size();
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("erase journal");
  }
}

std::vector<EraseJournal::Entry> EraseJournal::pending() const {
  std::lock_guard lock(mu_);
  return pending_;
}

bool EraseJournal::has_pending() const noexcept {
  std::lock_guard lock(mu_);
  return !pending_.empty();
}

std::uint64_t EraseJournal::file_size() const noexcept {
  std::lock_guard lock(mu_);
  return size_;
}

}  // namespace mfp::security::erase
