#include "security/store/encrypted_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <type_traits>

#include "security/crypto/secure_bytes.h"
#include "security/store/detail/vfs_page_cipher.h"

namespace mfp::security::store {

using detail::kVfsPageBytes;
using detail::VfsFileKind;
using pipeline::make_error;
using pipeline::StatusCode;

static_assert(kEncryptedPageSize == static_cast<int>(detail::kVfsPageBytes));
static_assert(kEncryptedPageReserve == static_cast<int>(detail::kVfsReserveBytes));

struct EncryptedVfs::Impl {
  sqlite3_vfs vfs{};            // registered with SQLite; pAppData points back here
  sqlite3_vfs* base = nullptr;  // the "unix" VFS underneath
  std::string name;             // storage for vfs.zName
  std::unique_ptr<detail::VfsPageCipher> cipher;
  std::atomic<std::uint64_t> auth_failures{0};
  bool registered = false;

  std::mutex paths_mutex;
  std::string main_path;  // the one main database this VFS serves (set by the first open)
};

namespace {

// SQLite puts journal headers at multiples of the sector size (at least 512) and page images
// 4 bytes into each 4104-byte record after a header, so a page image never starts at a
// multiple of 512 ((4 + 4104k) mod 512 = 4 + 8k mod 512, never 0).
constexpr std::int64_t kJournalSectorAlign = 512;
constexpr std::int64_t kPage = static_cast<std::int64_t>(kVfsPageBytes);
constexpr int kFileTypeMask = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB |
                              SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_TEMP_JOURNAL |
                              SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_WAL;

// One open file: our state first, the "unix" file object after it in the same allocation.
struct VfsFile {
  sqlite3_file base;  // must stay first: SQLite only sees this
  EncryptedVfs::Impl* vfs;
  sqlite3_file* real;
  VfsFileKind kind;
  // Journal: end offset and nonce of the last page image written, so the 4-byte checksum
  // SQLite writes right after it can be masked.
  std::int64_t last_page_end;
  std::array<std::uint8_t, crypto::kAeadNonceBytes> last_page_nonce;
  std::array<std::uint8_t, kVfsPageBytes> plain;  // plaintext scratch, zeroed after each use
  std::array<std::uint8_t, kVfsPageBytes> disk;   // ciphertext scratch
};
static_assert(std::is_standard_layout_v<VfsFile>);
constexpr int kRealOffset = static_cast<int>((sizeof(VfsFile) + alignof(std::max_align_t) - 1) &
                                             ~(alignof(std::max_align_t) - 1));

VfsFile* as_file(sqlite3_file* file) noexcept {
  return reinterpret_cast<VfsFile*>(file);
}
EncryptedVfs::Impl* as_impl(sqlite3_vfs* vfs) noexcept {
  return static_cast<EncryptedVfs::Impl*>(vfs->pAppData);
}

std::uint32_t get_be32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
void put_be32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

bool is_journal_page_offset(std::int64_t offset) noexcept {
  return offset > 0 && offset % kJournalSectorAlign != 0;
}

// Page 1 must say: SQLite format 3, page size 4096, rollback-journal file format (not WAL),
// 32 reserve bytes. Anything else would let SQLite store data where the nonce and tag go.
bool valid_page_one(const std::uint8_t* page) noexcept {
  static constexpr char kMagic[16] = "SQLite format 3";
  return std::memcmp(page, kMagic, sizeof(kMagic)) == 0 && page[16] == 0x10 && page[17] == 0x00 &&
         page[18] == 1 && page[19] == 1 && page[20] == kEncryptedPageReserve;
}

int real_read(VfsFile* f, void* out, int amount, sqlite3_int64 offset) noexcept {
  return f->real->pMethods->xRead(f->real, out, amount, offset);
}
int real_write(VfsFile* f, const void* in, int amount, sqlite3_int64 offset) noexcept {
  return f->real->pMethods->xWrite(f->real, in, amount, offset);
}

int authentication_failed(VfsFile* f, void* out, int amount) noexcept {
  f->vfs->auth_failures.fetch_add(1, std::memory_order_relaxed);
  std::memset(out, 0, static_cast<std::size_t>(amount));
  crypto::secure_zero(f->plain);
  return SQLITE_IOERR_DATA;
}

// ---- main database -----------------------------------------------------------------------

int read_main(VfsFile* f, std::uint8_t* out, int amount, sqlite3_int64 offset) noexcept {
  const std::int64_t end = offset + amount;
  bool short_read = false;
  for (std::int64_t pos = offset; pos < end;) {
    const std::int64_t page_start = pos - pos % kPage;
    const std::int64_t in_page = pos - page_start;
    const std::int64_t n = std::min(kPage - in_page, end - pos);
    std::uint8_t* dest = out + (pos - offset);
    const bool whole = in_page == 0 && n == kPage;
    int rc = real_read(f, f->disk.data(), static_cast<int>(kPage), page_start);
    if (rc == SQLITE_IOERR_SHORT_READ) {
      // A page wholly beyond the end reads as zeros, as SQLite expects. A partial page can
      // only be a torn write: it cannot be authenticated, so it is an integrity failure.
      sqlite3_int64 size = 0;
      rc = f->real->pMethods->xFileSize(f->real, &size);
      if (rc != SQLITE_OK) return rc;
      if (size > page_start) return authentication_failed(f, out, amount);
      std::memset(dest, 0, static_cast<std::size_t>(n));
      short_read = true;
      pos += n;
      continue;
    }
    if (rc != SQLITE_OK) return rc;
    const auto page_number = static_cast<std::uint64_t>(page_start / kPage) + 1;
    detail::VfsPage target =
        whole ? detail::VfsPage(dest, kVfsPageBytes) : detail::VfsPage(f->plain);
    if (!f->vfs->cipher->open(VfsFileKind::main_db, page_number, f->disk, target).is_ok()) {
      return authentication_failed(f, out, amount);
    }
    if (!whole) {
      std::memcpy(dest, f->plain.data() + in_page, static_cast<std::size_t>(n));
      crypto::secure_zero(f->plain);
    }
    pos += n;
  }
  return short_read ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

int write_main(VfsFile* f, const std::uint8_t* in, int amount, sqlite3_int64 offset) noexcept {
  if (amount <= 0 || amount % kPage != 0 || offset % kPage != 0) return SQLITE_IOERR_WRITE;
  for (std::int64_t done = 0; done < amount; done += kPage) {
    const std::int64_t page_start = offset + done;
    const std::uint8_t* page = in + done;
    if (page_start == 0 && !valid_page_one(page)) return SQLITE_IOERR_WRITE;
    const auto page_number = static_cast<std::uint64_t>(page_start / kPage) + 1;
    if (!f->vfs->cipher
             ->seal(VfsFileKind::main_db, page_number, detail::ConstVfsPage(page, kVfsPageBytes),
                    f->disk)
             .is_ok()) {
      return SQLITE_IOERR_WRITE;
    }
    const int rc = real_write(f, f->disk.data(), static_cast<int>(kPage), page_start);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

// ---- rollback journal ----------------------------------------------------------------------

int read_journal(VfsFile* f, std::uint8_t* out, int amount, sqlite3_int64 offset) noexcept {
  if (amount == kPage && is_journal_page_offset(offset)) {
    const int rc = real_read(f, f->disk.data(), amount, offset);
    if (rc == SQLITE_IOERR_SHORT_READ) {
      // A record cut off at the end of the journal: SQLite stops its playback there.
      std::memset(out, 0, kVfsPageBytes);
      return rc;
    }
    if (rc != SQLITE_OK) return rc;
    if (!f->vfs->cipher
             ->open(VfsFileKind::main_journal, static_cast<std::uint64_t>(offset), f->disk,
                    detail::VfsPage(out, kVfsPageBytes))
             .is_ok()) {
      return authentication_failed(f, out, amount);
    }
    return SQLITE_OK;
  }
  const int rc = real_read(f, out, amount, offset);
  if (rc != SQLITE_OK || amount != 4 || !is_journal_page_offset(offset - kPage)) return rc;
  // A 4-byte field right after something that may be a page image: if a page image that
  // authenticates ends here, this is its checksum and it was masked on write.
  const std::int64_t page_offset = offset - kPage;
  if (real_read(f, f->disk.data(), static_cast<int>(kPage), page_offset) != SQLITE_OK) {
    return rc;
  }
  if (f->vfs->cipher
          ->open(VfsFileKind::main_journal, static_cast<std::uint64_t>(page_offset), f->disk,
                 f->plain)
          .is_ok()) {
    const std::uint32_t mask = f->vfs->cipher->journal_checksum_mask(
        static_cast<std::uint64_t>(page_offset),
        std::span<const std::uint8_t, crypto::kAeadNonceBytes>(
            f->disk.data() + detail::kVfsNonceOffset, crypto::kAeadNonceBytes));
    put_be32(out, get_be32(out) ^ mask);
  }
  crypto::secure_zero(f->plain);
  return rc;
}

int write_journal(VfsFile* f, const std::uint8_t* in, int amount, sqlite3_int64 offset) noexcept {
  if (amount == kPage && is_journal_page_offset(offset)) {
    f->last_page_end = -1;
    if (!f->vfs->cipher
             ->seal(VfsFileKind::main_journal, static_cast<std::uint64_t>(offset),
                    detail::ConstVfsPage(in, kVfsPageBytes), f->disk, &f->last_page_nonce)
             .is_ok()) {
      return SQLITE_IOERR_WRITE;
    }
    const int rc = real_write(f, f->disk.data(), amount, offset);
    if (rc == SQLITE_OK) f->last_page_end = offset + kPage;
    return rc;
  }
  if (amount == 4 && offset == f->last_page_end) {
    f->last_page_end = -1;
    std::array<std::uint8_t, 4> masked;
    const std::uint32_t mask = f->vfs->cipher->journal_checksum_mask(
        static_cast<std::uint64_t>(offset - kPage), f->last_page_nonce);
    put_be32(masked.data(), get_be32(in) ^ mask);
    return real_write(f, masked.data(), amount, offset);
  }
  f->last_page_end = -1;
  // A journal header (sector-aligned) must describe 4096-byte pages: any other page size
  // would mean page images this VFS does not recognise, written in plaintext.
  if (offset % kJournalSectorAlign == 0 && amount >= 28) {
    const std::uint32_t page_size = get_be32(in + 24);
    if (page_size != 0 && page_size != static_cast<std::uint32_t>(kPage)) {
      return SQLITE_IOERR_WRITE;
    }
  }
  return real_write(f, in, amount, offset);
}

// ---- sqlite3_io_methods --------------------------------------------------------------------

int file_close(sqlite3_file* file) {
  VfsFile* f = as_file(file);
  int rc = SQLITE_OK;
  if (f->real->pMethods != nullptr) rc = f->real->pMethods->xClose(f->real);
  crypto::secure_zero(f->plain);
  f->~VfsFile();
  return rc;
}

int file_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  VfsFile* f = as_file(file);
  auto* dest = static_cast<std::uint8_t*>(out);
  return f->kind == VfsFileKind::main_db ? read_main(f, dest, amount, offset)
                                         : read_journal(f, dest, amount, offset);
}

int file_write(sqlite3_file* file, const void* in, int amount, sqlite3_int64 offset) {
  VfsFile* f = as_file(file);
  const auto* src = static_cast<const std::uint8_t*>(in);
  return f->kind == VfsFileKind::main_db ? write_main(f, src, amount, offset)
                                         : write_journal(f, src, amount, offset);
}

int file_truncate(sqlite3_file* file, sqlite3_int64 size) {
  VfsFile* f = as_file(file);
  if (f->kind == VfsFileKind::main_db && size % kPage != 0) return SQLITE_IOERR_TRUNCATE;
  f->last_page_end = -1;
  return f->real->pMethods->xTruncate(f->real, size);
}

int file_sync(sqlite3_file* file, int flags) {
  VfsFile* f = as_file(file);
  return f->real->pMethods->xSync(f->real, flags);
}

int file_size(sqlite3_file* file, sqlite3_int64* size) {
  VfsFile* f = as_file(file);
  return f->real->pMethods->xFileSize(f->real, size);
}

int file_lock(sqlite3_file* file, int level) {
  VfsFile* f = as_file(file);
  return f->real->pMethods->xLock(f->real, level);
}

int file_unlock(sqlite3_file* file, int level) {
  VfsFile* f = as_file(file);
  return f->real->pMethods->xUnlock(f->real, level);
}

int file_check_reserved_lock(sqlite3_file* file, int* out) {
  VfsFile* f = as_file(file);
  return f->real->pMethods->xCheckReservedLock(f->real, out);
}

// PRAGMAs that would take the database outside what the VFS can protect fail here.
int refuse_pragma(VfsFile* /*f*/, char** args) {
  const char* name = args[1];
  const char* value = args[2];
  if (name == nullptr || value == nullptr) return SQLITE_NOTFOUND;
  if (sqlite3_stricmp(name, "journal_mode") == 0 && sqlite3_stricmp(value, "delete") != 0 &&
      sqlite3_stricmp(value, "truncate") != 0) {
    args[0] = sqlite3_mprintf(
        "journal_mode refused: the encrypting VFS supports only DELETE and TRUNCATE");
    return SQLITE_ERROR;
  }
  if (sqlite3_stricmp(name, "page_size") == 0 && std::atoi(value) != kEncryptedPageSize) {
    args[0] = sqlite3_mprintf("page_size refused: the encrypting VFS supports only 4096");
    return SQLITE_ERROR;
  }
  return SQLITE_NOTFOUND;
}

int file_control(sqlite3_file* file, int op, void* arg) {
  VfsFile* f = as_file(file);
  switch (op) {
    case SQLITE_FCNTL_PRAGMA:
      if (f->kind == VfsFileKind::main_db) {
        const int rc = refuse_pragma(f, static_cast<char**>(arg));
        if (rc != SQLITE_NOTFOUND) return rc;
      }
      break;
    case SQLITE_FCNTL_CHUNK_SIZE:
      // Preallocating chunks would put unauthenticated zero pages inside the file.
      return SQLITE_OK;
    case SQLITE_FCNTL_VFSNAME: {
      const int rc = f->real->pMethods->xFileControl(f->real, op, arg);
      char** out = static_cast<char**>(arg);
      if (rc == SQLITE_OK && *out != nullptr) {
        *out = sqlite3_mprintf("%s/%z", f->vfs->name.c_str(), *out);
      } else {
        *out = sqlite3_mprintf("%s", f->vfs->name.c_str());
      }
      return SQLITE_OK;
    }
    default:
      break;
  }
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int file_sector_size(sqlite3_file* file) {
  VfsFile* f = as_file(file);
  // Journal headers sit at multiples of the sector size; telling page images from headers
  // relies on that being a multiple of 512 (sector sizes are powers of two).
  return std::max(static_cast<int>(kJournalSectorAlign), f->real->pMethods->xSectorSize(f->real));
}

int file_device_characteristics(sqlite3_file* file) {
  VfsFile* f = as_file(file);
  // Atomic-write and safe-append claims would let SQLite skip the journal or reorder it; the
  // cipher maps each SQLite write to exactly one write of the same range, but stays
  // conservative. Powersafe overwrite (no collateral damage) still holds.
  constexpr int kDropped = SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 | SQLITE_IOCAP_ATOMIC1K |
                           SQLITE_IOCAP_ATOMIC2K | SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K |
                           SQLITE_IOCAP_ATOMIC16K | SQLITE_IOCAP_ATOMIC32K |
                           SQLITE_IOCAP_ATOMIC64K | SQLITE_IOCAP_SAFE_APPEND |
                           SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_BATCH_ATOMIC;
  return f->real->pMethods->xDeviceCharacteristics(f->real) & ~kDropped;
}

// Version 1: no shared memory (so no WAL) and no xFetch (so no memory-mapped reads that would
// bypass decryption).
const sqlite3_io_methods kIoMethods = {
    1,
    file_close,
    file_read,
    file_write,
    file_truncate,
    file_sync,
    file_size,
    file_lock,
    file_unlock,
    file_check_reserved_lock,
    file_control,
    file_sector_size,
    file_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- sqlite3_vfs ---------------------------------------------------------------------------

// Returns the kind of file to open, or false when the VFS refuses it.
bool admit(EncryptedVfs::Impl* impl, const char* name, int flags, VfsFileKind* kind) {
  if (name == nullptr) return false;
  const int type = flags & kFileTypeMask;
  std::lock_guard<std::mutex> lock(impl->paths_mutex);
  if (type == SQLITE_OPEN_MAIN_DB) {
    if (impl->main_path.empty()) {
      impl->main_path = name;
    } else if (impl->main_path != name) {
      return false;  // one database per VFS instance (no ATTACH of other files, no VACUUM INTO)
    }
    *kind = VfsFileKind::main_db;
    return true;
  }
  if (type == SQLITE_OPEN_MAIN_JOURNAL) {
    if (impl->main_path.empty() || impl->main_path + "-journal" != name) return false;
    *kind = VfsFileKind::main_journal;
    return true;
  }
  return false;  // temp db, transient db, temp/statement journal, sub-/super-journal, WAL
}

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
             int* out_flags) {
  EncryptedVfs::Impl* impl = as_impl(vfs);
  file->pMethods = nullptr;
  VfsFileKind kind{};
  if (!admit(impl, name, flags, &kind)) return SQLITE_CANTOPEN;
  // SQLite hands us the sqlite3_file storage it owns (szOsFile bytes); we construct in place.
  auto* f = new (file) VfsFile{};  // NOLINT(cppcoreguidelines-owning-memory)
  f->vfs = impl;
  f->kind = kind;
  f->last_page_end = -1;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  const int rc = impl->base->xOpen(impl->base, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (f->real->pMethods != nullptr) f->real->pMethods->xClose(f->real);
    f->~VfsFile();
    file->pMethods = nullptr;
    return rc;
  }
  file->pMethods = &kIoMethods;
  return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xDelete(base, name, sync_dir);
}

int vfs_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xAccess(base, name, flags, out);
}

int vfs_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xFullPathname(base, name, size, out);
}

// Extension loading is refused.
void* vfs_dl_open(sqlite3_vfs*, const char*) {
  return nullptr;
}
void vfs_dl_error(sqlite3_vfs*, int size, char* out) {
  if (size > 0) sqlite3_snprintf(size, out, "extension loading is disabled");
}
void (*vfs_dl_sym(sqlite3_vfs*, void*, const char*))(void) {
  return nullptr;
}
void vfs_dl_close(sqlite3_vfs*, void*) {}

int vfs_randomness(sqlite3_vfs* vfs, int size, char* out) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xRandomness(base, size, out);
}

int vfs_sleep(sqlite3_vfs* vfs, int microseconds) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xSleep(base, microseconds);
}

int vfs_current_time(sqlite3_vfs* vfs, double* out) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xCurrentTime(base, out);
}

