// The settings table. One row per setting; columns: key, the guide's name, type and range or
// allowed names, the appendix "Default" column, the secure-operation requirement (rule,
// operand, the value reset_to_secure() sets, the guide's words), where it is changed, restart.
//
// Reading of the guide where it is silent or ambiguous (each also noted at its row):
// - Default "-" (not stated): the product's usual shipping value, always the insecure one when
//   the setting has a secure requirement, so a factory reset is never mistaken for secure.
// - Default "On" for Access Control rows means access is on (unlocked); for "Active Jobs View"
//   it means job details are shown.
// - Minimum Password Length: the guide gives no range; 0 ("Off", no restriction) or 1..63.
// - Browser Session Timeout: "Set to [6]", with the note that a shorter period is more secure
//   and 6 is a recommendation: secure means <= 6 (range 1..240 from the note).
// - Overwrite Storage: "[1 Overwrite] or [3 Overwrites]"; reset_to_secure() picks 1.
// - needs_restart: where the guide's procedure reboots (Data Encryption, Software Update) and
//   the network-stack settings whose change reconfigures listeners (ports, TCP/IP, TLS, FIPS,
//   IPsec, Authentication).
// Not settings (one-off actions or account data, handled elsewhere): System Administrator
// passcode, Service Representative passcode, Create Folder for Fax receive, Configuring
// Certificates, Regular Review by Audit Log, the clock's date and time (Adjust Time).
#include "security/settings/setting_table.h"

#include <array>

