#include "pipeline/jobs/folder_service.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <new>
#include <string>
#include <utility>

#include "security/audit/audit_events.h"
#include "security/ownership/access_policy.h"
#include "security/ownership/object_ref.h"
#include "security/settings/setting_keys.h"
#include "security/store/object_id.h"

namespace mfp::pipeline::jobs {

namespace {

using security::ownership::AccessPolicy;
using security::ownership::ObjectKind;
using security::ownership::ObjectRef;
using security::ownership::Operation;
using security::ownership::Role;
using security::ownership::Subject;
using security::store::MetadataDb;
using security::store::ObjectId;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS folders ("
    " number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 999),"
    " name TEXT NOT NULL,"
    " owner INTEGER NOT NULL,"
    " check_passcode INTEGER NOT NULL,"
    " created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS folder_files ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " folder INTEGER NOT NULL REFERENCES folders(number),"
    " type TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " stored INTEGER NOT NULL,"
    " pages INTEGER NOT NULL,"
    " size INTEGER NOT NULL,"
    " object TEXT NOT NULL UNIQUE);"
    "CREATE INDEX IF NOT EXISTS folder_files_by_folder ON folder_files(folder);"
    "CREATE TABLE IF NOT EXISTS fax_folder_selector ("
    " line INTEGER PRIMARY KEY,"
    " folder INTEGER NOT NULL REFERENCES folders(number));";

constexpr std::string_view kFolderColumns = "number, name, owner, check_passcode, created";
constexpr std::string_view kFileColumns = "id, folder, type, name, stored, pages, size";

// Read size of a DocumentStream when storing; one sealed chunk's worth.
constexpr std::size_t kStreamBlock = 64 * 1024;

Status out_of_memory() {
  // Short enough for the small-string buffer: building it does not allocate.
  return make_error(StatusCode::resource_exhausted, "out of memory");
}

// Runs `body`, turning any exception (allocation failure, a failed lock) into a Status, so no
// exception leaves a public member.
template <typename Body>
auto guarded(Body&& body) noexcept -> decltype(body()) {
  try {
    return body();
  } catch (...) {
    return out_of_memory();
  }
}

std::string folder_text(std::uint32_t number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "folder " + digits;
}

Status check_number(std::uint32_t number) {
  if (number < kMinFolderNumber || number > kMaxFolderNumber) {
    return make_error(StatusCode::invalid_argument, "folder number must be 001..999");
  }
  return Status::ok();
}

Status check_line(std::uint32_t line) {
  if (line < 1 || line > kMaxFaxLine) {
    return make_error(StatusCode::invalid_argument,
                      "fax line must be 1.." + std::to_string(kMaxFaxLine));
  }
  return Status::ok();
}

// Counts the code points of well-formed UTF-8 `text`, refusing malformed sequences (overlong
// forms, surrogates, beyond U+10FFFF) and control characters (C0, DEL, C1), which would let
// a name hide or rewrite what the panel, the browser or a log shows. nullopt when refused.
std::optional<std::size_t> text_chars(std::string_view text) {
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if (lead < 0x80) {
      cp = lead;
      len = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      cp = lead & 0x1Fu;
      len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      cp = lead & 0x0Fu;
      len = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      cp = lead & 0x07u;
      len = 4;
    } else {
      return std::nullopt;
    }
    if (text.size() - i < len) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return std::nullopt;
      cp = (cp << 6) | (next & 0x3Fu);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return std::nullopt;
    i += len;
    ++chars;
  }
  return chars;
}

Status check_text(std::string_view text, std::size_t max_chars, std::string_view what) {
  const auto chars = text_chars(text);
  if (!chars || *chars == 0 || *chars > max_chars) {
    return make_error(StatusCode::invalid_argument,
                      std::string(what) + " must be 1.." + std::to_string(max_chars) +
                          " characters of UTF-8 without control characters");
  }
  return Status::ok();
}

Status check_file(const NewFolderFile& file) {
  const std::string_view type = file.type;
  const bool type_ok =
      !type.empty() && type.size() <= kMaxFolderFileTypeChars &&
      std::all_of(type.begin(), type.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      });
  if (!type_ok) {
    return make_error(StatusCode::invalid_argument,
                      "file type must be 1..16 characters of [a-z0-9_-]");
  }
  return check_text(file.name, kMaxFolderFileNameChars, "file name");
}

// The audit log's user: "KO" for the Key Operator, otherwise the decimal user id (as the
// settings registry records it).
std::string audit_user(const Subject& who) {
  if (who.roles.contains(Role::key_operator)) return "KO";
  return std::to_string(who.user_id);
}

Status require(const Subject& actor, Operation op, ObjectKind kind, std::uint64_t owner) {
  return AccessPolicy{}.require(actor, op, ObjectRef{kind, owner});
}

Folder folder_from_row(const MetadataDb::Statement& row) {
  Folder f;
  f.number = static_cast<std::uint32_t>(row.column_int64(0));
  f.name = row.column_text(1);
  f.owner_user_id = static_cast<std::uint64_t>(row.column_int64(2));
  f.check_passcode = row.column_int64(3) != 0;
  f.created = row.column_int64(4);
  return f;
}

FolderFile file_from_row(const MetadataDb::Statement& row) {
  FolderFile f;
  f.id = static_cast<std::uint64_t>(row.column_int64(0));
  f.folder = static_cast<std::uint32_t>(row.column_int64(1));
  f.type = row.column_text(2);
  f.name = row.column_text(3);
  f.stored = row.column_int64(4);
  f.pages = static_cast<std::uint32_t>(row.column_int64(5));
  f.size = static_cast<std::uint64_t>(row.column_int64(6));
  return f;
}

// Deletes folder `number`'s rows (files, Folder Selector entries, the folder) and appends the
// ids of its files' objects to `objects`. The caller holds the lock and a transaction.
Status remove_folder_rows(MetadataDb& db, std::uint32_t number, std::vector<std::string>& objects) {
  {
    MFP_ASSIGN_OR_RETURN(auto select,
                         db.prepare("SELECT object FROM folder_files WHERE folder = ?1"));
    MFP_RETURN_IF_ERROR(select.bind_int64(1, number));
    while (true) {
      MFP_ASSIGN_OR_RETURN(bool row, select.step());
      if (!row) break;
      objects.push_back(select.column_text(0));
    }
  }
  for (std::string_view sql : {"DELETE FROM folder_files WHERE folder = ?1",
                               "DELETE FROM fax_folder_selector WHERE folder = ?1",
                               "DELETE FROM folders WHERE number = ?1"}) {
    MFP_ASSIGN_OR_RETURN(auto stmt, db.prepare(sql));
    MFP_RETURN_IF_ERROR(stmt.bind_int64(1, number));
    MFP_RETURN_IF_ERROR(stmt.run());
  }
  return Status::ok();
}

// Copies `source` to its end into `writer`; limit_exceeded past `max_bytes`.
Status write_stream(DocumentStream& source, std::uint64_t max_bytes,
                    security::store::ObjectWriter& writer) {
  // Plaintext scratch: zeroed when dropped.
  security::crypto::SecureBytes block(kStreamBlock);
  std::uint64_t total = 0;
  while (true) {
    MFP_ASSIGN_OR_RETURN(std::size_t n, source.read(block.span()));
    if (n == 0) return Status::ok();
    total += n;
    if (total > max_bytes) {
      return make_error(StatusCode::limit_exceeded,
                        "folder file exceeds " + std::to_string(max_bytes) + " bytes");
    }
    MFP_RETURN_IF_ERROR(writer.write(block.span().first(n)));
  }
}

}  // namespace

