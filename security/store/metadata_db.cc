#include "security/store/metadata_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <utility>

namespace mfp::security::store {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr int kCacheKiB = 8192;  // page cache; sorts stay in memory (temp_store=MEMORY)
// PRAGMA application_id of an OpenMFP metadata database: "MFPM".
constexpr std::int64_t kApplicationId = 0x4D46504D;

// SQLite quotes SQL tokens in some messages (near "...": syntax error); those tokens may be
// literals from the SQL text, so they are elided.
std::string sanitized(const char* message) {
  std::string out;
  if (message == nullptr) return out;
  char quote = 0;  // the quote character of the span being elided, or 0
  for (const char* p = message; *p != '\0'; ++p) {
    if (quote != 0) {
      if (*p == quote) quote = 0;
      continue;
    }
    if (*p == '"' || *p == '\'') {
      quote = *p;
      out += "\"...\"";
      continue;
    }
    out += *p;
  }
  return out;
}

StatusCode code_for(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::integrity_error;
    case SQLITE_CONSTRAINT:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StatusCode::conflict;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return StatusCode::resource_exhausted;
    case SQLITE_TOOBIG:
      return StatusCode::limit_exceeded;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return StatusCode::io_error;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return StatusCode::permission_denied;
    case SQLITE_ERROR:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_MISUSE:
      return StatusCode::invalid_argument;
    case SQLITE_INTERRUPT:
    case SQLITE_ABORT:
      return StatusCode::cancelled;
    default:
      return StatusCode::internal;
  }
}

Status statement_gone() {
  return make_error(StatusCode::conflict, "metadata db: the database was closed");
}

// Creates the file with mode 0600 if it does not exist (SQLite would use 0644), refusing a
// symlink in its place. Journals inherit the database file's mode.
Status precreate(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return Status::ok();
  }
  if (errno == EEXIST) return Status::ok();
  return make_error(
      StatusCode::io_error,
      std::string("metadata db: cannot create the database file: ") + std::strerror(errno));
}

}  // namespace

void Sqlite3Closer::operator()(sqlite3* db) const noexcept {
  sqlite3_close_v2(db);
}
void Sqlite3StmtFinalizer::operator()(sqlite3_stmt* stmt) const noexcept {
  sqlite3_finalize(stmt);
}

// ---- MetadataDb ----------------------------------------------------------------------------

Result<std::unique_ptr<MetadataDb>> MetadataDb::open(const std::filesystem::path& path,
                                                     std::span<const std::uint8_t> key,
                                                     crypto::Drbg& drbg) noexcept {
  try {
    std::unique_ptr<MetadataDb> db(new MetadataDb());
    MFP_ASSIGN_OR_RETURN(db->vfs_, EncryptedVfs::create(key, drbg));
    MFP_RETURN_IF_ERROR(precreate(path));
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
                      SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_FULLMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, db->vfs_->name());
    db->db_.reset(raw);
    if (rc != SQLITE_OK) return db->failure(rc, "open", 0);
    bool created = false;
    MFP_RETURN_IF_ERROR(db->configure(&created));
    return db;
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  }
}

