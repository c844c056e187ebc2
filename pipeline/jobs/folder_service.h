#pragma once
// FolderService: the "Send from Folder" folders: creates, edits, lists and deletes folders,
// stores files in them (scan to folder; received faxes routed by the Folder Selector), lists,
// retrieves and deletes those files, and keeps the fax line -> folder Folder Selector map.
//
// Storage: folder and file metadata and the Folder Selector map live in the encrypted metadata
// database (tables folders, folder_files, fax_folder_selector); every file's bytes live in one
// sealed object of the ObjectStore, owned by folder_owner_tag(folder owner, folder number).
// Releasing a file (delete, Force Delete, deleting its folder or its owner) removes its row
// first and then overwrites and unlinks its object, so a crash in between leaves only an
// orphan object, which start-up finds through referenced_objects() and releases.
//
// Access: every operation asks the AccessPolicy (security/ownership), with the folder's owner
// as the owner of the folder and of each of its files: folders are created, edited and deleted
// by their owner or an administrator; a folder's files are listed, read and deleted only by
// the folder's owner and the Key Operator (a System Administrator who does not own the folder
// may not, and so may not delete a folder that still holds files). The Folder Selector map is
// changed only by administrators (modify on a setting).
//
// "Check Folder Passcode": only the switch is stored. Passcodes themselves are not supported
// (the secure configuration switches the check off for fax folders); nothing here asks for one.
//
// Failure: every call returns a Status/Result and never throws. invalid_argument for a number
// outside 1..999, a bad name, type or line; conflict when a folder number is already in use;
// not_found for a missing folder or file (checked before access, since the folder list is
// visible to every user); permission_denied with the AccessPolicy's reason; limit_exceeded
// when a file is larger than the caller's bound; the database's or store's error otherwise;
// resource_exhausted when memory runs out. Messages carry numbers and ids, never names.
//
// Audit: retrieving a file is recorded as "Job Status / Mailbox" (Completed, or Aborted when
// reading it failed), a stored file that fails authentication as "Storage / Integrity Check /
// Failed"; overwrites are audited by the eraser. The guide's table has no rows for creating,
// editing or deleting folders, so those are not recorded.
//
// Ownership and threads: the database, store, settings and audit sink must outlive the
// service. Thread-safe: every statement and transaction runs under MetadataDb::lock(); file
// bytes are written, read and overwritten outside it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/jobs/folder.h"
#include "pipeline/stage.h"
#include "pipeline/status.h"
#include "security/audit/audit_sink.h"
#include "security/crypto/secure_bytes.h"
#include "security/ownership/subject.h"
#include "security/settings/settings_registry.h"
#include "security/store/metadata_db.h"
#include "security/store/object_store.h"

namespace mfp::pipeline::jobs {

class FolderService {
 public:
  // Creates the tables when absent and returns the service. The database's error otherwise.
  // `wall_clock`: Unix seconds for the files' "Date & Time" (the device's clock); empty: the
  // system clock.
  [[nodiscard]] static Result<std::unique_ptr<FolderService>> open(
      security::store::MetadataDb& db, security::store::ObjectStore& store,
      const security::settings::SettingsRegistry& settings, security::audit::AuditSink& audit,
      std::function<std::int64_t()> wall_clock = {}) noexcept;
  FolderService(const FolderService&) = delete;
  FolderService& operator=(const FolderService&) = delete;
  ~FolderService() = default;

  // ---- folders ----
  // Creates folder `number` owned by `actor` (create on a folder the actor would own).
  [[nodiscard]] Status create_folder(const security::ownership::Subject& actor,
                                     std::uint32_t number, std::string_view name,
                                     bool check_passcode) noexcept;
  // Changes a folder's name and passcode switch (modify on the folder).
  [[nodiscard]] Status edit_folder(const security::ownership::Subject& actor, std::uint32_t number,
                                   std::string_view name, bool check_passcode) noexcept;
  // Deletes a folder with every file in it, overwriting the files (delete on the folder and on
  // each of its files). Its Folder Selector entries are cleared with it. If overwriting a file
  // fails the folder is still gone and the error is returned (the eraser retries the file).
  [[nodiscard]] Status delete_folder(const security::ownership::Subject& actor,
                                     std::uint32_t number) noexcept;
  // Number and name of every folder `actor` may list, by number (empty if none).
  [[nodiscard]] Result<std::vector<FolderSummary>> list_folders(
      const security::ownership::Subject& actor) noexcept;
  // A folder's settings (view_details on the folder).
  [[nodiscard]] Result<Folder> get_folder(const security::ownership::Subject& actor,
                                          std::uint32_t number) noexcept;