std::int64_t FolderService::now_seconds() const {
  if (wall_clock_) return wall_clock_();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<FolderService>> FolderService::open(
    security::store::MetadataDb& db, security::store::ObjectStore& store,
    const security::settings::SettingsRegistry& settings, security::audit::AuditSink& audit,
    std::function<std::int64_t()> wall_clock) noexcept {
  return guarded([&]() -> Result<std::unique_ptr<FolderService>> {
    {
      auto lock = db.lock();
      MFP_RETURN_IF_ERROR(db.exec(kSchema));
    }
    std::unique_ptr<FolderService> service(
        new (std::nothrow) FolderService(db, store, settings, audit, std::move(wall_clock)));
    if (!service) return out_of_memory();
    return service;
  });
}

Result<Folder> FolderService::load_folder(std::uint32_t number) {
  auto lock = db_.lock();
  MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("SELECT " + std::string(kFolderColumns) +
                                              " FROM folders WHERE number = ?1"));
  MFP_RETURN_IF_ERROR(stmt.bind_int64(1, number));
  MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return make_error(StatusCode::not_found, "no " + folder_text(number));
  return folder_from_row(stmt);
}

Status FolderService::create_folder(const Subject& actor, std::uint32_t number,
                                    std::string_view name, bool check_passcode) noexcept {
  return guarded([&]() -> Status {
    MFP_RETURN_IF_ERROR(check_number(number));
    MFP_RETURN_IF_ERROR(check_text(name, kMaxFolderNameChars, "folder name"));
    MFP_RETURN_IF_ERROR(require(actor, Operation::create, ObjectKind::folder, actor.user_id));
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto txn, db_.begin());
    {
      auto existing = load_folder(number);
      if (existing.is_ok()) {
        return make_error(StatusCode::conflict, folder_text(number) + " already exists");
      }
      if (existing.status().code() != StatusCode::not_found) return existing.status();
      MFP_ASSIGN_OR_RETURN(auto insert,
                           db_.prepare("INSERT INTO folders (number, name, owner, check_passcode, "
                                       "created) VALUES (?1, ?2, ?3, ?4, ?5)"));
      MFP_RETURN_IF_ERROR(insert.bind_int64(1, number));
      MFP_RETURN_IF_ERROR(insert.bind_text(2, name));
      MFP_RETURN_IF_ERROR(insert.bind_int64(3, static_cast<std::int64_t>(actor.user_id)));
      MFP_RETURN_IF_ERROR(insert.bind_int64(4, check_passcode ? 1 : 0));
      MFP_RETURN_IF_ERROR(insert.bind_int64(5, now_seconds()));
      MFP_RETURN_IF_ERROR(insert.run());
    }
    return txn.commit();
  });
}

