#pragma once
// EncryptedVfs: an SQLite VFS shim over the default "unix" VFS that encrypts a database's
// pages and its rollback journal with AES-256-GCM under one per-database key, so nothing stored
// in the metadata database reaches the disk in plaintext. One instance per open database: it
// registers itself under a unique name ("mfp-aead-<n>") and is unregistered, and its keys
// zeroed, when destroyed.
//
// What it does to each file (format: security/store/detail/vfs_page_cipher.h):
// - Main database (SQLITE_OPEN_MAIN_DB): every 4096-byte page is sealed on xWrite and opened on
//   xRead; partial reads (the 100-byte header at open) decrypt the whole page and copy the
//   range. A page wholly beyond the end of the file reads as zeros with SQLITE_IOERR_SHORT_READ,
//   as in SQLite's own VFS. Writes must be whole aligned pages, and page 1 must carry the
//   expected header (page size 4096, 32 reserve bytes, rollback-journal file format) or the
//   write is refused: the VFS never lets SQLite use the bytes it stores nonces and tags in.
// - Rollback journal (SQLITE_OPEN_MAIN_JOURNAL, "<db>-journal"): page images (4096-byte writes
//   at offsets that are not multiples of 512, which is where SQLite puts them, never its
//   sector-aligned headers) are sealed with the journal offset as position. The 4-byte
//   checksum after each page image is XORed with a keyed mask, because SQLite computes it from
//   20 plaintext bytes of the page. Page numbers and the journal header (magic, record count,
//   checksum seed, original database size, sector and page size) stay as SQLite writes them:
//   no user data is in them.
// - Every other file kind is refused with SQLITE_CANTOPEN: temporary databases, temporary and
//   statement journals, sub-journals, super-journals, WAL files, unnamed files, a second main
//   database path and a journal that is not this database's. Callers keep temporary storage in
//   memory (PRAGMA temp_store=MEMORY), so refusing fails closed rather than spilling plaintext.
// - The file methods are version 1: no memory-mapped I/O (xFetch) and no shared memory, so
//   no read or write can bypass the cipher and WAL mode cannot start.
// - "PRAGMA journal_mode" is refused unless DELETE or TRUNCATE, "PRAGMA page_size" unless
//   4096; xSectorSize is at least 512; extension loading (xDlOpen) is refused.
//
// Failure: a page that fails authentication (wrong key, tampered, moved or torn page) makes
// xRead return SQLITE_IOERR_DATA and counts in authentication_failures().
// Lifetime: the connection that uses the VFS must be closed before the VFS is destroyed.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "pipeline/status.h"
#include "security/crypto/drbg.h"

namespace mfp::security::store {

// The one page size and reserve the VFS supports (MetadataDb sets both on creation).
inline constexpr int kEncryptedPageSize = 4096;
inline constexpr int kEncryptedPageReserve = 32;

class EncryptedVfs {
 public:
  // Registers a new VFS instance keyed with `key` (32 bytes: invalid_argument otherwise); the
  // caller keeps and zeroes its copy of the key. `drbg` (page nonces) must outlive the VFS.
  // internal when SQLite has no "unix" VFS or registration fails.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<EncryptedVfs>> create(
      std::span<const std::uint8_t> key, crypto::Drbg& drbg) noexcept;
  EncryptedVfs(const EncryptedVfs&) = delete;
  EncryptedVfs& operator=(const EncryptedVfs&) = delete;
  // Unregisters the VFS and zeroes its keys.
  ~EncryptedVfs();

  // The registered name, for sqlite3_open_v2().
  [[nodiscard]] const char* name() const noexcept;
  // Pages that failed authentication since creation.
  [[nodiscard]] std::uint64_t authentication_failures() const noexcept;
  // Zeroes the keys now: later reads and writes through this VFS fail. For a connection that
  // could not be closed, so its VFS must stay registered.
  void revoke_keys() noexcept;

  struct Impl;

 private:
  explicit EncryptedVfs(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mfp::security::store
