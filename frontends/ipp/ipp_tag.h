#pragma once
// The two kinds of tag on the IPP wire (RFC 8010 section 3.5): delimiter tags that start an
// attribute group or end the attributes, and value tags that say how a value is encoded.

#include <cstdint>
#include <string_view>

namespace mfp::frontends::ipp {

// Delimiter tags 0x01-0x0F. Values without a name here (0x08, 0x0A-0x0F) are registered or
// future groups; the codec carries them through unchanged.
enum class IppGroupTag : std::uint8_t {
  operation = 0x01,
  job = 0x02,
  end_of_attributes = 0x03,
  printer = 0x04,
  unsupported = 0x05,
  subscription = 0x06,
  event_notification = 0x07,
  document = 0x09,
};

// Value tags 0x10-0x7E. Unassigned values inside the integer (0x20-0x2F), octetString
// (0x30-0x3F) and character-string (0x40-0x5F, 0x60-0x7E) ranges are carried as opaque octets.
enum class IppValueTag : std::uint8_t {
  // Out-of-band values (RFC 8010 3.5.2): no value, the tag is the whole meaning.
  unsupported = 0x10,
  unknown = 0x12,
  no_value = 0x13,
  not_settable = 0x15,
  delete_attribute = 0x16,
  admin_define = 0x17,
  // Integer types.
  integer = 0x21,
  boolean = 0x22,
  enumeration = 0x23,
  // Octet-string types.
  octet_string = 0x30,
  date_time = 0x31,
  resolution = 0x32,
  range_of_integer = 0x33,
  beg_collection = 0x34,
  text_with_language = 0x35,
  name_with_language = 0x36,
  end_collection = 0x37,
  // Character-string types.
  text_without_language = 0x41,
  name_without_language = 0x42,
  keyword = 0x44,
  uri = 0x45,
  uri_scheme = 0x46,
  charset = 0x47,
  natural_language = 0x48,
  mime_media_type = 0x49,
  member_attr_name = 0x4A,
};

// True for 0x01-0x0F except end-of-attributes: a tag that starts an attribute group.
[[nodiscard]] constexpr bool is_group_tag(std::uint8_t tag) noexcept {
  return tag >= 0x01 && tag <= 0x0F && tag != 0x03;
}

// True for the out-of-band range 0x10-0x1F.
[[nodiscard]] constexpr bool is_out_of_band(IppValueTag tag) noexcept {
  const auto t = static_cast<std::uint8_t>(tag);
  return t >= 0x10 && t <= 0x1F;
}

// True for tags whose value is a character string (RFC 8010 3.9, including the unassigned
// 0x40-0x5F and 0x60-0x7E ranges, excluding memberAttrName which is structural).
[[nodiscard]] constexpr bool is_character_string(IppValueTag tag) noexcept {
  const auto t = static_cast<std::uint8_t>(tag);
  return t >= 0x40 && t <= 0x7E && tag != IppValueTag::member_attr_name;
}

// The RFC name of a group tag ("operation-attributes-tag"), or "unassigned-group-tag".
[[nodiscard]] std::string_view to_string(IppGroupTag tag) noexcept;

// The RFC name of a value tag ("keyword", "begCollection"), or "unassigned-value-tag".
[[nodiscard]] std::string_view to_string(IppValueTag tag) noexcept;

}  // namespace mfp::frontends::ipp