Status FolderService::edit_folder(const Subject& actor, std::uint32_t number, std::string_view name,
                                  bool check_passcode) noexcept {
  return guarded([&]() -> Status {
    MFP_RETURN_IF_ERROR(check_number(number));
    MFP_RETURN_IF_ERROR(check_text(name, kMaxFolderNameChars, "folder name"));
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto txn, db_.begin());
    {
      MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
      MFP_RETURN_IF_ERROR(
          require(actor, Operation::modify, ObjectKind::folder, folder.owner_user_id));
      MFP_ASSIGN_OR_RETURN(
          auto update,
          db_.prepare("UPDATE folders SET name = ?2, check_passcode = ?3 WHERE number = ?1"));
      MFP_RETURN_IF_ERROR(update.bind_int64(1, number));
      MFP_RETURN_IF_ERROR(update.bind_text(2, name));
      MFP_RETURN_IF_ERROR(update.bind_int64(3, check_passcode ? 1 : 0));
      MFP_RETURN_IF_ERROR(update.run());
    }
    return txn.commit();
  });
}

Status FolderService::delete_folder(const Subject& actor, std::uint32_t number) noexcept {
  return guarded([&]() -> Status {
    MFP_RETURN_IF_ERROR(check_number(number));
    std::vector<std::string> objects;
    {
      auto lock = db_.lock();
      MFP_ASSIGN_OR_RETURN(auto txn, db_.begin());
      MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
      MFP_RETURN_IF_ERROR(
          require(actor, Operation::delete_, ObjectKind::folder, folder.owner_user_id));
      MFP_RETURN_IF_ERROR(remove_folder_rows(db_, number, objects));
      // Every file shares the folder's owner, so one decision covers each of them.
      if (!objects.empty()) {
        MFP_RETURN_IF_ERROR(
            require(actor, Operation::delete_, ObjectKind::folder_file, folder.owner_user_id));
      }
      MFP_RETURN_IF_ERROR(txn.commit());
    }
    return release_objects(objects);
  });
}

