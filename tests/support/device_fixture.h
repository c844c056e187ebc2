#pragma once
// DeviceFixture: a whole DeviceCore in a temporary directory with an unthrottled engine and
// fast password hashing, plus three users (alice and bob, general users; carol, a system
// administrator) and helpers to submit small PWG jobs. Test code only.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "engine_hw/sim/file_nvram.h"
#include "engine_hw/sim/simulated_engine.h"
#include "engine_hw/system_clock.h"
#include "pipeline/device/device_core.h"
#include "security/ownership/subject.h"
#include "security/settings/setting_choices.h"
#include "security/settings/setting_keys.h"
#include "security/settings/setting_value.h"
#include "tests/support/documents.h"
#include "tests/support/test_security.h"

namespace mfp::testing {

class DeviceFixture {
 public:
  // The password of the fixture's users alice, bob and carol.
  static constexpr std::string_view kUserPassword = "Secret-pass-123";

  // `clock`: the device's time source (null: the system clock); tests of timeouts give a
  // ManualClock.
  explicit DeviceFixture(std::shared_ptr<engine_hw::Clock> clock = nullptr)
      : root_(make_temp_dir("mfp-device")), clock_(std::move(clock)) {
    reopen();
  }
  ~DeviceFixture() {
    core_.reset();
    std::filesystem::remove_all(root_);
  }
  DeviceFixture(const DeviceFixture&) = delete;
  DeviceFixture& operator=(const DeviceFixture&) = delete;

  // Opens (or reopens, after an orderly shutdown) the device on the same directories.
  void reopen(pipeline::jobs::JobManagerOptions jobs = {}) {
    core_.reset();
    pipeline::device::DeviceCoreOptions o;
    o.data_dir = root_ / "data";
    o.nvram_path = root_ / "nvram" / "nvram.bin";
    auto nvram = engine_hw::sim::FileNvram::open_in_private_dir(o.nvram_path);
    ASSERT_TRUE(nvram.is_ok()) << nvram.status().message();
    o.nvram = std::move(nvram).value();
    engine_hw::sim::SimulatedEngineOptions engine;
    engine.pacing = engine_hw::sim::Pacing::unthrottled;
    auto made =
        engine_hw::sim::SimulatedEngine::create(engine, std::make_shared<engine_hw::SystemClock>());
    ASSERT_TRUE(made.is_ok()) << made.status().message();
    engine_ = std::move(made).value();
    o.engine = engine_;
    o.accounts = security::auth::AccountsOptions::for_tests();
    o.jobs = std::move(jobs);
    o.initial_password_file = password_file();
    o.clock = clock_;
    auto core = pipeline::device::DeviceCore::open(std::move(o));
    ASSERT_TRUE(core.is_ok()) << core.status().message();
    core_ = std::move(core).value();
    if (!users_made_) make_users();
  }
  // Closes the device without reopening it.
  void close() { core_.reset(); }

  [[nodiscard]] pipeline::device::DeviceCore& core() { return *core_; }
  [[nodiscard]] pipeline::jobs::JobManager& jobs() { return core_->jobs(); }
  // The simulated engine the fixture gave the device (trays, faults, what it printed).
  [[nodiscard]] engine_hw::sim::SimulatedEngine& simulator() { return *engine_; }
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] std::filesystem::path data_dir() const { return root_ / "data"; }
  // Where the device core is told a front end keeps the one-time password.
  [[nodiscard]] std::filesystem::path password_file() const { return root_ / "otp"; }

  static security::ownership::Subject key_operator() {
    return security::ownership::Subject::user(security::ownership::kKeyOperatorUserId,
                                              {security::ownership::Role::key_operator});
  }
  security::ownership::Subject alice() const { return general(alice_id_); }
  security::ownership::Subject bob() const { return general(bob_id_); }
  security::ownership::Subject carol() const {
    return security::ownership::Subject::user(carol_id_,
                                              {security::ownership::Role::system_administrator});
  }
  std::uint64_t alice_id() const { return alice_id_; }

  // A print request of a `pages`-page PWG document by `who` (credential verified), or without
  // a user ID when `who` is unauthenticated.
  pipeline::jobs::SubmitRequest request(const security::ownership::Subject& who,
                                        std::uint32_t pages = 1, std::string name = "job") {
    pipeline::jobs::SubmitRequest r;
    r.name = std::move(name);
    if (who.user_id != security::ownership::kUnauthenticatedUserId) {
      r.credential = pipeline::jobs::Credential::verified;
      r.submitter = who;
      r.user_name = who.user_id == alice_id_ ? "alice" : "user";
    }
    r.options.dpi = 300;
    pipeline::jobs::SubmitDocument d;
    d.format = "image/pwg-raster";
    d.stream = memory_stream(make_pwg(pages, 300, 400, 300));
    r.documents.push_back(std::move(d));
    return r;
  }

  // Sets a setting as the Key Operator through its typed key (an enumeration by its name).
  template <typename T>
  void set(security::settings::SettingKey<T> key, T value) {
    security::settings::SettingValue v;
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t>) {
      v = security::settings::SettingValue{value};
    } else {
      v = security::settings::SettingValue{std::string(security::settings::choice_name(value))};
    }
    auto s = core_->set_setting(key.name, v, key_operator());
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  // Objects in sealed storage once every release has finished.
  std::size_t stored_objects() {
    core_->security().envelope().wait_for_releases();
    return core_->security().store().list().value().size();
  }

 private:
  static security::ownership::Subject general(std::uint64_t id) {
    return security::ownership::Subject::user(id, {security::ownership::Role::general_user});
  }
  void make_users() {
    auto& acc = core_->accounts();
    const std::string_view pw = kUserPassword;
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(pw.data()),
                                              pw.size());
    alice_id_ = acc.add_user(key_operator(), "alice", "Alice",
                             {security::ownership::Role::general_user}, bytes)
                    .value();
    bob_id_ =
        acc.add_user(key_operator(), "bob", "Bob", {security::ownership::Role::general_user}, bytes)
            .value();
    carol_id_ = acc.add_user(key_operator(), "carol", "Carol",
                             {security::ownership::Role::system_administrator}, bytes)
                    .value();
    users_made_ = true;
  }

  std::filesystem::path root_;
  std::shared_ptr<engine_hw::Clock> clock_;
  std::shared_ptr<engine_hw::sim::SimulatedEngine> engine_;
  std::unique_ptr<pipeline::device::DeviceCore> core_;
  bool users_made_ = false;
  std::uint64_t alice_id_ = 0, bob_id_ = 0, carol_id_ = 0;
};

}  // namespace mfp::testing
