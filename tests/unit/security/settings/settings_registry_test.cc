#include "security/settings/settings_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "security/audit/audit_events.h"
#include "security/audit/memory_audit_sink.h"
#include "security/settings/setting_table.h"

namespace mfp::security::settings {
namespace {

using ownership::Role;
using ownership::Subject;
using pipeline::StatusCode;

const Subject kKeyOperator = Subject::user(ownership::kKeyOperatorUserId, {Role::key_operator});
const Subject kSysAdmin = Subject::user(42, {Role::general_user, Role::system_administrator});
const Subject kGeneralUser = Subject::user(7, {Role::general_user});

// A valid value of the row's type other than its current one.
SettingValue other_value(const SettingDefinition& def, const SettingValue& current) {
  switch (def.type) {
    case SettingType::boolean:
      return SettingValue{!std::get<bool>(current)};
    case SettingType::integer: {
      const std::int64_t v = std::get<std::int64_t>(current);
      return SettingValue{v == def.max ? def.min : v + 1};
    }
    case SettingType::enumeration: {
      std::string_view names = def.allowed;
      while (true) {
        const auto bar = names.find('|');
        std::string name(names.substr(0, bar));
        if (name != std::get<std::string>(current)) return SettingValue{name};
        names.remove_prefix(bar + 1);
      }
    }
  }
  return current;
}

std::set<std::string> keys_of(const std::vector<Deviation>& deviations) {
  std::set<std::string> out;
  for (const Deviation& d : deviations) out.insert(d.key);
  return out;
}

class SettingsRegistryTest : public ::testing::Test {
 protected:
  audit::MemoryAuditSink sink_;
  SettingsRegistry registry_{sink_};
};

TEST_F(SettingsRegistryTest, StartsInTheSecureConfiguration) {
  EXPECT_TRUE(registry_.conformance().empty());
  EXPECT_FALSE(registry_.get<bool>("network.lpd.enabled").value());
  EXPECT_TRUE(registry_.get<bool>("system.audit_log.enabled").value());
  EXPECT_EQ(registry_.get<std::string>("network.http.mode").value(), "https_only");
  EXPECT_EQ(registry_.get<std::int64_t>("auth.max_login_attempts.local_user").value(), 5);
  EXPECT_EQ(registry_.get<std::int64_t>("auth.password_min_length").value(), 9);
}

TEST_F(SettingsRegistryTest, EverySecureValueIsReadableWithItsType) {
  for (const SettingDefinition& def : setting_table()) {
    auto v = registry_.value(def.key);
    ASSERT_TRUE(v.is_ok()) << def.key;
    EXPECT_EQ(type_of(v.value()), def.type) << def.key;
    EXPECT_EQ(to_text(v.value()), def.secure_value) << def.key;
  }
}

TEST_F(SettingsRegistryTest, FactoryDefaultsDeviateWhereTheGuideSaysSo) {
  registry_.reset_to_factory_defaults();
  const auto deviations = registry_.conformance();
  const auto keys = keys_of(deviations);
  for (const char* key :
       {"network.lpd.enabled", "network.port9100.enabled", "system.audit_log.enabled",
        "security.overwrite_storage", "system.data_encryption.enabled", "network.ipp.enabled",
        "network.snmp.enabled", "tls.fips140_mode", "auth.login_type",
        "cwis.session_timeout_minutes", "auth.password_min_length", "system.self_test.enabled",
        "network.http.csrf_protection"}) {
    EXPECT_TRUE(keys.contains(key)) << key;
  }
  // Factory defaults the guide already calls secure.
  for (const char* key :
       {"auth.max_login_attempts.administrator", "auth.max_login_attempts.local_user",
        "network.pop3.enabled", "network.ipsec.enabled", "folder.print_files_via_cwis.enabled"}) {
    EXPECT_FALSE(keys.contains(key)) << key;
  }
  // Exactly the rows whose factory default breaks their rule.
  std::set<std::string> expected;
  for (const SettingDefinition& def : setting_table()) {
    if (!is_secure(def, parse_value(def.type, def.factory_default).value())) {
      expected.insert(std::string(def.key));
    }
  }
  EXPECT_EQ(keys, expected);
  const auto overwrite = std::find_if(deviations.begin(), deviations.end(), [](const Deviation& d) {
    return d.key == "security.overwrite_storage";
  });
  ASSERT_NE(overwrite, deviations.end());
  EXPECT_EQ(overwrite->current, "off");
  EXPECT_EQ(overwrite->secure, "one of 1|3");
  EXPECT_EQ(overwrite->display_name, "Overwrite Storage");

  registry_.reset_to_secure();
  EXPECT_TRUE(registry_.conformance().empty());
}

TEST_F(SettingsRegistryTest, Port9100OnIsExactlyOneDeviation) {
  ASSERT_TRUE(registry_.set("network.port9100.enabled", true, kSysAdmin).is_ok());
  const auto deviations = registry_.conformance();
  ASSERT_EQ(deviations.size(), 1u);
  EXPECT_EQ(deviations[0].key, "network.port9100.enabled");
  EXPECT_EQ(deviations[0].display_name, "Port 9100");
  EXPECT_EQ(deviations[0].current, "true");
  EXPECT_EQ(deviations[0].secure, "== false");
  ASSERT_TRUE(registry_.set("network.port9100.enabled", false, kKeyOperator).is_ok());
  EXPECT_TRUE(registry_.conformance().empty());
}

TEST_F(SettingsRegistryTest, OnlyAdministratorsChangeSettings) {
  for (const SettingDefinition& def : setting_table()) {
    const SettingValue next = other_value(def, registry_.value(def.key).value());
    for (const Subject& who :
         {kGeneralUser, Subject::unauthenticated(), Subject::user(9, {Role::customer_engineer})}) {
      EXPECT_EQ(registry_.set(def.key, next, who).code(), StatusCode::permission_denied) << def.key;
    }
    EXPECT_EQ(to_text(registry_.value(def.key).value()), def.secure_value) << def.key;
  }
  EXPECT_TRUE(sink_.events().empty());
  EXPECT_TRUE(registry_.conformance().empty());
}

TEST_F(SettingsRegistryTest, EverySecuritySettingChangeIsAuditedWithTheUser) {
  std::size_t expected = 0;
  for (const SettingDefinition& def : setting_table()) {
    const SettingValue next = other_value(def, registry_.value(def.key).value());
    const Subject& who = expected % 2 == 0 ? kKeyOperator : kSysAdmin;
    ASSERT_TRUE(registry_.set(def.key, next, who).is_ok()) << def.key;
    EXPECT_EQ(registry_.value(def.key).value(), next) << def.key;
    if (!def.security) continue;
    ++expected;
    const auto events = sink_.events();
    ASSERT_EQ(events.size(), expected) << def.key;
    const audit::AuditEvent& e = events.back();
    EXPECT_EQ(e.id, audit::events::security_setting_changed("x", "y").id);
    EXPECT_EQ(e.user, &who == &kKeyOperator ? "KO" : "42");
    ASSERT_FALSE(e.items.empty());
    EXPECT_EQ(e.items.back().second, def.key);
  }
  EXPECT_GT(expected, 60u);
}

TEST_F(SettingsRegistryTest, ValidatesTypeRangeAndAllowedNames) {
  auto code = [&](std::string_view key, SettingValue v) {
    return registry_.set(key, v, kKeyOperator).code();
  };
  EXPECT_EQ(code("no.such.setting", true), StatusCode::not_found);
  EXPECT_EQ(code("network.lpd.enabled", std::int64_t{1}), StatusCode::invalid_argument);
  EXPECT_EQ(code("network.lpd.enabled", "true"), StatusCode::invalid_argument);
  EXPECT_EQ(code("panel.auto_clear.seconds", std::int64_t{9}), StatusCode::invalid_argument);
  EXPECT_EQ(code("panel.auto_clear.seconds", std::int64_t{901}), StatusCode::invalid_argument);
  EXPECT_EQ(code("panel.auto_clear.seconds", std::int64_t{10}), StatusCode::ok);
  EXPECT_EQ(code("panel.auto_clear.seconds", std::int64_t{900}), StatusCode::ok);
  EXPECT_EQ(code("cwis.session_timeout_minutes", std::int64_t{0}), StatusCode::invalid_argument);
  EXPECT_EQ(code("cwis.session_timeout_minutes", std::int64_t{241}), StatusCode::invalid_argument);
  EXPECT_EQ(code("cwis.session_timeout_minutes", std::int64_t{240}), StatusCode::ok);
  EXPECT_EQ(code("auth.max_login_attempts.administrator", std::int64_t{0}),
            StatusCode::invalid_argument);
  EXPECT_EQ(code("auth.max_login_attempts.local_user", std::int64_t{11}),
            StatusCode::invalid_argument);
  EXPECT_EQ(code("auth.password_min_length", std::int64_t{63}), StatusCode::ok);
  EXPECT_EQ(code("auth.password_min_length", std::int64_t{64}), StatusCode::invalid_argument);
  EXPECT_EQ(code("security.overwrite_storage", "2"), StatusCode::invalid_argument);
  EXPECT_EQ(code("security.overwrite_storage", "3"), StatusCode::ok);
  EXPECT_EQ(code("security.overwrite_storage", "off"), StatusCode::ok);
  EXPECT_EQ(code("network.http.mode", "http_only"), StatusCode::invalid_argument);

  const auto status = registry_.set("panel.auto_clear.seconds", std::int64_t{5}, kKeyOperator);
  EXPECT_NE(status.message().find("10..900"), std::string::npos) << status.message();
  const auto e = registry_.set("security.overwrite_storage", "7", kKeyOperator);
  EXPECT_NE(e.message().find("off|1|3"), std::string::npos) << e.message();

  EXPECT_EQ(registry_.get<std::string>("security.overwrite_storage").value(), "off");
  EXPECT_EQ(registry_.get<bool>("security.overwrite_storage").status().code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(registry_.get<bool>("no.such.setting").status().code(), StatusCode::not_found);
}

TEST_F(SettingsRegistryTest, RestoreIgnoresUnknownAndFillsMissingOrInvalidWithSecure) {
  registry_.reset_to_factory_defaults();
  registry_.restore({{"network.lpd.enabled", "true"},
                     {"panel.auto_clear.seconds", "5"},
                     {"future.setting", "x"}});
  EXPECT_TRUE(registry_.get<bool>("network.lpd.enabled").value());
  EXPECT_EQ(registry_.get<std::int64_t>("panel.auto_clear.seconds").value(), 30);
  EXPECT_EQ(keys_of(registry_.conformance()), std::set<std::string>{"network.lpd.enabled"});
}

}  // namespace
}  // namespace mfp::security::settings
