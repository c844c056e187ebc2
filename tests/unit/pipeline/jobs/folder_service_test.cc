// FolderService: folders and their files against a real DeviceSecurity (encrypted database,
// sealed object store, settings): who may create, edit and delete folders and list, retrieve and
// delete their files; Force Delete; deletion overwriting objects; the Folder Selector;
// persistence across a restart; nothing user-supplied on disk in plaintext.

#include "pipeline/jobs/folder_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "security/settings/setting_keys.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_security.h"

namespace mfp::pipeline::jobs {
namespace {

namespace settings = security::settings;

using security::ownership::kKeyOperatorUserId;
using security::ownership::Role;
using security::ownership::Subject;
using security::settings::SettingValue;

constexpr std::uint64_t kAdminId = 10;
constexpr std::uint64_t kOwnerId = 20;
constexpr std::uint64_t kOtherId = 21;

Subject key_operator() {
  return Subject::user(kKeyOperatorUserId, {Role::key_operator, Role::system_administrator});
}
Subject admin() {
  return Subject::user(kAdminId, {Role::general_user, Role::system_administrator});
}
Subject owner() {
  return Subject::user(kOwnerId, {Role::general_user});
}
Subject other() {
  return Subject::user(kOtherId, {Role::general_user});
}

enum class Who { owner, other, admin, key_operator, unauthenticated };

Subject subject(Who who) {
  switch (who) {
    case Who::owner:
      return owner();
    case Who::other:
      return other();
    case Who::admin:
      return admin();
    case Who::key_operator:
      return key_operator();
    case Who::unauthenticated:
      return Subject::unauthenticated();
  }
  return Subject::unauthenticated();
}

const char* name_of(Who who) {
  switch (who) {
    case Who::owner:
      return "owner";
    case Who::other:
      return "other general user";
    case Who::admin:
      return "system administrator";
    case Who::key_operator:
      return "Key Operator";
    case Who::unauthenticated:
      return "unauthenticated";
  }
  return "?";
}

std::vector<std::uint8_t> bytes_of(std::string_view s) {
  return {s.begin(), s.end()};
}

std::string as_string(const security::crypto::SecureBytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

NewFolderFile scan_file(std::string name = "scan.pdf", std::uint32_t pages = 2) {
  return NewFolderFile{"scan", std::move(name), pages};
}

// A DocumentStream over a string, in small reads.
class StringStream final : public DocumentStream {
 public:
  explicit StringStream(std::string data) : data_(std::move(data)) {}
  Result<std::size_t> read(std::span<std::uint8_t> out) override {
    const std::size_t n = std::min({out.size(), data_.size() - pos_, std::size_t{1000}});
    std::copy_n(data_.data() + pos_, n, out.data());
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

bool on_disk(security::store::ObjectStore& store, const std::string& hex) {
  return std::filesystem::exists(store.dir() / "objects" / (hex + ".obj")) ||
         std::filesystem::exists(store.dir() / "keys" / (hex + ".key"));
}

std::vector<std::string> stored_objects(security::store::ObjectStore& store) {
  std::vector<std::string> out;
  auto ids = store.list();
  EXPECT_TRUE(ids.is_ok()) << ids.status().to_string();
  if (ids) {
    for (const auto& id : ids.value()) out.push_back(id.hex());
  }
  return out;
}

bool tree_contains(const std::filesystem::path& root, std::string_view needle) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const auto content = testing::read_file(e.path());
    if (testing::contains_bytes(std::span<const std::uint8_t>(content), needle)) return true;
  }
  return false;
}

class FolderServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened =
        FolderService::open(dev().database(), dev().store(), dev().settings(), dev().audit());
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    folders_ = std::move(opened).value();
  }

  security::DeviceSecurity& dev() { return sec_.device(); }
  FolderService& folders() { return *folders_; }