Result<std::vector<FolderSummary>> FolderService::list_folders(const Subject& actor) noexcept {
  return guarded([&]() -> Result<std::vector<FolderSummary>> {
    const AccessPolicy policy;
    std::vector<FolderSummary> out;
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("SELECT " + std::string(kFolderColumns) +
                                                " FROM folders ORDER BY number"));
    while (true) {
      MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) break;
      Folder f = folder_from_row(stmt);
      if (policy.decide(actor, Operation::list, ObjectRef{ObjectKind::folder, f.owner_user_id})) {
        out.push_back(FolderSummary{f.number, std::move(f.name)});
      }
    }
    return out;
  });
}

Result<Folder> FolderService::get_folder(const Subject& actor, std::uint32_t number) noexcept {
  return guarded([&]() -> Result<Folder> {
    MFP_RETURN_IF_ERROR(check_number(number));
    MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
    MFP_RETURN_IF_ERROR(
        require(actor, Operation::view_details, ObjectKind::folder, folder.owner_user_id));
    return folder;
  });
}

Result<std::uint64_t> FolderService::store(
    const Subject* actor, std::uint32_t number, const NewFolderFile& file,
    const std::function<Status(security::store::ObjectWriter&)>& write_bytes) {
  MFP_RETURN_IF_ERROR(check_number(number));
  MFP_RETURN_IF_ERROR(check_file(file));
  MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
  if (actor != nullptr) {
    MFP_RETURN_IF_ERROR(
        require(*actor, Operation::create, ObjectKind::folder_file, folder.owner_user_id));
  }
  const OwnerTag tag = folder_owner_tag(folder.owner_user_id, number);

  // The bytes go to the store outside the database lock: writing them may take long.
  MFP_ASSIGN_OR_RETURN(
      auto writer, store_.create(tag, "folder-" + file.type, security::store::Durability::durable));
  MFP_RETURN_IF_ERROR(write_bytes(*writer));
  const std::uint64_t size = writer->size();
  MFP_RETURN_IF_ERROR(writer->commit());
  const std::string object = writer->id().hex();

  Result<std::uint64_t> id = [&]() -> Result<std::uint64_t> {
    auto lock = db_.lock();
    // Only into the same folder as checked: deleted (and perhaps recreated by someone else)
    // meanwhile, the object's owner tag would no longer match it.
    MFP_ASSIGN_OR_RETURN(
        auto insert,
        db_.prepare("INSERT INTO folder_files (folder, type, name, stored, pages, size, object) "
                    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 "
                    "WHERE EXISTS (SELECT 1 FROM folders WHERE number = ?1 AND owner = ?8)"));
    MFP_RETURN_IF_ERROR(insert.bind_int64(1, number));
    MFP_RETURN_IF_ERROR(insert.bind_text(2, file.type));
    MFP_RETURN_IF_ERROR(insert.bind_text(3, file.name));
    MFP_RETURN_IF_ERROR(insert.bind_int64(4, now_seconds()));
    MFP_RETURN_IF_ERROR(insert.bind_int64(5, file.pages));
    MFP_RETURN_IF_ERROR(insert.bind_int64(6, static_cast<std::int64_t>(size)));
    MFP_RETURN_IF_ERROR(insert.bind_text(7, object));
    MFP_RETURN_IF_ERROR(insert.bind_int64(8, static_cast<std::int64_t>(folder.owner_user_id)));
    MFP_RETURN_IF_ERROR(insert.run());
    if (db_.changes() != 1) {
      return make_error(StatusCode::not_found, folder_text(number) + " was deleted");
    }
    return static_cast<std::uint64_t>(db_.last_insert_rowid());
  }();
  if (!id.is_ok()) {
    // No row references the object: release it now rather than leave it to start-up.
    release_objects({object}).ignore();
  }
  return id;
}

Result<std::uint64_t> FolderService::store_file(const Subject& actor, std::uint32_t number,
                                                const NewFolderFile& file,
                                                std::span<const std::uint8_t> bytes) noexcept {
  return guarded([&]() -> Result<std::uint64_t> {
    return store(&actor, number, file,
                 [&](security::store::ObjectWriter& w) { return w.write(bytes); });
  });
}

Result<std::uint64_t> FolderService::store_file(const Subject& actor, std::uint32_t number,
                                                const NewFolderFile& file, DocumentStream& source,
                                                std::uint64_t max_bytes) noexcept {
  return guarded([&]() -> Result<std::uint64_t> {
    return store(&actor, number, file, [&](security::store::ObjectWriter& w) {
      return write_stream(source, max_bytes, w);
    });
  });
}