  // ---- files ----
  // Stores `bytes` as a new file of folder `number` on behalf of `actor` (create on a file of
  // that folder) and returns its id. The object is committed durably before the file appears.
  [[nodiscard]] Result<std::uint64_t> store_file(const security::ownership::Subject& actor,
                                                 std::uint32_t number, const NewFolderFile& file,
                                                 std::span<const std::uint8_t> bytes) noexcept;
  // As above, reading the bytes from `source` to its end; limit_exceeded (nothing stored) when
  // it yields more than `max_bytes`; the source's error when it fails.
  [[nodiscard]] Result<std::uint64_t> store_file(const security::ownership::Subject& actor,
                                                 std::uint32_t number, const NewFolderFile& file,
                                                 DocumentStream& source,
                                                 std::uint64_t max_bytes) noexcept;
  // The device's own store, for received faxes routed by the Folder Selector: no user, no
  // access check (the folder must exist).
  [[nodiscard]] Result<std::uint64_t> store_file_as_system(
      std::uint32_t number, const NewFolderFile& file,
      std::span<const std::uint8_t> bytes) noexcept;
  [[nodiscard]] Result<std::uint64_t> store_file_as_system(std::uint32_t number,
                                                           const NewFolderFile& file,
                                                           DocumentStream& source,
                                                           std::uint64_t max_bytes) noexcept;
  // The File List of folder `number`, oldest first (list on the folder's files).
  [[nodiscard]] Result<std::vector<FolderFile>> list_files(
      const security::ownership::Subject& actor, std::uint32_t number) noexcept;
  // The bytes of one file (read on the folder's files), authenticated, in memory that is zeroed
  // when dropped; limit_exceeded (nothing read, nothing deleted) when the file is larger than
  // `max_bytes`. When "Files Retrieved By Client" is "Force Delete" the file is then deleted
  // and overwritten; if that overwrite fails the bytes are still returned (the eraser retries).
  [[nodiscard]] Result<security::crypto::SecureBytes> retrieve_file(
      const security::ownership::Subject& actor, std::uint32_t number, std::uint64_t file_id,
      std::uint64_t max_bytes) noexcept;
  // Deletes one file and overwrites its bytes (delete on the folder's files).
  [[nodiscard]] Status delete_file(const security::ownership::Subject& actor, std::uint32_t number,
                                   std::uint64_t file_id) noexcept;

  // ---- Folder Selector (fax receive) ----
  // Routes faxes received on `line` (1..kMaxFaxLine) to folder `number` (administrators only:
  // modify on a setting). not_found when the folder does not exist.
  [[nodiscard]] Status set_fax_folder(const security::ownership::Subject& actor, std::uint32_t line,
                                      std::uint32_t number) noexcept;
  // Removes `line`'s entry (ok when it had none).
  [[nodiscard]] Status clear_fax_folder(const security::ownership::Subject& actor,
                                        std::uint32_t line) noexcept;
  // The folder receiving `line`'s faxes: nullopt when "Folder Selector Setup" is off or the
  // line has no entry.
  [[nodiscard]] Result<std::optional<std::uint32_t>> fax_folder_for_line(
      std::uint32_t line) noexcept;

  // ---- device housekeeping ----
  // Deletes every folder owned by `user_id` with all its files (overwritten), for a deleted
  // user account; returns how many folders went. Trusted: the account service authorized it.
  [[nodiscard]] Result<std::size_t> delete_user_folders(std::uint64_t user_id) noexcept;
  // The ObjectIds (hex) of every folder file, so start-up can release objects no one references.
  [[nodiscard]] Result<std::vector<std::string>> referenced_objects() noexcept;

 private:
  FolderService(security::store::MetadataDb& db, security::store::ObjectStore& store,
                const security::settings::SettingsRegistry& settings,
                security::audit::AuditSink& audit,
                std::function<std::int64_t()> wall_clock) noexcept
      : db_(db),
        store_(store),
        settings_(settings),
        audit_(audit),
        wall_clock_(std::move(wall_clock)) {}

  [[nodiscard]] std::int64_t now_seconds() const;

  [[nodiscard]] Result<Folder> load_folder(std::uint32_t number);
  // Stores a file (access checked for `actor` unless it is null): `write_bytes` fills the
  // object's writer.
  [[nodiscard]] Result<std::uint64_t> store(
      const security::ownership::Subject* actor, std::uint32_t number, const NewFolderFile& file,
      const std::function<Status(security::store::ObjectWriter&)>& write_bytes);
  [[nodiscard]] Status release_objects(const std::vector<std::string>& hex_ids);

  security::store::MetadataDb& db_;
  security::store::ObjectStore& store_;
  const security::settings::SettingsRegistry& settings_;
  security::audit::AuditSink& audit_;
  std::function<std::int64_t()> wall_clock_;
};

}  // namespace mfp::pipeline::jobs