  // Folder 7 owned by owner(), holding one scanned file; returns the file's id.
  std::uint64_t owner_folder_with_file(std::string_view content = "page bytes") {
    EXPECT_TRUE(folders().create_folder(owner(), 7, "Owner box", false).is_ok());
    auto id = folders().store_file(owner(), 7, scan_file(), bytes_of(content));
    EXPECT_TRUE(id.is_ok()) << id.status().to_string();
    return id.is_ok() ? id.value() : 0;
  }

  void set_force_delete(bool on) {
    const std::string value = on ? "force_delete" : "according_to_folder_settings";
    ASSERT_TRUE(dev()
                    .set_setting(settings::kFilesRetrievedByClient.name, SettingValue{value},
                                 key_operator())
                    .is_ok());
  }

  testing::TestSecurity sec_;
  std::unique_ptr<FolderService> folders_;
};

// ---- folders ----

TEST_F(FolderServiceTest, CreatesAndReadsBackAFolder) {
  ASSERT_TRUE(folders().create_folder(owner(), 1, "Fax in", true).is_ok());
  auto f = folders().get_folder(owner(), 1);
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  EXPECT_EQ(f->number, 1u);
  EXPECT_EQ(f->name, "Fax in");
  EXPECT_EQ(f->owner_user_id, kOwnerId);
  EXPECT_TRUE(f->check_passcode);
  EXPECT_GT(f->created, 0);
}

TEST_F(FolderServiceTest, CreateIsAllowedToEveryAuthenticatedRoleForTheirOwnFolder) {
  struct Case {
    Who who;
    std::uint32_t number;
    bool allowed;
  };
  const Case cases[] = {{Who::owner, 1, true},
                        {Who::other, 2, true},
                        {Who::admin, 3, true},
                        {Who::key_operator, 4, true},
                        {Who::unauthenticated, 5, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(name_of(c.who));
    const Status s = folders().create_folder(subject(c.who), c.number, "Box", false);
    if (c.allowed) {
      EXPECT_TRUE(s.is_ok()) << s.to_string();
      EXPECT_EQ(folders().get_folder(subject(c.who), c.number)->owner_user_id,
                subject(c.who).user_id);
    } else {
      EXPECT_EQ(s.code(), StatusCode::permission_denied);
    }
  }
}

TEST_F(FolderServiceTest, EditAndDeleteByOwnerAndAdministratorsOnly) {
  struct Case {
    Who who;
    bool allowed;
  };
  const Case cases[] = {{Who::owner, true},
                        {Who::other, false},
                        {Who::admin, true},
                        {Who::key_operator, true},
                        {Who::unauthenticated, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(name_of(c.who));
    ASSERT_TRUE(folders().create_folder(owner(), 5, "Before", false).is_ok());

    const Status edit = folders().edit_folder(subject(c.who), 5, "After", true);
    const Status del = folders().delete_folder(subject(c.who), 5);
    auto f = folders().get_folder(key_operator(), 5);
    if (c.allowed) {
      EXPECT_TRUE(edit.is_ok()) << edit.to_string();
      EXPECT_TRUE(del.is_ok()) << del.to_string();
      EXPECT_EQ(f.status().code(), StatusCode::not_found);
    } else {
      EXPECT_EQ(edit.code(), StatusCode::permission_denied);
      EXPECT_EQ(del.code(), StatusCode::permission_denied);
      ASSERT_TRUE(f.is_ok());
      EXPECT_EQ(f->name, "Before");
      EXPECT_FALSE(f->check_passcode);
      ASSERT_TRUE(folders().delete_folder(owner(), 5).is_ok());
    }
  }
}

TEST_F(FolderServiceTest, EditChangesNameAndPasscodeSwitch) {
  ASSERT_TRUE(folders().create_folder(owner(), 12, "Old", false).is_ok());
  ASSERT_TRUE(folders().edit_folder(owner(), 12, "New", true).is_ok());
  auto f = folders().get_folder(owner(), 12);
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ(f->name, "New");
  EXPECT_TRUE(f->check_passcode);
  EXPECT_EQ(f->owner_user_id, kOwnerId);
}

TEST_F(FolderServiceTest, GetFolderDetailsOnlyForOwnerAndAdministrators) {
  ASSERT_TRUE(folders().create_folder(owner(), 9, "Mine", false).is_ok());
  EXPECT_TRUE(folders().get_folder(owner(), 9).is_ok());
  EXPECT_TRUE(folders().get_folder(admin(), 9).is_ok());
  EXPECT_TRUE(folders().get_folder(key_operator(), 9).is_ok());
  EXPECT_EQ(folders().get_folder(other(), 9).status().code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().get_folder(owner(), 10).status().code(), StatusCode::not_found);
}

TEST_F(FolderServiceTest, ListShowsNumberAndNameOfEveryFolderToUsersNotToUnauthenticated) {
  ASSERT_TRUE(folders().create_folder(owner(), 3, "Three", false).is_ok());
  ASSERT_TRUE(folders().create_folder(other(), 1, "One", false).is_ok());
  for (Who who : {Who::owner, Who::other, Who::admin, Who::key_operator}) {
    SCOPED_TRACE(name_of(who));
    auto list = folders().list_folders(subject(who));
    ASSERT_TRUE(list.is_ok()) << list.status().to_string();
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].number, 1u);
    EXPECT_EQ((*list)[0].name, "One");
    EXPECT_EQ((*list)[1].number, 3u);
    EXPECT_EQ((*list)[1].name, "Three");
  }
  auto none = folders().list_folders(Subject::unauthenticated());
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(FolderServiceTest, RefusesNumbersOutside1To999) {
  for (std::uint32_t bad : {0u, 1000u, 4000000000u}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(folders().create_folder(owner(), bad, "Box", false).code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(folders().get_folder(owner(), bad).status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(folders().store_file_as_system(bad, scan_file(), bytes_of("x")).status().code(),
              StatusCode::invalid_argument);
  }
  EXPECT_TRUE(folders().create_folder(owner(), 1, "Low", false).is_ok());
  EXPECT_TRUE(folders().create_folder(owner(), 999, "High", false).is_ok());
}

TEST_F(FolderServiceTest, RefusesADuplicateNumber) {
  ASSERT_TRUE(folders().create_folder(owner(), 42, "First", false).is_ok());
  const Status s = folders().create_folder(other(), 42, "Second", false);
  EXPECT_EQ(s.code(), StatusCode::conflict);
  EXPECT_EQ(s.message().find("Second"), std::string::npos);
  EXPECT_EQ(folders().get_folder(owner(), 42)->name, "First");
}

TEST_F(FolderServiceTest, ValidatesNames) {
  struct Case {
    std::string name;
    bool ok;
  };
  const Case cases[] = {
      {"", false},
      {std::string(20, 'a'), true},
      {std::string(21, 'a'), false},
      {"\xE6\x97\xA5\xE6\x9C\xAC", true},  // two CJK characters
      {[] {                                // 20 three-byte characters
         std::string s;
         for (int i = 0; i < 20; ++i) s += "\xE6\x97\xA5";
         return s;
       }(),
       true},
      {"tab\there", false},
      {"new\nline", false},
      {"del\x7F", false},
      {"c1\xC2\x85", false},       // NEL
      {"bad\xFF", false},          // not UTF-8
      {"over\xC0\xAF", false},     // overlong '/'
      {"sur\xED\xA0\x80", false},  // surrogate
      {"cut\xE6\x97", false},      // truncated sequence
  };
  std::uint32_t number = 1;
  for (const Case& c : cases) {
    SCOPED_TRACE(number);
    const Status s = folders().create_folder(owner(), number++, c.name, false);
    if (c.ok) {
      EXPECT_TRUE(s.is_ok()) << s.to_string();
    } else {
      EXPECT_EQ(s.code(), StatusCode::invalid_argument);
    }
  }
  ASSERT_TRUE(folders().create_folder(owner(), 500, "Box", false).is_ok());
  EXPECT_EQ(folders().edit_folder(owner(), 500, "", false).code(), StatusCode::invalid_argument);
  EXPECT_EQ(folders()
                .store_file(owner(), 500, NewFolderFile{"Scan", "a", 1}, bytes_of("x"))
                .status()
                .code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(folders()
                .store_file(owner(), 500, NewFolderFile{"scan", "a\nb", 1}, bytes_of("x"))
                .status()
                .code(),
            StatusCode::invalid_argument);
}

// ---- files ----

TEST_F(FolderServiceTest, StoresAndListsFiles) {
  ASSERT_TRUE(folders().create_folder(owner(), 7, "Box", false).is_ok());
  auto a = folders().store_file(owner(), 7, scan_file("first.pdf", 3), bytes_of("abc"));
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  StringStream fax(std::string(5000, 'f'));
  auto b = folders().store_file_as_system(7, NewFolderFile{"fax", "Fax 1", 1}, fax, 1 << 20);
  ASSERT_TRUE(b.is_ok()) << b.status().to_string();
  EXPECT_NE(a.value(), b.value());

  auto list = folders().list_files(owner(), 7);
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, a.value());
  EXPECT_EQ((*list)[0].folder, 7u);
  EXPECT_EQ((*list)[0].type, "scan");
  EXPECT_EQ((*list)[0].name, "first.pdf");
  EXPECT_EQ((*list)[0].pages, 3u);
  EXPECT_EQ((*list)[0].size, 3u);
  EXPECT_GT((*list)[0].stored, 0);
  EXPECT_EQ((*list)[1].type, "fax");
  EXPECT_EQ((*list)[1].size, 5000u);

  // Objects are owned by the folder's owner under the folder's job id.
  auto refs = folders().referenced_objects();
  ASSERT_TRUE(refs.is_ok());
  ASSERT_EQ(refs->size(), 2u);
  for (const std::string& hex : refs.value()) {
    auto info = dev().store().info(*security::store::ObjectId::from_hex(hex));
    ASSERT_TRUE(info.is_ok());
    EXPECT_EQ(info->owner, folder_owner_tag(kOwnerId, 7));
    EXPECT_EQ(info->owner.job_id, kFolderJobIdBase + 7);
  }
  auto sorted = refs.value();
  EXPECT_EQ(sorted, stored_objects(dev().store()));
}

TEST_F(FolderServiceTest, StoringNeedsTheFolderOwnerOrTheSystem) {
  ASSERT_TRUE(folders().create_folder(owner(), 7, "Box", false).is_ok());
  for (Who who : {Who::other, Who::admin, Who::key_operator, Who::unauthenticated}) {
    SCOPED_TRACE(name_of(who));
    EXPECT_EQ(folders().store_file(subject(who), 7, scan_file(), bytes_of("x")).status().code(),
              StatusCode::permission_denied);
  }
  EXPECT_TRUE(folders().store_file_as_system(7, scan_file(), bytes_of("x")).is_ok());
  EXPECT_EQ(folders().store_file_as_system(8, scan_file(), bytes_of("x")).status().code(),
            StatusCode::not_found);
  EXPECT_EQ(stored_objects(dev().store()).size(), 1u);  // nothing left by the refusals
}

TEST_F(FolderServiceTest, StreamLargerThanTheLimitStoresNothing) {
  ASSERT_TRUE(folders().create_folder(owner(), 7, "Box", false).is_ok());
  StringStream big(std::string(10000, 'z'));
  EXPECT_EQ(folders().store_file(owner(), 7, scan_file(), big, 9999).status().code(),
            StatusCode::limit_exceeded);
  EXPECT_TRUE(stored_objects(dev().store()).empty());
  EXPECT_TRUE(folders().list_files(owner(), 7)->empty());
}

TEST_F(FolderServiceTest, FilesOnlyForTheFolderOwnerAndTheKeyOperator) {
  set_force_delete(false);
  struct Case {
    Who who;
    bool allowed;
  };
  const Case cases[] = {{Who::owner, true},
                        {Who::key_operator, true},
                        {Who::admin, false},
                        {Who::other, false},
                        {Who::unauthenticated, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(name_of(c.who));
    const std::uint64_t id = owner_folder_with_file("secret content");
    const Subject who = subject(c.who);
    auto list = folders().list_files(who, 7);
    auto got = folders().retrieve_file(who, 7, id, 1 << 20);
    const Status del = folders().delete_file(who, 7, id);
    if (c.allowed) {
      ASSERT_TRUE(list.is_ok()) << list.status().to_string();
      EXPECT_EQ(list->size(), 1u);
      ASSERT_TRUE(got.is_ok()) << got.status().to_string();
      EXPECT_EQ(as_string(got.value()), "secret content");
      EXPECT_TRUE(del.is_ok()) << del.to_string();
      EXPECT_TRUE(stored_objects(dev().store()).empty());
    } else {
      EXPECT_EQ(list.status().code(), StatusCode::permission_denied);
      EXPECT_EQ(got.status().code(), StatusCode::permission_denied);
      EXPECT_EQ(del.code(), StatusCode::permission_denied);
      EXPECT_EQ(stored_objects(dev().store()).size(), 1u);
    }
    // The file's folder: the Key Operator may always delete it (with its files).
    ASSERT_TRUE(folders().delete_folder(key_operator(), 7).is_ok());
  }
}

TEST_F(FolderServiceTest, AdministratorMayNotDeleteAnotherUsersFolderThatHoldsFiles) {
  owner_folder_with_file();
  const Status s = folders().delete_folder(admin(), 7);
  EXPECT_EQ(s.code(), StatusCode::permission_denied);
  EXPECT_EQ(folders().list_files(owner(), 7)->size(), 1u);
  EXPECT_EQ(stored_objects(dev().store()).size(), 1u);
}

TEST_F(FolderServiceTest, UnknownFileIsNotFound) {
  const std::uint64_t id = owner_folder_with_file();
  EXPECT_EQ(folders().retrieve_file(owner(), 7, id + 1, 1 << 20).status().code(),
            StatusCode::not_found);
  EXPECT_EQ(folders().delete_file(owner(), 7, id + 1).code(), StatusCode::not_found);
  ASSERT_TRUE(folders().create_folder(owner(), 8, "Other box", false).is_ok());
  // A file is addressed through its own folder only.
  EXPECT_EQ(folders().retrieve_file(owner(), 8, id, 1 << 20).status().code(),
            StatusCode::not_found);
}

TEST_F(FolderServiceTest, RetrieveLargerThanTheLimitKeepsTheFile) {
  const std::uint64_t id = owner_folder_with_file("0123456789");
  EXPECT_EQ(folders().retrieve_file(owner(), 7, id, 9).status().code(), StatusCode::limit_exceeded);
  EXPECT_EQ(folders().list_files(owner(), 7)->size(), 1u);
  EXPECT_EQ(stored_objects(dev().store()).size(), 1u);
}

TEST_F(FolderServiceTest, ForceDeleteOverwritesTheFileAfterRetrieval) {
  // The secure configuration sets "Files Retrieved By Client" to Force Delete.
  ASSERT_EQ(dev().settings().get<std::string>(settings::kFilesRetrievedByClient.name).value(),
            "force_delete");
  const std::uint64_t id = owner_folder_with_file("force delete me");
  const std::string hex = folders().referenced_objects()->at(0);
  ASSERT_TRUE(on_disk(dev().store(), hex));

  auto got = folders().retrieve_file(owner(), 7, id, 1 << 20);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(as_string(got.value()), "force delete me");

  EXPECT_TRUE(folders().list_files(owner(), 7)->empty());
  EXPECT_TRUE(folders().referenced_objects()->empty());
  EXPECT_TRUE(stored_objects(dev().store()).empty());
  EXPECT_FALSE(on_disk(dev().store(), hex));
  EXPECT_EQ(folders().retrieve_file(owner(), 7, id, 1 << 20).status().code(),
            StatusCode::not_found);
}

TEST_F(FolderServiceTest, WithoutForceDeleteTheFileStays) {
  set_force_delete(false);
  const std::uint64_t id = owner_folder_with_file("keep me");
  for (int i = 0; i < 2; ++i) {
    auto got = folders().retrieve_file(owner(), 7, id, 1 << 20);
    ASSERT_TRUE(got.is_ok()) << got.status().to_string();
    EXPECT_EQ(as_string(got.value()), "keep me");
  }
  EXPECT_EQ(folders().list_files(owner(), 7)->size(), 1u);
}

TEST_F(FolderServiceTest, RetrievalIsAuditedAsAMailboxJobWithoutNames) {
  const std::uint64_t id = owner_folder_with_file();
  ASSERT_TRUE(folders().retrieve_file(owner(), 7, id, 1 << 20).is_ok());
  const auto events = testing::audit_events(dev().audit(), "Job Status");
  ASSERT_FALSE(events.empty());
  const auto& e = events.back();
  EXPECT_EQ(e.description, "Mailbox");
  EXPECT_EQ(e.status, "Completed");
  EXPECT_EQ(e.user, std::to_string(kOwnerId));
  for (const auto& [key, value] : e.items) {
    EXPECT_EQ(value.find("Owner box"), std::string::npos);
    EXPECT_EQ(value.find("scan.pdf"), std::string::npos);
  }
}

TEST_F(FolderServiceTest, DeletingAFolderOverwritesItsFiles) {
  owner_folder_with_file("one");
  ASSERT_TRUE(folders().store_file(owner(), 7, scan_file(), bytes_of("two")).is_ok());
  ASSERT_TRUE(folders().create_folder(other(), 8, "Keep", false).is_ok());
  ASSERT_TRUE(folders().store_file(other(), 8, scan_file(), bytes_of("three")).is_ok());
  const auto before = folders().referenced_objects().value();
  ASSERT_EQ(before.size(), 3u);

  ASSERT_TRUE(folders().delete_folder(owner(), 7).is_ok());

  const auto after = folders().referenced_objects().value();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(stored_objects(dev().store()), after);
  for (const std::string& hex : before) {
    EXPECT_EQ(on_disk(dev().store(), hex), hex == after[0]) << hex;
  }
  EXPECT_EQ(folders().get_folder(owner(), 7).status().code(), StatusCode::not_found);
  // The number is free again.
  EXPECT_TRUE(folders().create_folder(other(), 7, "Reused", false).is_ok());
  EXPECT_TRUE(folders().list_files(other(), 7)->empty());
}

TEST_F(FolderServiceTest, DeleteUserFoldersRemovesEveryFolderTheUserOwns) {
  ASSERT_TRUE(folders().create_folder(owner(), 1, "A", false).is_ok());
  ASSERT_TRUE(folders().create_folder(owner(), 2, "B", false).is_ok());
  ASSERT_TRUE(folders().create_folder(other(), 3, "C", false).is_ok());
  ASSERT_TRUE(folders().store_file(owner(), 1, scan_file(), bytes_of("a")).is_ok());
  ASSERT_TRUE(folders().store_file_as_system(2, scan_file(), bytes_of("b")).is_ok());
  ASSERT_TRUE(folders().store_file(other(), 3, scan_file(), bytes_of("c")).is_ok());
  ASSERT_TRUE(folders().set_fax_folder(key_operator(), 1, 2).is_ok());

  auto removed = folders().delete_user_folders(kOwnerId);
  ASSERT_TRUE(removed.is_ok()) << removed.status().to_string();
  EXPECT_EQ(removed.value(), 2u);

  auto list = folders().list_folders(key_operator());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].number, 3u);
  EXPECT_EQ(stored_objects(dev().store()), folders().referenced_objects().value());
  EXPECT_EQ(stored_objects(dev().store()).size(), 1u);
  EXPECT_FALSE(folders().fax_folder_for_line(1).value().has_value());
  EXPECT_EQ(folders().delete_user_folders(kOwnerId).value(), 0u);
}

// ---- Folder Selector ----

TEST_F(FolderServiceTest, FolderSelectorRoutesALineWhenEnabled) {
  ASSERT_TRUE(folders().create_folder(admin(), 5, "Fax", false).is_ok());
  ASSERT_TRUE(dev().settings().get<bool>(settings::kFaxFolderSelector.name).value());
  EXPECT_FALSE(folders().fax_folder_for_line(1).value().has_value());

  ASSERT_TRUE(folders().set_fax_folder(admin(), 1, 5).is_ok());
  EXPECT_EQ(folders().fax_folder_for_line(1).value(), std::optional<std::uint32_t>(5));
  EXPECT_FALSE(folders().fax_folder_for_line(2).value().has_value());

  ASSERT_TRUE(
      dev()
          .set_setting(settings::kFaxFolderSelector.name, SettingValue{false}, key_operator())
          .is_ok());
  EXPECT_FALSE(folders().fax_folder_for_line(1).value().has_value());
  ASSERT_TRUE(
      dev()
          .set_setting(settings::kFaxFolderSelector.name, SettingValue{true}, key_operator())
          .is_ok());
  EXPECT_EQ(folders().fax_folder_for_line(1).value(), std::optional<std::uint32_t>(5));

  ASSERT_TRUE(folders().clear_fax_folder(key_operator(), 1).is_ok());
  EXPECT_FALSE(folders().fax_folder_for_line(1).value().has_value());
}

TEST_F(FolderServiceTest, FolderSelectorIsChangedByAdministratorsOnly) {
  ASSERT_TRUE(folders().create_folder(owner(), 5, "Fax", false).is_ok());
  for (Who who : {Who::owner, Who::other, Who::unauthenticated}) {
    SCOPED_TRACE(name_of(who));
    EXPECT_EQ(folders().set_fax_folder(subject(who), 1, 5).code(), StatusCode::permission_denied);
    EXPECT_EQ(folders().clear_fax_folder(subject(who), 1).code(), StatusCode::permission_denied);
  }
  EXPECT_TRUE(folders().set_fax_folder(key_operator(), 1, 5).is_ok());
  EXPECT_TRUE(folders().set_fax_folder(admin(), 2, 5).is_ok());
  EXPECT_EQ(folders().set_fax_folder(admin(), 3, 6).code(), StatusCode::not_found);
  EXPECT_EQ(folders().set_fax_folder(admin(), 0, 5).code(), StatusCode::invalid_argument);
  EXPECT_EQ(folders().set_fax_folder(admin(), kMaxFaxLine + 1, 5).code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(folders().set_fax_folder(admin(), 1, 1000).code(), StatusCode::invalid_argument);
  // Deleting the folder clears its entries, so a later folder with the number gets no faxes.
  ASSERT_TRUE(folders().delete_folder(owner(), 5).is_ok());
  ASSERT_TRUE(folders().create_folder(other(), 5, "Someone else's", false).is_ok());
  EXPECT_FALSE(folders().fax_folder_for_line(1).value().has_value());
  EXPECT_FALSE(folders().fax_folder_for_line(2).value().has_value());
}

// ---- threads ----

TEST_F(FolderServiceTest, ConcurrentCallersShareTheDatabaseSafely) {
  constexpr int kThreads = 4;
  constexpr int kFiles = 10;
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_TRUE(folders().create_folder(owner(), 100 + t, "Box", false).is_ok());
  }
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto number = static_cast<std::uint32_t>(100 + t);
      for (int i = 0; i < kFiles; ++i) {
        const std::string body = "thread " + std::to_string(t) + " file " + std::to_string(i);
        auto id = folders().store_file(owner(), number, scan_file(), bytes_of(body));
        if (!id.is_ok()) {
          ++failures;
          continue;
        }
        auto got = folders().retrieve_file(owner(), number, id.value(), 1 << 20);  // Force Delete
        if (!got.is_ok() || as_string(got.value()) != body) ++failures;
        if (!folders().list_folders(other()).is_ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(folders().referenced_objects()->empty());
  EXPECT_TRUE(stored_objects(dev().store()).empty());
}

// ---- persistence and confidentiality ----

TEST(FolderServicePersistence, FoldersFilesAndSelectorSurviveARestart) {
  testing::TempDir root("mfp-folders");
  std::filesystem::create_directories(root.path() / "nvram");
  const security::DeviceSecurityOptions options =
      testing::security_options(root.path() / "data", root.path() / "nvram" / "nvram.bin",
                                security::erase::OverwriteMode::one_pass);
  const std::string folder_name = "Payroll-7f3a9c";
  const std::string file_name = "salaries-2b81e4.pdf";
  const std::string content = "CONTENT-MARKER-5d0c17 " + std::string(100000, 'q');
  std::uint64_t file_id = 0;
  {
    auto dev = security::DeviceSecurity::open(options);
    ASSERT_TRUE(dev.is_ok()) << dev.status().to_string();
    auto& d = *dev.value();
    auto folders = FolderService::open(d.database(), d.store(), d.settings(), d.audit());
    ASSERT_TRUE(folders.is_ok());
    ASSERT_TRUE(folders.value()->create_folder(owner(), 77, folder_name, true).is_ok());
    auto id = folders.value()->store_file(owner(), 77, scan_file(file_name, 4), bytes_of(content));
    ASSERT_TRUE(id.is_ok()) << id.status().to_string();
    file_id = id.value();
    ASSERT_TRUE(folders.value()->set_fax_folder(key_operator(), 2, 77).is_ok());
    ASSERT_TRUE(d.set_setting(settings::kFilesRetrievedByClient.name,
                              SettingValue{std::string("according_to_folder_settings")},
                              key_operator())
                    .is_ok());
  }
  // At rest nothing user-supplied is readable: names live in the encrypted database, bytes in
  // sealed objects.
  for (std::string_view needle : {std::string_view(folder_name), std::string_view(file_name),
                                  std::string_view("CONTENT-MARKER-5d0c17")}) {
    EXPECT_FALSE(tree_contains(options.data_dir, needle)) << needle;
  }
  {
    auto dev = security::DeviceSecurity::open(options);
    ASSERT_TRUE(dev.is_ok()) << dev.status().to_string();
    auto& d = *dev.value();
    auto folders = FolderService::open(d.database(), d.store(), d.settings(), d.audit());
    ASSERT_TRUE(folders.is_ok());
    auto f = folders.value()->get_folder(owner(), 77);
    ASSERT_TRUE(f.is_ok()) << f.status().to_string();
    EXPECT_EQ(f->name, folder_name);
    EXPECT_TRUE(f->check_passcode);
    auto files = folders.value()->list_files(owner(), 77);
    ASSERT_TRUE(files.is_ok());
    ASSERT_EQ(files->size(), 1u);
    EXPECT_EQ((*files)[0].name, file_name);
    EXPECT_EQ((*files)[0].pages, 4u);
    auto got = folders.value()->retrieve_file(owner(), 77, file_id, 1 << 20);
    ASSERT_TRUE(got.is_ok()) << got.status().to_string();
    EXPECT_EQ(as_string(got.value()), content);
    EXPECT_EQ(folders.value()->fax_folder_for_line(2).value(), std::optional<std::uint32_t>(77));
    // Ids are never reused after a restart.
    auto next = folders.value()->store_file_as_system(77, scan_file(), bytes_of("x"));
    ASSERT_TRUE(next.is_ok());
    EXPECT_GT(next.value(), file_id);
  }
}

}  // namespace
}  // namespace mfp::pipeline::jobs