Result<std::uint64_t> FolderService::store_file_as_system(
    std::uint32_t number, const NewFolderFile& file, std::span<const std::uint8_t> bytes) noexcept {
  return guarded([&]() -> Result<std::uint64_t> {
    return store(nullptr, number, file,
                 [&](security::store::ObjectWriter& w) { return w.write(bytes); });
  });
}

Result<std::uint64_t> FolderService::store_file_as_system(std::uint32_t number,
                                                          const NewFolderFile& file,
                                                          DocumentStream& source,
                                                          std::uint64_t max_bytes) noexcept {
  return guarded([&]() -> Result<std::uint64_t> {
    return store(nullptr, number, file, [&](security::store::ObjectWriter& w) {
      return write_stream(source, max_bytes, w);
    });
  });
}

Result<std::vector<FolderFile>> FolderService::list_files(const Subject& actor,
                                                          std::uint32_t number) noexcept {
  return guarded([&]() -> Result<std::vector<FolderFile>> {
    MFP_RETURN_IF_ERROR(check_number(number));
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
    MFP_RETURN_IF_ERROR(
        require(actor, Operation::list, ObjectKind::folder_file, folder.owner_user_id));
    MFP_ASSIGN_OR_RETURN(auto stmt,
                         db_.prepare("SELECT " + std::string(kFileColumns) +
                                     " FROM folder_files WHERE folder = ?1 ORDER BY id"));
    MFP_RETURN_IF_ERROR(stmt.bind_int64(1, number));
    std::vector<FolderFile> out;
    while (true) {
      MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) break;
      out.push_back(file_from_row(stmt));
    }
    return out;
  });
}

Result<security::crypto::SecureBytes> FolderService::retrieve_file(
    const Subject& actor, std::uint32_t number, std::uint64_t file_id,
    std::uint64_t max_bytes) noexcept {
  return guarded([&]() -> Result<security::crypto::SecureBytes> {
    MFP_RETURN_IF_ERROR(check_number(number));
    Folder folder;
    std::string object;
    std::uint64_t size = 0;
    auto file_row = [&]() -> Status {
      auto lock = db_.lock();
      MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("SELECT object, size FROM folder_files "
                                                  "WHERE id = ?1 AND folder = ?2"));
      MFP_RETURN_IF_ERROR(stmt.bind_int64(1, static_cast<std::int64_t>(file_id)));
      MFP_RETURN_IF_ERROR(stmt.bind_int64(2, number));
      MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) {
        return make_error(StatusCode::not_found,
                          "no file " + std::to_string(file_id) + " in " + folder_text(number));
      }
      object = stmt.column_text(0);
      size = static_cast<std::uint64_t>(stmt.column_int64(1));
      return Status::ok();
    };
    {
      auto lock = db_.lock();
      MFP_ASSIGN_OR_RETURN(folder, load_folder(number));
      MFP_RETURN_IF_ERROR(
          require(actor, Operation::read, ObjectKind::folder_file, folder.owner_user_id));
      MFP_RETURN_IF_ERROR(file_row());
    }
    if (size > max_bytes) {
      return make_error(StatusCode::limit_exceeded,
                        "file " + std::to_string(file_id) + " is larger than the limit");
    }
    const auto id = ObjectId::from_hex(object);
    if (!id) return make_error(StatusCode::integrity_error, "folder file names no valid object");

    const std::string job_name = folder_text(number) + " file " + std::to_string(file_id);
    auto read_all = [&]() -> Result<security::crypto::SecureBytes> {
      MFP_ASSIGN_OR_RETURN(auto reader,
                           store_.open_object(*id, folder_owner_tag(folder.owner_user_id, number)));
      if (reader->size() != size || reader->size() > max_bytes) {
        return make_error(StatusCode::integrity_error,
                          "folder file size differs from its object " + object);
      }
      security::crypto::SecureBytes bytes(static_cast<std::size_t>(size));
      std::size_t filled = 0;
      while (filled < size) {
        MFP_ASSIGN_OR_RETURN(std::size_t n, reader->read(bytes.span().subspan(filled)));
        if (n == 0) {
          return make_error(StatusCode::integrity_error,
                            "folder file object " + object + " ended early");
        }
        filled += n;
      }
      // A read into an empty span returns 0 unverified: probe with one byte so the object's
      // final record is authenticated before anything is handed out.
      std::uint8_t probe = 0;
      MFP_ASSIGN_OR_RETURN(std::size_t extra, reader->read(std::span<std::uint8_t>(&probe, 1)));
      if (extra != 0) {
        return make_error(StatusCode::integrity_error,
                          "folder file object " + object + " is longer than recorded");
      }
      return bytes;
    };
    auto bytes = read_all();
    if (!bytes.is_ok()) {
      // Deleted under us (another retrieve's Force Delete, a delete): report it as gone, not
      // as tampering.
      const Status still_there = file_row();
      if (still_there.code() == StatusCode::not_found) return still_there;
      if (bytes.status().code() == StatusCode::integrity_error) {
        audit_.record(security::audit::events::stored_data_integrity_failure(
            "folder file " + object, bytes.status().message()));
      }
      audit_.record(security::audit::events::job_completed(
          JobType::mailbox, audit_user(actor), security::audit::events::JobOutcome::aborted,
          job_name));
      return bytes.status();
    }
    audit_.record(security::audit::events::job_completed(
        JobType::mailbox, audit_user(actor), security::audit::events::JobOutcome::completed,
        job_name));

    if (settings_.read(security::settings::kFilesRetrievedByClient) ==
        security::settings::FilesRetrieved::force_delete) {
      bool removed = false;
      {
        auto lock = db_.lock();
        auto del = db_.prepare("DELETE FROM folder_files WHERE id = ?1 AND folder = ?2");
        if (del.is_ok() && del->bind_int64(1, static_cast<std::int64_t>(file_id)).is_ok() &&
            del->bind_int64(2, number).is_ok() && del->run().is_ok()) {
          removed = db_.changes() == 1;
        }
      }
      // A failed delete or overwrite does not withhold what was read: the row stays (or the
      // eraser keeps the overwrite pending) and the caller still gets the file it asked for.
      if (removed) release_objects({object}).ignore();
    }
    return std::move(bytes).value();
  });
}

