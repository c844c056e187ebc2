#pragma once
// MetadataDb: the device's metadata database (users, jobs, folders, password hashes, session
// secrets): SQLite 3 over an EncryptedVfs, so every page of the database and of its rollback
// journal is AES-256-GCM encrypted and authenticated under a per-database key. Offers SQL
// execution, prepared statements with typed binds and row access, and RAII transactions.
//
// Configuration, set on every open: page size 4096 with 32 reserve bytes (fixed when the file
// is created; the VFS stores each page's nonce and tag there), journal_mode=TRUNCATE,
// synchronous=FULL, secure_delete=ON, temp_store=MEMORY (temporary tables, sorts and statement
// journals never touch the disk; the VFS refuses every temporary file anyway), mmap off,
// foreign_keys=ON, defensive mode, untrusted schema, no double-quoted string literals, a 5 s
// busy timeout. New files are created with mode 0600 and symlinks are refused.
//
// Failure: every call returns a Status/Result, never throws. A page that fails authentication
// (wrong key, tampering, a torn page) and SQLite corruption reports map to integrity_error,
// with a message that says so; SQL errors carry SQLite's message with quoted tokens elided, so
// literals from the SQL text never reach a Status. Values are never put into messages.
//
// Ownership and threads: not thread-safe by itself. Every service sharing the database
// (accounts, settings, jobs, folders) holds lock() across each statement's or transaction's
// whole life, so their calls from different threads never interleave. Statements
// and transactions borrow the database: if the database goes first, they are finalized/rolled
// back by it and every later call on them fails with conflict (no dangling handle). The Drbg
// passed to open() must outlive the database. Plaintext still lives in SQLite's page cache in
// process memory while the database is open (not zeroed by SQLite when freed).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/crypto/drbg.h"
#include "security/crypto/secure_bytes.h"
#include "security/store/encrypted_vfs.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mfp::security::store {

// Owning handles for SQLite objects.
struct Sqlite3Closer {
  void operator()(sqlite3* db) const noexcept;
};
struct Sqlite3StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
using Sqlite3Ptr = std::unique_ptr<sqlite3, Sqlite3Closer>;
using Sqlite3StmtPtr = std::unique_ptr<sqlite3_stmt, Sqlite3StmtFinalizer>;

class MetadataDb {
 public:
  class Statement;
  class Transaction;

  // Opens (or creates) the database at `path`, encrypted under `key` (32 bytes; the caller
  // keeps and zeroes its copy). invalid_argument for a bad key size or a file that is not an
  // OpenMFP metadata database; integrity_error for a wrong key or a tampered first page;
  // io_error when the file cannot be opened. A hot journal left by a crash is rolled back here.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<MetadataDb>> open(
      const std::filesystem::path& path, std::span<const std::uint8_t> key,
      crypto::Drbg& drbg) noexcept;
  MetadataDb(const MetadataDb&) = delete;
  MetadataDb& operator=(const MetadataDb&) = delete;
  // Finalizes live statements, rolls back an open transaction, closes the connection, then
  // unregisters the VFS and zeroes its keys.
  ~MetadataDb();

  // Runs one or more SQL statements, discarding any rows.
  [[nodiscard]] pipeline::Status exec(std::string_view sql) noexcept;
  // Compiles exactly one SQL statement (invalid_argument for none or several).
  [[nodiscard]] pipeline::Result<Statement> prepare(std::string_view sql) noexcept;
  // BEGIN IMMEDIATE (takes the write lock now). conflict if a transaction is already open here.
  [[nodiscard]] pipeline::Result<Transaction> begin() noexcept;
  // PRAGMA integrity_check: ok, or integrity_error (corruption or a page failing
  // authentication); the problems themselves are counted, not quoted.
  [[nodiscard]] pipeline::Status integrity_check() noexcept;

  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
  // The database's lock (recursive, so a service may call its own helpers while holding it).
  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() const noexcept {
    return std::unique_lock<std::recursive_mutex>(mu_);
  }
  // Rows changed by the last INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t changes() const noexcept;

 private:
  MetadataDb() noexcept = default;
  [[nodiscard]] pipeline::Status configure(bool* created) noexcept;
  [[nodiscard]] pipeline::Result<std::int64_t> query_int(std::string_view sql) noexcept;
  [[nodiscard]] pipeline::Result<std::string> query_text(std::string_view sql) noexcept;
  // A Status for SQLite result `rc` during `context`; `auth_before` is the VFS's
  // authentication-failure count when the operation began.
  [[nodiscard]] pipeline::Status failure(int rc, std::string_view context,
                                         std::uint64_t auth_before) const;
  [[nodiscard]] std::uint64_t auth_failures() const noexcept;

  void attach(Statement* statement) noexcept;
  void detach(Statement* statement) noexcept;

  std::unique_ptr<EncryptedVfs> vfs_;  // must outlive db_
  Sqlite3Ptr db_;
  Statement* statements_ = nullptr;  // intrusive list of live statements
  Transaction* transaction_ = nullptr;
  mutable std::recursive_mutex mu_;
};