namespace mfp::security::settings {
namespace {

using enum ChangedOn;
using enum SecureRule;

constexpr SettingDefinition B(std::string_view key, std::string_view name, std::string_view dflt,
                              std::string_view secure, std::string_view wording, ChangedOn where,
                              bool restart, bool security = true) {
  return SettingDefinition{key,     name,    SettingType::boolean,
                           0,       0,       {},
                           dflt,    equals,  secure,
                           secure,  wording, where,
                           restart, security};
}

constexpr SettingDefinition I(std::string_view key, std::string_view name, std::int64_t min,
                              std::int64_t max, std::string_view dflt, SecureRule rule,
                              std::string_view operand, std::string_view secure,
                              std::string_view wording, ChangedOn where, bool restart) {
  return SettingDefinition{key,     name,    SettingType::integer,
                           min,     max,     {},
                           dflt,    rule,    operand,
                           secure,  wording, where,
                           restart, true};
}

constexpr SettingDefinition E(std::string_view key, std::string_view name, std::string_view allowed,
                              std::string_view dflt, SecureRule rule, std::string_view operand,
                              std::string_view secure, std::string_view wording, ChangedOn where,
                              bool restart) {
  return SettingDefinition{key,     name,    SettingType::enumeration,
                           0,       0,       allowed,
                           dflt,    rule,    operand,
                           secure,  wording, where,
                           restart, true};
}

// A row whose change the network listeners follow at once (SettingDefinition).
constexpr SettingDefinition L(SettingDefinition row) {
  row.reconfigures_listeners = true;
  return row;
}

// A row that is not a security setting: its changes are not audited as Change Security Setting
// and the guide asks nothing of its value.
constexpr SettingDefinition N(SettingDefinition row) {
  row.security = false;
  return row;
}

constexpr auto kTable = std::to_array<SettingDefinition>({
    // clang-format off
    // --- Settings for the Secure Operation 1 (Control Panel) ---
    B("system.data_encryption.enabled", "Data Encryption", "false", "true", "Set to enabled.", panel, true),
    B("auth.password_entry_panel_login", "Password Entry for Control Panel Login", "false", "true", "Set to [On].", panel, false),
    E("security.overwrite_storage", "Overwrite Storage", "off|1|3", "off", one_of, "1|3", "1", "Set to [1 Overwrite] or [3 Overwrites].", both, false),
    E("auth.login_type", "Authentication (Login Type)", "off|local", "off", equals, "local", "local", "Set to [Login to Local Accounts].", both, true),
    L(E("print.private.receive_control", "Private Print (Receive Control)", "print|according_to_print_accounting", "print", equals, "according_to_print_accounting", "according_to_print_accounting", "Set to [According to Print Accounting].", panel, false)),
    // Sub-items of Receive Control (Set Private Print steps 7-9); default "-": print.
    L(E("print.private.job_login_success", "Private Print (Job Login Success)", "print|save_as_private_charge_print", "print", equals, "save_as_private_charge_print", "save_as_private_charge_print", "Select [Save as Private Charge Print Job] for [Job Login Success].", panel, false)),
    L(E("print.private.job_login_failure", "Private Print (Job Login Failure)", "print|delete", "print", equals, "delete", "delete", "Select [Delete Job] for [Job Login Failure].", panel, false)),
    L(E("print.private.job_without_user_id", "Private Print (Job Without User ID)", "print|delete", "print", equals, "delete", "delete", "Select [Delete Job] for [Job Without User ID].", panel, false)),
    B("print.direct.disabled", "Disable Direct Print Feature", "false", "true", "Direct Print Restricted: Set to [On].", panel, false),
    L(B("network.smb_client.enabled", "SMB Client", "true", "false", "Set to disabled.", panel, true)),
    B("fax.direct_fax.enabled", "Direct Fax", "true", "false", "Direct Fax set to disabled.", panel, false),
    B("fax.polling.enabled", "Polling / Storage for Remote Devices", "true", "false", "Polling / Storage for Remote Devices set to disabled.", panel, false),
    B("fax.folder_selector.enabled", "Folder Selector Setup", "false", "true", "Select Folder for Fax receive.", panel, false),
    E("folder.files_retrieved_by_client", "Files Retrieved By Client", "according_to_folder_settings|force_delete", "according_to_folder_settings", equals, "force_delete", "force_delete", "Set to [Force Delete].", panel, false),
    // Default "30 seconds": on, 30 s. The guide asks only for [On]; its procedure sets 30.
    B("panel.auto_clear.enabled", "Auto Clear", "true", "true", "Set to [On].", both, false),
    I("panel.auto_clear.seconds", "Auto Clear (seconds)", 10, 900, "30", any, "", "30", "Press [-] button to set [30] seconds.", both, false),
    B("system.report_print.enabled", "Print Reports", "true", "false", "Set to [Disabled].", panel, false),
    B("system.self_test.enabled", "Power on Self Test", "false", "true", "Set to [On].", both, false),
    B("home.scan.enabled", "Scan", "true", "false", "Set to disabled.", panel, false),
    B("home.remote_assistance.enabled", "Remote Assistance", "true", "false", "Set to disabled.", panel, false),
    B("home.internet_fax.enabled", "Internet Fax", "true", "false", "Set to disabled.", panel, false),
    // In the appendix (default On) but not in the secure-operation list.
    B("home.web_applications.enabled", "Web Applications", "true", "true", "-", panel, false),
    // --- Settings for the Secure Operation 2 (CentreWare Internet Services) ---
    I("auth.max_login_attempts.administrator", "Maximum Login Attempts - Administrator", 1, 10, "5", equals, "5", "5", "Set to [5] times.", both, false),
    I("auth.max_login_attempts.local_user", "Maximum Login Attempts - Local User", 1, 10, "5", equals, "5", "5", "Set to [5] times.", both, false),
    E("access.system_settings", "Access Control (System Settings Access)", "unlocked|locked", "unlocked", equals, "locked", "locked", "Set to [Locked] for [Device Access].", both, false),
    E("access.device_control_panel", "Access Control (Device Control Panel Access)", "unlocked|locked", "unlocked", equals, "locked", "locked", "Set to [Locked] for [Device Access].", both, false),
    E("access.app", "Access Control (App Access)", "unlocked|lock_all", "unlocked", equals, "lock_all", "lock_all", "[Lock All] for [APP Access].", both, false),
    // Default "-": anyone.
    E("jobs.operation_restrictions", "Job Operation Restrictions", "anyone|job_owner_and_administrator", "anyone", equals, "job_owner_and_administrator", "job_owner_and_administrator", "Set to [Job Owner and Administrator] for all [Job Operation Restrictions].", both, false),
    B("jobs.active_jobs_view.hide_details", "Active Jobs View (Hide Job Details)", "false", "true", "Click [Hide Job Details] for [Active Jobs View]. Select [Yes].", both, false),
    E("personalization.edit_home", "Personalization Restrictions (Edit Home)", "unlocked|system_administrators_only", "unlocked", equals, "system_administrators_only", "system_administrators_only", "Set to [System Administrators Only] for [Edit Home] of [Personalization Restrictions].", cwis, false),
    I("auth.password_min_length", "Minimum Password Length", 0, 63, "0", at_least, "9", "9", "User Passcode Minimum Length: Set to [9] characters.", both, false),
    // Set TLS; defaults "-".
    L(B("tls.enabled", "TLS (HTTP - SSL/TLS Communication)", "false", "true", "Set to enabled.", both, true)),
    L(E("tls.protocol_version", "TLS Protocol Version", "tls1.0_or_later|tls1.2_or_later", "tls1.0_or_later", equals, "tls1.2_or_later", "tls1.2_or_later", "Select [TLS 1.2 or Later] for [Protocol Version].", cwis, true)),
    L(B("tls.tls13.enabled", "Enable TLS 1.3", "true", "false", "Click [Enable TLS 1.3] switch to disable.", cwis, true)),
    L(B("tls.verify_remote_server_certificate", "Verify Remote Server Certificate", "false", "true", "Click [Verify Remote Server Certificate] switch to enable.", cwis, false)),
    L(B("tls.device_certificate.enabled", "Certificate", "false", "true", "Set to enabled.", cwis, true)),
    L(B("tls.fips140_mode", "FIPS 140 Validation Mode", "false", "true", "FIPS140-2: Set to enabled.", both, true)),
    // Default "-": HTTP and HTTPS.
    L(E("network.http.mode", "HTTP (Port HTTP/HTTPS)", "http_and_https|https_only", "http_and_https", equals, "https_only", "https_only", "Set to [Only HTTPS].", both, true)),
    L(B("network.http.csrf_protection", "CSRF Protection", "false", "true", "Set to enabled.", cwis, false)),
    // Default "-": dual stack.
    L(E("network.tcpip.ip_mode", "TCP/IP (IP Mode)", "ipv4|ipv6|dual_stack", "dual_stack", equals, "ipv4", "ipv4", "Set to IPv4.", both, true)),
    L(B("network.webdav.enabled", "WebDAV", "true", "false", "Set to disabled.", both, true)),
    L(B("network.pop3.enabled", "Receive E-mail (POP3)", "false", "false", "Set to disabled.", both, true)),
    L(B("network.ipp.enabled", "IPP", "false", "true", "Set to enabled.", both, true)),
    L(B("network.ipsec.enabled", "IPsec", "false", "false", "Set to disabled.", both, true)),
    L(B("network.wsd.scan.enabled", "WSD (Scan to Desktop)", "true", "false", "Set to disabled.", both, true)),
    L(B("network.wsd.print.enabled", "WSD (Print from Desktop)", "true", "false", "Set to disabled.", both, true)),
    L(B("network.lpd.enabled", "LPD", "true", "false", "Set to disabled.", both, true)),
    L(B("network.port9100.enabled", "Port 9100", "true", "false", "Set to disabled.", both, true)),
    L(B("network.ftp_client.enabled", "FTP Client", "true", "false", "Set to disabled.", both, true)),
    L(B("network.sftp.enabled", "SFTP", "true", "false", "Set to disabled.", cwis, true)),
    L(B("network.soap.enabled", "SOAP", "true", "false", "Set to disabled.", both, true)),
    L(B("network.snmp.enabled", "SNMP", "true", "false", "Set to disabled.", both, true)),
    L(B("network.bonjour.enabled", "Bonjour", "true", "false", "Set to disabled.", both, true)),
    L(B("network.usb.enabled", "USB", "true", "false", "Set to disabled.", both, true)),
    L(B("network.nfc.enabled", "NFC", "true", "false", "Set to disabled.", cwis, true)),
    B("system.service_rep_restricted_operation", "Service Representative Restricted Operation", "false", "true", "Set to [Enabled], and enter a passcode of 9 or more characters.", both, false),
    B("system.audit_log.enabled", "Audit Log", "false", "true", "Set to enabled.", both, false),
    I("cwis.session_timeout_minutes", "Browser Session Timeout", 1, 240, "20", at_most, "6", "6", "Set to [6].", cwis, false),
    B("app.custom_services.enabled", "Custom Services", "true", "false", "Set to [Disabled].", cwis, false),
    B("system.plugins.enabled", "Plug-ins (Embedded Plug-ins)", "true", "false", "Set to [Disabled].", both, true),
    B("system.software_update.enabled", "Software Update", "false", "true", "Set enable firmware update function: Set to enabled.", both, true),
    B("system.software_download_via_network", "Software Download via Network", "false", "true", "Click [Software Download via Network]. Click [Enable].", cwis, false),
    // Default "-": enabled.
    B("print.pjl_file_system_commands.enabled", "PJL File System Command", "true", "false", "Disabling PJP data read/write commands.", cwis, false),
    B("folder.print_files_via_cwis.enabled", "Print Files in Folder with Internet Services", "false", "false", "Set to [Disabled].", cwis, false),
    // Set SMTP (not in the list; its procedure). Defaults "-".
    L(B("network.smtp.send.enabled", "SMTP (Port Send Email)", "true", "true", "Click [Port (Send Email)] switch to enable.", cwis, true)),
    L(B("network.smtp.notification.enabled", "SMTP (Port Email Notification)", "true", "false", "Click [Port (Email Notification)] switch to disable.", cwis, true)),
    L(B("network.smtp.receive.enabled", "SMTP (Port Receive Email)", "true", "false", "Click [Port (Receive Email)] switch to disable.", cwis, true)),
    L(E("network.smtp.tls_mode", "SMTP - SSL/TLS Communication", "off|starttls|ssl_tls", "off", equals, "ssl_tls", "ssl_tls", "Select [SSL/TLS] for [SMTP - SSL / TLS Communication].", both, false)),
    L(B("network.smtp.send_authentication", "Email Send Authentication", "false", "false", "Select [Off] for [Email Send Authentication].", cwis, false)),
    // System Clock/Timers ("How to check the Clock"): not security settings. The audit log
    // export's header carries both (Time Zone: minutes from GMT, -720..720).
    N(I("system.clock.time_zone_minutes", "Time Zone", -720, 720, "0", any, "", "0", "-", both, false)),
    N(E("system.clock.date_format", "Date Format", "yyyy_mm_dd|mm_dd_yyyy|dd_mm_yyyy", "yyyy_mm_dd", any, "", "yyyy_mm_dd", "-", both, false)),
    // clang-format on
});

}  // namespace

std::span<const SettingDefinition> setting_table() noexcept {
  return kTable;
}

const SettingDefinition* find_setting(std::string_view key) noexcept {
  for (const SettingDefinition& def : kTable) {
    if (def.key == key) return &def;
  }
  return nullptr;
}

}  // namespace mfp::security::settings