Status FolderService::delete_file(const Subject& actor, std::uint32_t number,
                                  std::uint64_t file_id) noexcept {
  return guarded([&]() -> Status {
    MFP_RETURN_IF_ERROR(check_number(number));
    std::string object;
    {
      auto lock = db_.lock();
      MFP_ASSIGN_OR_RETURN(auto txn, db_.begin());
      MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
      MFP_RETURN_IF_ERROR(
          require(actor, Operation::delete_, ObjectKind::folder_file, folder.owner_user_id));
      {
        MFP_ASSIGN_OR_RETURN(auto select, db_.prepare("SELECT object FROM folder_files "
                                                      "WHERE id = ?1 AND folder = ?2"));
        MFP_RETURN_IF_ERROR(select.bind_int64(1, static_cast<std::int64_t>(file_id)));
        MFP_RETURN_IF_ERROR(select.bind_int64(2, number));
        MFP_ASSIGN_OR_RETURN(bool row, select.step());
        if (!row) {
          return make_error(StatusCode::not_found,
                            "no file " + std::to_string(file_id) + " in " + folder_text(number));
        }
        object = select.column_text(0);
        MFP_ASSIGN_OR_RETURN(auto del, db_.prepare("DELETE FROM folder_files WHERE id = ?1"));
        MFP_RETURN_IF_ERROR(del.bind_int64(1, static_cast<std::int64_t>(file_id)));
        MFP_RETURN_IF_ERROR(del.run());
      }
      MFP_RETURN_IF_ERROR(txn.commit());
    }
    return release_objects({object});
  });
}