Status MetadataDb::configure(bool* created) noexcept {
  sqlite3* db = db_.get();
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  int unused = 0;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &unused);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &unused);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, &unused);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, &unused);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &unused);

  // Connection settings first: none of these write, and temp_store must precede any temp use.
  MFP_RETURN_IF_ERROR(
      exec("PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON; PRAGMA mmap_size=0;"
           "PRAGMA cell_size_check=ON; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  // The first read of the file: a wrong key or a tampered page 1 fails here. A hot journal is
  // rolled back here too.
  MFP_ASSIGN_OR_RETURN(const std::int64_t pages, query_int("PRAGMA page_count"));
  *created = pages == 0;
  if (*created) {
    // Page size and reserve can only be set before the first write.
    MFP_RETURN_IF_ERROR(exec("PRAGMA page_size=4096"));
    int reserve = kEncryptedPageReserve;
    const int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    if (rc != SQLITE_OK) return failure(rc, "set reserve bytes", auth_failures());
  }
  MFP_ASSIGN_OR_RETURN(const std::string mode, query_text("PRAGMA journal_mode=TRUNCATE"));
  if (mode != "truncate") {
    return make_error(StatusCode::internal, "metadata db: journal_mode TRUNCATE not accepted");
  }
  if (*created) {
    // Writes page 1: the database exists from here on, with the settings above.
    MFP_RETURN_IF_ERROR(exec("PRAGMA application_id=" + std::to_string(kApplicationId)));
  }
  MFP_RETURN_IF_ERROR(exec("PRAGMA cache_size=-" + std::to_string(kCacheKiB)));

  int reserve = -1;  // query only
  const int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  if (rc != SQLITE_OK) return failure(rc, "read reserve bytes", auth_failures());
  MFP_ASSIGN_OR_RETURN(const std::int64_t page_size, query_int("PRAGMA page_size"));
  MFP_ASSIGN_OR_RETURN(const std::int64_t app_id, query_int("PRAGMA application_id"));
  if (app_id != kApplicationId || page_size != kEncryptedPageSize ||
      reserve != kEncryptedPageReserve) {
    return make_error(StatusCode::invalid_argument,
                      "metadata db: not an OpenMFP metadata database (application id, page "
                      "size or reserve differ)");
  }
  return Status::ok();
}

MetadataDb::~MetadataDb() {
  if (transaction_ != nullptr) {
    Transaction* tx = transaction_;
    tx->rollback().ignore();
    tx->db_ = nullptr;
    transaction_ = nullptr;
  }
  while (statements_ != nullptr) {
    Statement* s = statements_;
    statements_ = s->next_;
    s->stmt_.reset();
    s->db_ = nullptr;
    s->prev_ = s->next_ = nullptr;
  }
  if (db_) {
    // Any statement SQLite still holds (there should be none) is finalized before closing.
    while (sqlite3_stmt* stray = sqlite3_next_stmt(db_.get(), nullptr)) sqlite3_finalize(stray);
    if (sqlite3_close(db_.get()) == SQLITE_OK) {
      static_cast<void>(db_.release());  // closed: nothing left to free
    } else {
      // The connection cannot close: keep it and its VFS alive (never free what SQLite still
      // references), but make its keys unusable.
      if (vfs_) vfs_->revoke_keys();
      static_cast<void>(db_.release());   // deliberately leaked: SQLite still references it
      static_cast<void>(vfs_.release());  // likewise
      return;
    }
  }
  vfs_.reset();
}

std::uint64_t MetadataDb::auth_failures() const noexcept {
  return vfs_ ? vfs_->authentication_failures() : 0;
}

Status MetadataDb::failure(int rc, std::string_view context, std::uint64_t auth_before) const {
  std::string message = "metadata db: ";
  message.append(context);
  message += ": ";
  const bool authentication = auth_failures() != auth_before || rc == SQLITE_IOERR_DATA;
  if (authentication) {
    message += "page authentication failed (wrong key or tampered storage)";
    return make_error(StatusCode::integrity_error, std::move(message));
  }
  message += sqlite3_errstr(rc);
  if (db_) {
    const std::string detail = sanitized(sqlite3_errmsg(db_.get()));
    if (!detail.empty() && detail != sqlite3_errstr(rc)) {
      message += " (";
      message += detail;
      message += ")";
    }
  }
  return make_error(code_for(rc), std::move(message));
}

Status MetadataDb::exec(std::string_view sql) noexcept {
  try {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
      return make_error(StatusCode::limit_exceeded, "metadata db: SQL text too long");
    }
    const std::uint64_t auth_before = auth_failures();
    const char* p = sql.data();
    const char* const end = sql.data() + sql.size();
    while (p < end) {
      sqlite3_stmt* raw = nullptr;
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v2(db_.get(), p, static_cast<int>(end - p), &raw, &tail);
      Sqlite3StmtPtr stmt(raw);
      if (rc != SQLITE_OK) return failure(rc, "prepare", auth_before);
      p = tail != nullptr ? tail : end;
      if (!stmt) continue;  // whitespace or a comment
      do {
        rc = sqlite3_step(stmt.get());
      } while (rc == SQLITE_ROW);
      if (rc != SQLITE_DONE) return failure(rc, "exec", auth_before);
    }
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  }
}

