#include <gtest/gtest.h>

#include <string>

#include "security/audit/audit_events.h"
#include "tests/unit/security/auth/auth_fixture.h"

namespace mfp::security::auth::testing {
namespace {

using ownership::Role;
using ownership::RoleSet;
using ownership::Subject;
using pipeline::StatusCode;

class AccountsTest : public AuthFixture {};

TEST_F(AccountsTest, FirstStartMakesKeyOperatorWithOneTimePassword) {
  ASSERT_EQ(ko_password_.size(), kInitialPasswordLength);
  for (char c : ko_password_) {
    EXPECT_EQ(std::string("0O1lI").find(c), std::string::npos) << "ambiguous character";
  }
  EXPECT_TRUE(PasswordPolicy{}.check(bytes(ko_password_)).is_ok());
  auto ko = accounts_->find(kKeyOperatorLogin);
  ASSERT_TRUE(ko.is_ok());
  EXPECT_EQ(ko->id, ownership::kKeyOperatorUserId);
  EXPECT_TRUE(ko->roles.contains(Role::key_operator));
  EXPECT_TRUE(ko->must_change_password);
  EXPECT_TRUE(accounts_->check_password(ko->id, bytes(ko_password_)).value());
  // Handed out once only.
  EXPECT_TRUE(accounts_->take_initial_password().empty());
  // Only the hash is stored.
  auto stmt = db_->prepare("SELECT password_record FROM users WHERE id = 1");
  ASSERT_TRUE(stmt.is_ok());
  ASSERT_TRUE(stmt->step().value());
  EXPECT_EQ(stmt->column_text(0).find(ko_password_), std::string::npos);
  EXPECT_EQ(stmt->column_text(0).rfind("pbkdf2-sha256$1$", 0), 0u);
}

TEST_F(AccountsTest, ReopenKeepsKeyOperatorAndMakesNoNewPassword) {
  const std::string first = ko_password_;
  ko_password_.clear();
  reopen_db();
  open_accounts();
  EXPECT_TRUE(ko_password_.empty());
  EXPECT_TRUE(accounts_->check_password(ownership::kKeyOperatorUserId, bytes(first)).value());
}

TEST_F(AccountsTest, ForcedFirstChangeClearsFlag) {
  const Subject ko = Accounts::subject_of(accounts_->get(1).value());
  auto wrong = accounts_->change_own_password(ko, bytes("not-the-one"), bytes("Admin-Pass-1"));
  EXPECT_EQ(wrong.code(), StatusCode::permission_denied);
  auto weak = accounts_->change_own_password(ko, bytes(ko_password_), bytes("short"));
  EXPECT_EQ(weak.code(), StatusCode::invalid_argument);
  auto same = accounts_->change_own_password(ko, bytes(ko_password_), bytes(ko_password_));
  EXPECT_EQ(same.code(), StatusCode::invalid_argument);
  ASSERT_TRUE(accounts_->change_own_password(ko, bytes(ko_password_), bytes("Admin-Pass-1")));
  EXPECT_FALSE(accounts_->get(1)->must_change_password);
  EXPECT_TRUE(accounts_->check_password(1, bytes("Admin-Pass-1")).value());
  EXPECT_FALSE(accounts_->check_password(1, bytes(ko_password_)).value());
}

TEST_F(AccountsTest, AddEditDeleteAudited) {
  const Subject ko = key_operator();
  const std::uint64_t alice = add("alice");
  ASSERT_NE(alice, 0u);
  auto a = accounts_->get(alice);
  ASSERT_TRUE(a.is_ok());
  EXPECT_TRUE(a->roles.only(Role::general_user));
  EXPECT_FALSE(a->must_change_password);
  EXPECT_EQ(accounts_->add_user(ko, "alice", "x", {}, bytes("Secret-123")).status().code(),
            StatusCode::conflict);
  EXPECT_EQ(accounts_->add_user(ko, "bad name", "x", {}, bytes("Secret-123")).status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(accounts_->add_user(ko, "bob", "x", RoleSet{Role::key_operator}, bytes("Secret-123"))
                .status()
                .code(),
            StatusCode::invalid_argument);
  ASSERT_TRUE(accounts_->edit_user(ko, alice, "Alice A.",
                                   RoleSet{Role::general_user, Role::system_administrator}));
  EXPECT_TRUE(accounts_->get(alice)->roles.contains(Role::system_administrator));
  EXPECT_EQ(accounts_->edit_user(ko, 1, "x", {}).code(), StatusCode::permission_denied);
  EXPECT_EQ(accounts_->delete_user(ko, 1).code(), StatusCode::permission_denied);
  ASSERT_TRUE(accounts_->delete_user(ko, alice));
  EXPECT_EQ(accounts_->get(alice).status().code(), StatusCode::not_found);

  const auto all = audit_.events();
  int added = 0, edited = 0, deleted = 0;
  for (const auto& e : all) {
    const auto expect_added = audit::events::user_added("KO", "alice");
    const auto expect_edited = audit::events::user_edited("KO", "alice");
    const auto expect_deleted = audit::events::user_deleted("KO", "alice");
    auto same = [&](const audit::AuditEvent& x) {
      return e.name == x.name && e.description == x.description && e.status == x.status &&
             e.user == x.user && e.items == x.items;
    };
    added += same(expect_added);
    edited += same(expect_edited);
    deleted += same(expect_deleted);
  }
  EXPECT_EQ(added, 1);
  EXPECT_EQ(edited, 1);
  EXPECT_EQ(deleted, 1);
}

TEST_F(AccountsTest, GeneralUserMayChangeOnlyOwnPassword) {
  const std::uint64_t alice = add("alice");
  const std::uint64_t bob = add("bob");
  const Subject as_alice = Accounts::subject_of(accounts_->get(alice).value());
  EXPECT_EQ(accounts_->reset_password(as_alice, bob, bytes("New-Pass-99")).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts_->add_user(as_alice, "carol", "c", {}, bytes("Secret-123")).status().code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts_->delete_user(as_alice, bob).code(), StatusCode::permission_denied);
  ASSERT_TRUE(accounts_->change_own_password(as_alice, bytes("Secret-123"), bytes("New-Pass-99")));
  EXPECT_TRUE(accounts_->check_password(alice, bytes("New-Pass-99")).value());
  EXPECT_TRUE(accounts_->check_password(bob, bytes("Secret-123")).value());
}

TEST_F(AccountsTest, AdministratorResetsOthersButNotKeyOperator) {
  const std::uint64_t admin = add("sam", /*admin=*/true);
  const std::uint64_t alice = add("alice");
  const Subject as_sam = Accounts::subject_of(accounts_->get(admin).value());
  EXPECT_EQ(accounts_->reset_password(as_sam, 1, bytes("New-Pass-99")).code(),
            StatusCode::permission_denied);
  const std::uint64_t gen = accounts_->credential_generation(alice);
  ASSERT_TRUE(accounts_->reset_password(as_sam, alice, bytes("New-Pass-99")));
  EXPECT_NE(accounts_->credential_generation(alice), gen);
  EXPECT_TRUE(accounts_->get(alice)->must_change_password);
  EXPECT_TRUE(accounts_->check_password(alice, bytes("New-Pass-99")).value());
}

TEST_F(AccountsTest, MinimumLengthSetting) {
  const Subject ko = key_operator();
  const std::uint64_t alice = add("alice");
  const Subject as_alice = Accounts::subject_of(accounts_->get(alice).value());
  EXPECT_EQ(accounts_->set_minimum_password_length(as_alice, 4).code(),
            StatusCode::permission_denied);
  EXPECT_EQ(accounts_->set_minimum_password_length(ko, 64).code(), StatusCode::invalid_argument);
  ASSERT_TRUE(accounts_->set_minimum_password_length(ko, 12));
  auto s = accounts_->add_user(ko, "bob", "b", {}, bytes("Secret-1234"));
  EXPECT_EQ(s.status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(s.status().message().find("Secret"), std::string::npos);
  EXPECT_TRUE(accounts_->add_user(ko, "bob", "b", {}, bytes("Secret-12345")).is_ok());
}

}  // namespace
}  // namespace mfp::security::auth::testing