int vfs_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  return base->xGetLastError != nullptr ? base->xGetLastError(base, size, out) : 0;
}

int vfs_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  sqlite3_vfs* base = as_impl(vfs)->base;
  if (base->iVersion >= 2 && base->xCurrentTimeInt64 != nullptr) {
    return base->xCurrentTimeInt64(base, out);
  }
  double now = 0;
  const int rc = base->xCurrentTime(base, &now);
  *out = static_cast<sqlite3_int64>(now * 86400000.0);
  return rc;
}

std::atomic<std::uint64_t> g_next_vfs_id{1};

}  // namespace

pipeline::Result<std::unique_ptr<EncryptedVfs>> EncryptedVfs::create(
    std::span<const std::uint8_t> key, crypto::Drbg& drbg) noexcept {
  MFP_ASSIGN_OR_RETURN(std::unique_ptr<detail::VfsPageCipher> cipher,
                       detail::VfsPageCipher::create(key, drbg));
  if (sqlite3_initialize() != SQLITE_OK) {
    return make_error(StatusCode::internal, "metadata db: SQLite failed to initialise");
  }
  sqlite3_vfs* base = sqlite3_vfs_find("unix");
  if (base == nullptr) {
    return make_error(StatusCode::internal, "metadata db: SQLite has no unix VFS");
  }
  std::unique_ptr<Impl> impl(new (std::nothrow) Impl);
  if (!impl) return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  try {
    impl->name = "mfp-aead-" + std::to_string(g_next_vfs_id.fetch_add(1));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  }
  impl->base = base;
  impl->cipher = std::move(cipher);
  sqlite3_vfs& vfs = impl->vfs;
  vfs.iVersion = 2;
  vfs.szOsFile = kRealOffset + base->szOsFile;
  vfs.mxPathname = base->mxPathname;
  vfs.pNext = nullptr;
  vfs.zName = impl->name.c_str();
  vfs.pAppData = impl.get();
  vfs.xOpen = vfs_open;
  vfs.xDelete = vfs_delete;
  vfs.xAccess = vfs_access;
  vfs.xFullPathname = vfs_full_pathname;
  vfs.xDlOpen = vfs_dl_open;
  vfs.xDlError = vfs_dl_error;
  vfs.xDlSym = vfs_dl_sym;
  vfs.xDlClose = vfs_dl_close;
  vfs.xRandomness = vfs_randomness;
  vfs.xSleep = vfs_sleep;
  vfs.xCurrentTime = vfs_current_time;
  vfs.xGetLastError = vfs_get_last_error;
  vfs.xCurrentTimeInt64 = vfs_current_time_int64;
  Impl* registered = impl.get();
  std::unique_ptr<EncryptedVfs> result(new (std::nothrow) EncryptedVfs(std::move(impl)));
  if (!result) return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  if (sqlite3_vfs_register(&registered->vfs, /*makeDflt=*/0) != SQLITE_OK) {
    return make_error(StatusCode::internal, "metadata db: VFS registration failed");
  }
  registered->registered = true;
  return result;
}

EncryptedVfs::EncryptedVfs(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

EncryptedVfs::~EncryptedVfs() {
  if (!impl_) return;
  if (impl_->registered) sqlite3_vfs_unregister(&impl_->vfs);
  impl_->cipher.reset();  // the AES-GCM and HMAC contexts cleanse their keys
}

const char* EncryptedVfs::name() const noexcept {
  return impl_->name.c_str();
}

std::uint64_t EncryptedVfs::authentication_failures() const noexcept {
  return impl_->auth_failures.load(std::memory_order_relaxed);
}

void EncryptedVfs::revoke_keys() noexcept {
  if (impl_ && impl_->cipher) impl_->cipher->revoke();
}

}  // namespace mfp::security::store