// A compiled statement. Bind indexes and column indexes follow SQLite (binds from 1, columns
// from 0). Text and blobs are copied on bind.
class MetadataDb::Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  [[nodiscard]] pipeline::Status bind_int64(int index, std::int64_t value) noexcept;
  [[nodiscard]] pipeline::Status bind_text(int index, std::string_view value) noexcept;
  [[nodiscard]] pipeline::Status bind_blob(int index, std::span<const std::uint8_t> value) noexcept;
  [[nodiscard]] pipeline::Status bind_null(int index) noexcept;

  // Advances: true when a row is available, false when the statement is done.
  [[nodiscard]] pipeline::Result<bool> step() noexcept;
  // Steps to completion, discarding rows.
  [[nodiscard]] pipeline::Status run() noexcept;
  // Rewinds for another run and clears the bindings.
  [[nodiscard]] pipeline::Status reset() noexcept;

  // Row access, valid after step() returned true. Allocating accessors abort only if memory is
  // exhausted (as new does).
  [[nodiscard]] int column_count() const noexcept;
  [[nodiscard]] bool column_is_null(int column) const noexcept;
  [[nodiscard]] std::int64_t column_int64(int column) const noexcept;
  [[nodiscard]] std::string column_text(int column) const noexcept;
  [[nodiscard]] std::vector<std::uint8_t> column_blob(int column) const noexcept;
  // A blob or text column as secret bytes (zeroed when dropped), e.g. a password hash.
  [[nodiscard]] crypto::SecureBytes column_secret(int column) const noexcept;

 private:
  friend class MetadataDb;
  Statement(MetadataDb* db, Sqlite3StmtPtr stmt) noexcept;
  [[nodiscard]] pipeline::Status check_bind(int rc, std::uint64_t auth_before) const;
  [[nodiscard]] pipeline::Status usable() const;
  void take(Statement& other) noexcept;
  void release() noexcept;

  MetadataDb* db_ = nullptr;
  Sqlite3StmtPtr stmt_;
  Statement* prev_ = nullptr;  // MetadataDb's intrusive list
  Statement* next_ = nullptr;
};

// An open write transaction: commit() makes it durable; destruction without commit rolls back.
class MetadataDb::Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // COMMIT. On conflict (database busy) the transaction stays open and may be retried; on
  // other errors SQLite has rolled it back and it is closed.
  [[nodiscard]] pipeline::Status commit() noexcept;
  // ROLLBACK; the transaction is closed afterwards.
  [[nodiscard]] pipeline::Status rollback() noexcept;
  [[nodiscard]] bool active() const noexcept { return db_ != nullptr; }

 private:
  friend class MetadataDb;
  explicit Transaction(MetadataDb* db) noexcept : db_(db) {}
  void close() noexcept;

  MetadataDb* db_ = nullptr;
};

}  // namespace mfp::security::store
