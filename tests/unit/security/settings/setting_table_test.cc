#include "security/settings/setting_table.h"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <set>
#include <string>

#include "security/settings/tls_cipher_suites.h"

namespace mfp::security::settings {

// gtest prints a row by its key.
void PrintTo(const SettingDefinition& def, std::ostream* os) {
  *os << def.key;
}

namespace {

class EveryRow : public ::testing::TestWithParam<SettingDefinition> {};

TEST_P(EveryRow, DefaultAndSecureValuesAreValidForTheType) {
  const SettingDefinition& def = GetParam();
  auto dflt = parse_value(def.type, def.factory_default);
  ASSERT_TRUE(dflt.is_ok()) << def.key << ": " << dflt.status().to_string();
  EXPECT_TRUE(validate(def, dflt.value()).is_ok()) << def.key;
  auto secure = parse_value(def.type, def.secure_value);
  ASSERT_TRUE(secure.is_ok()) << def.key << ": " << secure.status().to_string();
  EXPECT_TRUE(validate(def, secure.value()).is_ok()) << def.key;
  EXPECT_TRUE(is_secure(def, secure.value())) << def.key << " secure value breaks its rule";
}

TEST_P(EveryRow, RowIsWellFormed) {
  const SettingDefinition& def = GetParam();
  EXPECT_FALSE(def.key.empty());
  EXPECT_FALSE(def.display_name.empty()) << def.key;
  EXPECT_FALSE(def.guide_wording.empty()) << def.key;
  ASSERT_NE(find_setting(def.key), nullptr);
  EXPECT_EQ(find_setting(def.key)->display_name, def.display_name);
  if (def.type == SettingType::integer) {
    EXPECT_LT(def.min, def.max) << def.key;
  }
  if (def.type == SettingType::enumeration) {
    EXPECT_NE(def.allowed.find('|'), std::string_view::npos) << def.key;
  }
  if (def.secure_rule == SecureRule::one_of) {
    std::string_view ops = def.secure_operand;
    while (!ops.empty()) {  // every secure alternative is an allowed name
      const auto bar = ops.find('|');
      EXPECT_TRUE(name_in(def.allowed, ops.substr(0, bar))) << def.key;
      ops = bar == std::string_view::npos ? std::string_view{} : ops.substr(bar + 1);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SettingTable, EveryRow, ::testing::ValuesIn(setting_table()),
                         [](const ::testing::TestParamInfo<SettingDefinition>& info) {
                           std::string name(info.param.key);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(SettingTable, KeysAreUnique) {
  std::set<std::string_view> keys;
  for (const SettingDefinition& def : setting_table()) {
    EXPECT_TRUE(keys.insert(def.key).second) << def.key;
  }
}

TEST(SettingTable, HoldsTheGuidesSettings) {
  for (std::string_view key : {"network.ipp.enabled",
                               "network.http.mode",
                               "network.lpd.enabled",
                               "network.port9100.enabled",
                               "network.snmp.enabled",
                               "network.wsd.scan.enabled",
                               "network.wsd.print.enabled",
                               "network.webdav.enabled",
                               "network.pop3.enabled",
                               "network.ftp_client.enabled",
                               "network.sftp.enabled",
                               "network.smb_client.enabled",
                               "network.soap.enabled",
                               "network.bonjour.enabled",
                               "network.usb.enabled",
                               "network.nfc.enabled",
                               "network.ipsec.enabled",
                               "tls.enabled",
                               "tls.tls13.enabled",
                               "tls.fips140_mode",
                               "network.http.csrf_protection",
                               "print.pjl_file_system_commands.enabled",
                               "app.custom_services.enabled",
                               "system.plugins.enabled",
                               "print.direct.disabled",
                               "home.remote_assistance.enabled",
                               "home.internet_fax.enabled",
                               "home.scan.enabled",
                               "home.web_applications.enabled",
                               "system.report_print.enabled",
                               "system.self_test.enabled",
                               "system.software_update.enabled",
                               "system.software_download_via_network",
                               "system.service_rep_restricted_operation",
                               "system.audit_log.enabled",
                               "system.data_encryption.enabled",
                               "security.overwrite_storage",
                               "auth.login_type",
                               "print.private.receive_control",
                               "folder.files_retrieved_by_client",
                               "panel.auto_clear.enabled",
                               "panel.auto_clear.seconds",
                               "cwis.session_timeout_minutes",
                               "auth.max_login_attempts.administrator",
                               "auth.max_login_attempts.local_user",
                               "auth.password_min_length",
                               "auth.password_entry_panel_login",
                               "access.system_settings",
                               "access.device_control_panel",
                               "access.app",
                               "jobs.operation_restrictions",
                               "jobs.active_jobs_view.hide_details",
                               "personalization.edit_home",
                               "folder.print_files_via_cwis.enabled",
                               "network.tcpip.ip_mode",
                               "fax.direct_fax.enabled",
                               "fax.polling.enabled",
                               "fax.folder_selector.enabled"}) {
    EXPECT_NE(find_setting(key), nullptr) << key;
  }
  EXPECT_EQ(find_setting("no.such.setting"), nullptr);
}

TEST(SettingTable, SecureRulesFollowTheGuide) {
  const SettingDefinition* overwrite = find_setting("security.overwrite_storage");
  ASSERT_NE(overwrite, nullptr);
  EXPECT_FALSE(is_secure(*overwrite, SettingValue{"off"}));
  EXPECT_TRUE(is_secure(*overwrite, SettingValue{"1"}));
  EXPECT_TRUE(is_secure(*overwrite, SettingValue{"3"}));
  const SettingDefinition* length = find_setting("auth.password_min_length");
  ASSERT_NE(length, nullptr);
  EXPECT_FALSE(is_secure(*length, SettingValue{std::int64_t{8}}));
  EXPECT_TRUE(is_secure(*length, SettingValue{std::int64_t{9}}));
  EXPECT_TRUE(is_secure(*length, SettingValue{std::int64_t{63}}));
  const SettingDefinition* attempts = find_setting("auth.max_login_attempts.administrator");
  ASSERT_NE(attempts, nullptr);
  EXPECT_TRUE(is_secure(*attempts, SettingValue{std::int64_t{5}}));
  EXPECT_FALSE(is_secure(*attempts, SettingValue{std::int64_t{4}}));
  EXPECT_FALSE(is_secure(*attempts, SettingValue{std::int64_t{6}}));
  const SettingDefinition* timeout = find_setting("cwis.session_timeout_minutes");
  ASSERT_NE(timeout, nullptr);
  EXPECT_TRUE(is_secure(*timeout, SettingValue{std::int64_t{6}}));
  EXPECT_TRUE(is_secure(*timeout, SettingValue{std::int64_t{1}}));
  EXPECT_FALSE(is_secure(*timeout, SettingValue{std::int64_t{20}}));
  EXPECT_EQ(secure_requirement(*timeout), "<= 6");
  EXPECT_EQ(secure_requirement(*overwrite), "one of 1|3");
}

TEST(SettingValueText, RoundTripsAndRejectsNonCanonicalText) {
  EXPECT_EQ(to_text(SettingValue{true}), "true");
  EXPECT_EQ(to_text(SettingValue{std::int64_t{-12}}), "-12");
  EXPECT_EQ(to_text(SettingValue{"https_only"}), "https_only");
  for (std::string_view bad : {"", "+1", "01", "-0", "1x", " 1", "99999999999999999999"}) {
    EXPECT_FALSE(parse_value(SettingType::integer, bad).is_ok()) << bad;
  }
  for (std::string_view bad : {"", "1", "on", "True"}) {
    EXPECT_FALSE(parse_value(SettingType::boolean, bad).is_ok()) << bad;
  }
  EXPECT_FALSE(parse_value(SettingType::enumeration, "").is_ok());
  EXPECT_EQ(std::get<std::int64_t>(parse_value(SettingType::integer, "0").value()), 0);
}

TEST(TlsCipherSuites, AreTheGuidesSixteen) {
  const auto suites = secure_tls_cipher_suites();
  ASSERT_EQ(suites.size(), 16u);
  EXPECT_EQ(suites.front(), "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(suites.back(), "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
  std::set<std::string_view> unique(suites.begin(), suites.end());
  EXPECT_EQ(unique.size(), suites.size());
}

}  // namespace
}  // namespace mfp::security::settings