Result<MetadataDb::Statement> MetadataDb::prepare(std::string_view sql) noexcept {
  try {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
      return make_error(StatusCode::limit_exceeded, "metadata db: SQL text too long");
    }
    const std::uint64_t auth_before = auth_failures();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    Sqlite3StmtPtr stmt(raw);
    if (rc != SQLITE_OK) return failure(rc, "prepare", auth_before);
    if (!stmt) return make_error(StatusCode::invalid_argument, "metadata db: empty statement");
    for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ';') {
        return make_error(StatusCode::invalid_argument,
                          "metadata db: prepare takes exactly one statement");
      }
    }
    return Statement(this, std::move(stmt));
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "metadata db: out of memory");
  }
}

Result<MetadataDb::Transaction> MetadataDb::begin() noexcept {
  if (transaction_ != nullptr) {
    return make_error(StatusCode::conflict, "metadata db: a transaction is already open");
  }
  MFP_RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
  Transaction tx(this);
  transaction_ = &tx;  // re-pointed by the move into the Result
  return Result<Transaction>(std::move(tx));
}

Status MetadataDb::integrity_check() noexcept {
  MFP_ASSIGN_OR_RETURN(Statement check, prepare("PRAGMA integrity_check"));
  std::int64_t problems = 0;
  bool ok = false;
  while (true) {
    MFP_ASSIGN_OR_RETURN(const bool row, check.step());
    if (!row) break;
    if (check.column_text(0) == "ok") {
      ok = true;
    } else {
      ++problems;
    }
  }
  if (ok && problems == 0) return Status::ok();
  return make_error(StatusCode::integrity_error, "metadata db: integrity check found " +
                                                     std::to_string(problems) + " problem(s)");
}

std::int64_t MetadataDb::last_insert_rowid() const noexcept {
  return sqlite3_last_insert_rowid(db_.get());
}

std::int64_t MetadataDb::changes() const noexcept {
  return sqlite3_changes64(db_.get());
}

Result<std::int64_t> MetadataDb::query_int(std::string_view sql) noexcept {
  MFP_ASSIGN_OR_RETURN(Statement statement, prepare(sql));
  MFP_ASSIGN_OR_RETURN(const bool row, statement.step());
  if (!row) return make_error(StatusCode::internal, "metadata db: query returned no row");
  return statement.column_int64(0);
}

Result<std::string> MetadataDb::query_text(std::string_view sql) noexcept {
  MFP_ASSIGN_OR_RETURN(Statement statement, prepare(sql));
  MFP_ASSIGN_OR_RETURN(const bool row, statement.step());
  if (!row) return make_error(StatusCode::internal, "metadata db: query returned no row");
  return statement.column_text(0);
}

void MetadataDb::attach(Statement* statement) noexcept {
  statement->prev_ = nullptr;
  statement->next_ = statements_;
  if (statements_ != nullptr) statements_->prev_ = statement;
  statements_ = statement;
}

void MetadataDb::detach(Statement* statement) noexcept {
  if (statement->prev_ != nullptr) {
    statement->prev_->next_ = statement->next_;
  } else if (statements_ == statement) {
    statements_ = statement->next_;
  }
  if (statement->next_ != nullptr) statement->next_->prev_ = statement->prev_;
  statement->prev_ = statement->next_ = nullptr;
}

// ---- Statement -------------------------------------------------------------------------------

MetadataDb::Statement::Statement(MetadataDb* db, Sqlite3StmtPtr stmt) noexcept
    : db_(db), stmt_(std::move(stmt)) {
  db_->attach(this);
}

void MetadataDb::Statement::take(Statement& other) noexcept {
  db_ = other.db_;
  stmt_ = std::move(other.stmt_);
  if (db_ != nullptr) {
    db_->detach(&other);
    db_->attach(this);
  }
  other.db_ = nullptr;
}

void MetadataDb::Statement::release() noexcept {
  if (db_ != nullptr) db_->detach(this);
  stmt_.reset();
  db_ = nullptr;
}

MetadataDb::Statement::Statement(Statement&& other) noexcept {
  take(other);
}

MetadataDb::Statement& MetadataDb::Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    take(other);
  }
  return *this;
}

MetadataDb::Statement::~Statement() {
  release();
}

Status MetadataDb::Statement::usable() const {
  if (db_ == nullptr || !stmt_) return statement_gone();
  return Status::ok();
}

