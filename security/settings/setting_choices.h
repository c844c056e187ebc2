#pragma once
// The enumeration settings code branches on, as C++ enumerations, and their canonical names as
// in the settings table (SettingChoice<E>::names; a test holds them equal to the row's allowed
// names). SettingsRegistry::read() maps a stored name to its enumerator and fails closed: a
// name it does not know reads as the setting's secure value. Each enumeration lists its most
// restrictive value last (the last resort when even that cannot be found).

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace mfp::security::settings {

// Private Print (Receive Control).
enum class ReceiveControl { print, according_to_print_accounting };
// Private Print (Job Login Success).
enum class JobLoginSuccess { print, save_as_private_charge_print };
// Private Print (Job Login Failure) and (Job Without User ID).
enum class JobRule { print, delete_job };
// Job Operation Restrictions.
enum class JobOperationRestrictions { anyone, job_owner_and_administrator };
// Files Retrieved By Client.
enum class FilesRetrieved { according_to_folder_settings, force_delete };
// TCP/IP (IP Mode).
enum class IpMode { dual_stack, ipv6, ipv4 };
// Overwrite Storage.
enum class OverwriteStorage { off, one_pass, three_passes };
// Date Format (System Clock/Timers; the audit export's header).
enum class DateFormat { yyyy_mm_dd, mm_dd_yyyy, dd_mm_yyyy };

template <typename E>
struct SettingChoice;

template <typename E, std::size_t N>
using ChoiceNames = std::array<std::pair<E, std::string_view>, N>;

template <>
struct SettingChoice<ReceiveControl> {
  static constexpr ChoiceNames<ReceiveControl, 2> names = {
      {{ReceiveControl::print, "print"},
       {ReceiveControl::according_to_print_accounting, "according_to_print_accounting"}}};
};
template <>
struct SettingChoice<JobLoginSuccess> {
  static constexpr ChoiceNames<JobLoginSuccess, 2> names = {
      {{JobLoginSuccess::print, "print"},
       {JobLoginSuccess::save_as_private_charge_print, "save_as_private_charge_print"}}};
};
template <>
struct SettingChoice<JobRule> {
  static constexpr ChoiceNames<JobRule, 2> names = {
      {{JobRule::print, "print"}, {JobRule::delete_job, "delete"}}};
};
template <>
struct SettingChoice<JobOperationRestrictions> {
  static constexpr ChoiceNames<JobOperationRestrictions, 2> names = {
      {{JobOperationRestrictions::anyone, "anyone"},
       {JobOperationRestrictions::job_owner_and_administrator, "job_owner_and_administrator"}}};
};
template <>
struct SettingChoice<FilesRetrieved> {
  static constexpr ChoiceNames<FilesRetrieved, 2> names = {
      {{FilesRetrieved::according_to_folder_settings, "according_to_folder_settings"},
       {FilesRetrieved::force_delete, "force_delete"}}};
};
template <>
struct SettingChoice<IpMode> {
  static constexpr ChoiceNames<IpMode, 3> names = {
      {{IpMode::dual_stack, "dual_stack"}, {IpMode::ipv6, "ipv6"}, {IpMode::ipv4, "ipv4"}}};
};
template <>
struct SettingChoice<OverwriteStorage> {
  static constexpr ChoiceNames<OverwriteStorage, 3> names = {
      {{OverwriteStorage::off, "off"},
       {OverwriteStorage::one_pass, "1"},
       {OverwriteStorage::three_passes, "3"}}};
};

template <>
struct SettingChoice<DateFormat> {
  static constexpr ChoiceNames<DateFormat, 3> names = {{{DateFormat::yyyy_mm_dd, "yyyy_mm_dd"},
                                                        {DateFormat::mm_dd_yyyy, "mm_dd_yyyy"},
                                                        {DateFormat::dd_mm_yyyy, "dd_mm_yyyy"}}};
};

// The enumerator named `name`, or nullopt.
template <typename E>
[[nodiscard]] constexpr std::optional<E> choice_from_name(std::string_view name) noexcept {
  for (const auto& [value, text] : SettingChoice<E>::names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

// The canonical name of `value` (empty for a value outside the enumeration).
template <typename E>
[[nodiscard]] constexpr std::string_view choice_name(E value) noexcept {
  for (const auto& [v, text] : SettingChoice<E>::names) {
    if (v == value) return text;
  }
  return {};
}

}  // namespace mfp::security::settings