Status FolderService::set_fax_folder(const Subject& actor, std::uint32_t line,
                                     std::uint32_t number) noexcept {
  return guarded([&]() -> Status {
    MFP_RETURN_IF_ERROR(check_line(line));
    MFP_RETURN_IF_ERROR(check_number(number));
    MFP_RETURN_IF_ERROR(require(actor, Operation::modify, ObjectKind::setting,
                                security::ownership::kUnauthenticatedUserId));
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto txn, db_.begin());
    {
      MFP_ASSIGN_OR_RETURN(Folder folder, load_folder(number));
      MFP_ASSIGN_OR_RETURN(auto upsert, db_.prepare("INSERT OR REPLACE INTO fax_folder_selector "
                                                    "(line, folder) VALUES (?1, ?2)"));
      MFP_RETURN_IF_ERROR(upsert.bind_int64(1, line));
      MFP_RETURN_IF_ERROR(upsert.bind_int64(2, folder.number));
      MFP_RETURN_IF_ERROR(upsert.run());
    }
    return txn.commit();
  });
}

Status FolderService::clear_fax_folder(const Subject& actor, std::uint32_t line) noexcept {
  return guarded([&]() -> Status {
    MFP_RETURN_IF_ERROR(check_line(line));
    MFP_RETURN_IF_ERROR(require(actor, Operation::modify, ObjectKind::setting,
                                security::ownership::kUnauthenticatedUserId));
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto del, db_.prepare("DELETE FROM fax_folder_selector WHERE line = ?1"));
    MFP_RETURN_IF_ERROR(del.bind_int64(1, line));
    return del.run();
  });
}

Result<std::optional<std::uint32_t>> FolderService::fax_folder_for_line(
    std::uint32_t line) noexcept {
  return guarded([&]() -> Result<std::optional<std::uint32_t>> {
    MFP_RETURN_IF_ERROR(check_line(line));
    if (!settings_.read(security::settings::kFaxFolderSelector)) {
      return std::optional<std::uint32_t>{};
    }
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto stmt,
                         db_.prepare("SELECT folder FROM fax_folder_selector WHERE line = ?1"));
    MFP_RETURN_IF_ERROR(stmt.bind_int64(1, line));
    MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) return std::optional<std::uint32_t>{};
    return std::optional<std::uint32_t>{static_cast<std::uint32_t>(stmt.column_int64(0))};
  });
}

Result<std::size_t> FolderService::delete_user_folders(std::uint64_t user_id) noexcept {
  return guarded([&]() -> Result<std::size_t> {
    std::vector<std::string> objects;
    std::vector<std::uint32_t> numbers;
    {
      auto lock = db_.lock();
      MFP_ASSIGN_OR_RETURN(auto txn, db_.begin());
      {
        MFP_ASSIGN_OR_RETURN(auto select,
                             db_.prepare("SELECT number FROM folders WHERE owner = ?1"));
        MFP_RETURN_IF_ERROR(select.bind_int64(1, static_cast<std::int64_t>(user_id)));
        while (true) {
          MFP_ASSIGN_OR_RETURN(bool row, select.step());
          if (!row) break;
          numbers.push_back(static_cast<std::uint32_t>(select.column_int64(0)));
        }
      }
      for (std::uint32_t number : numbers) {
        MFP_RETURN_IF_ERROR(remove_folder_rows(db_, number, objects));
      }
      MFP_RETURN_IF_ERROR(txn.commit());
    }
    MFP_RETURN_IF_ERROR(release_objects(objects));
    return numbers.size();
  });
}

Result<std::vector<std::string>> FolderService::referenced_objects() noexcept {
  return guarded([&]() -> Result<std::vector<std::string>> {
    auto lock = db_.lock();
    MFP_ASSIGN_OR_RETURN(auto stmt, db_.prepare("SELECT object FROM folder_files ORDER BY object"));
    std::vector<std::string> out;
    while (true) {
      MFP_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) break;
      out.push_back(stmt.column_text(0));
    }
    return out;
  });
}

Status FolderService::release_objects(const std::vector<std::string>& hex_ids) {
  // Every object is attempted; the first failure is reported.
  Status first;
  for (const std::string& hex : hex_ids) {
    const auto id = ObjectId::from_hex(hex);
    Status s = id ? store_.remove(*id)
                  : make_error(StatusCode::integrity_error, "folder file names no valid object");
    if (s.code() == StatusCode::not_found) s = Status::ok();  // already released
    if (!s.is_ok() && first.is_ok()) first = std::move(s);
  }
  return first;
}

}  // namespace mfp::pipeline::jobs