Status MetadataDb::Statement::check_bind(int rc, std::uint64_t auth_before) const {
  if (rc == SQLITE_OK) return Status::ok();
  return db_->failure(rc, "bind", auth_before);
}

Status MetadataDb::Statement::bind_int64(int index, std::int64_t value) noexcept {
  MFP_RETURN_IF_ERROR(usable());
  return check_bind(sqlite3_bind_int64(stmt_.get(), index, value), db_->auth_failures());
}

Status MetadataDb::Statement::bind_text(int index, std::string_view value) noexcept {
  MFP_RETURN_IF_ERROR(usable());
  return check_bind(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(),
                                        SQLITE_TRANSIENT, SQLITE_UTF8),
                    db_->auth_failures());
}

Status MetadataDb::Statement::bind_blob(int index, std::span<const std::uint8_t> value) noexcept {
  MFP_RETURN_IF_ERROR(usable());
  // A zero-length blob still binds a (empty) blob, not NULL.
  static constexpr std::uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  return check_bind(sqlite3_bind_blob64(stmt_.get(), index, data, value.size(), SQLITE_TRANSIENT),
                    db_->auth_failures());
}

Status MetadataDb::Statement::bind_null(int index) noexcept {
  MFP_RETURN_IF_ERROR(usable());
  return check_bind(sqlite3_bind_null(stmt_.get(), index), db_->auth_failures());
}

Result<bool> MetadataDb::Statement::step() noexcept {
  MFP_RETURN_IF_ERROR(usable());
  const std::uint64_t auth_before = db_->auth_failures();
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = db_->failure(rc, "step", auth_before);
  sqlite3_reset(stmt_.get());
  return status;
}

Status MetadataDb::Statement::run() noexcept {
  while (true) {
    MFP_ASSIGN_OR_RETURN(const bool row, step());
    if (!row) return Status::ok();
  }
}

Status MetadataDb::Statement::reset() noexcept {
  MFP_RETURN_IF_ERROR(usable());
  sqlite3_reset(stmt_.get());  // reports the last step's error, already returned by step()
  sqlite3_clear_bindings(stmt_.get());
  return Status::ok();
}

int MetadataDb::Statement::column_count() const noexcept {
  return stmt_ ? sqlite3_column_count(stmt_.get()) : 0;
}

bool MetadataDb::Statement::column_is_null(int column) const noexcept {
  return !stmt_ || sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::int64_t MetadataDb::Statement::column_int64(int column) const noexcept {
  return stmt_ ? sqlite3_column_int64(stmt_.get(), column) : 0;
}

std::string MetadataDb::Statement::column_text(int column) const noexcept {
  if (!stmt_) return {};
  const auto* text = sqlite3_column_text(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (text == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> MetadataDb::Statement::column_blob(int column) const noexcept {
  if (!stmt_) return {};
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), column));
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr || size <= 0) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

crypto::SecureBytes MetadataDb::Statement::column_secret(int column) const noexcept {
  if (!stmt_) return {};
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), column));
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr || size <= 0) return {};
  return crypto::SecureBytes::copy_of({data, static_cast<std::size_t>(size)});
}

// ---- Transaction -----------------------------------------------------------------------------

MetadataDb::Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_) {
  other.db_ = nullptr;
  if (db_ != nullptr) db_->transaction_ = this;
}

MetadataDb::Transaction::~Transaction() {
  if (db_ != nullptr) rollback().ignore();
}

void MetadataDb::Transaction::close() noexcept {
  if (db_ != nullptr && db_->transaction_ == this) db_->transaction_ = nullptr;
  db_ = nullptr;
}

Status MetadataDb::Transaction::commit() noexcept {
  if (db_ == nullptr) return make_error(StatusCode::conflict, "metadata db: transaction closed");
  Status status = db_->exec("COMMIT");
  if (status.is_ok() || sqlite3_get_autocommit(db_->db_.get()) != 0) close();
  return status;
}

Status MetadataDb::Transaction::rollback() noexcept {
  if (db_ == nullptr) return make_error(StatusCode::conflict, "metadata db: transaction closed");
  Status status = Status::ok();
  if (sqlite3_get_autocommit(db_->db_.get()) == 0) status = db_->exec("ROLLBACK");
  close();
  return status;
}

}  // namespace mfp::security::store
