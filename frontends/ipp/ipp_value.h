#pragma once
// IppValue: one tagged IPP attribute value. IppCollection and IppAttribute live here too because
// the three are one recursive type (a collection value holds member attributes, an attribute
// holds values) and must be complete together.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "frontends/ipp/ipp_tag.h"

namespace mfp::frontends::ipp {

struct IppAttribute;

// dateTime (RFC 2579 DateAndTime, 11 octets), kept field by field as on the wire.
struct IppDateTime {
  std::uint16_t year = 0;
  std::uint8_t month = 0;
  std::uint8_t day = 0;
  std::uint8_t hour = 0;
  std::uint8_t minutes = 0;
  std::uint8_t seconds = 0;
  std::uint8_t deci_seconds = 0;
  char utc_direction = '+';  // '+' or '-'
  std::uint8_t utc_hours = 0;
  std::uint8_t utc_minutes = 0;
  bool operator==(const IppDateTime&) const = default;
};

// resolution: cross-feed, feed and units (3 = dots per inch, 4 = dots per centimetre).
struct IppResolution {
  std::int32_t xres = 0;
  std::int32_t yres = 0;
  std::int8_t units = 3;
  bool operator==(const IppResolution&) const = default;
};

// rangeOfInteger.
struct IppRange {
  std::int32_t lower = 0;
  std::int32_t upper = 0;
  bool operator==(const IppRange&) const = default;
};

// textWithLanguage / nameWithLanguage.
struct IppLocalizedString {
  std::string language;
  std::string text;
  bool operator==(const IppLocalizedString&) const = default;
};

// collection: member attributes in wire order (member names are unique, checked by the reader).
struct IppCollection {
  std::vector<IppAttribute> members;

  // Defined out of line, where IppAttribute is complete: inline ones would instantiate
  // vector<IppAttribute> members while it is not (clang rejects that).
  IppCollection();
  ~IppCollection();
  IppCollection(const IppCollection& other);
  IppCollection(IppCollection&& other) noexcept;
  IppCollection& operator=(const IppCollection& other);
  IppCollection& operator=(IppCollection&& other) noexcept;

  // The member named `name`, or null. The pointer lives as long as the collection is unchanged.
  [[nodiscard]] const IppAttribute* find(std::string_view name) const noexcept;
  friend bool operator==(const IppCollection& a, const IppCollection& b);
};

// A value tag with its decoded value. Which alternative `data` holds follows from the tag:
// out-of-band -> monostate; integer/enum -> int32; boolean -> bool; dateTime, resolution,
// rangeOfInteger, *WithLanguage, begCollection -> their structs; every other tag (octetString,
// the character strings, unassigned tags) -> the raw octets in a std::string.
struct IppValue {
  using Data = std::variant<std::monostate, std::int32_t, bool, std::string, IppDateTime,
                            IppResolution, IppRange, IppLocalizedString, IppCollection>;

  IppValueTag tag = IppValueTag::no_value;
  Data data;

  static IppValue out_of_band(IppValueTag tag) { return {tag, std::monostate{}}; }
  static IppValue integer(std::int32_t v) { return {IppValueTag::integer, v}; }
  static IppValue enumeration(std::int32_t v) { return {IppValueTag::enumeration, v}; }
  static IppValue boolean(bool v) { return {IppValueTag::boolean, v}; }
  // A string-valued tag: octetString, a character-string tag or an unassigned tag.
  static IppValue string(IppValueTag tag, std::string v) { return {tag, std::move(v)}; }
  static IppValue keyword(std::string v) { return string(IppValueTag::keyword, std::move(v)); }
  static IppValue date_time(const IppDateTime& v) { return {IppValueTag::date_time, v}; }
  static IppValue resolution(const IppResolution& v) { return {IppValueTag::resolution, v}; }
  static IppValue range(const IppRange& v) { return {IppValueTag::range_of_integer, v}; }
  // textWithLanguage or nameWithLanguage.
  static IppValue localized(IppValueTag tag, std::string language, std::string text) {
    return {tag, IppLocalizedString{std::move(language), std::move(text)}};
  }
  static IppValue collection(IppCollection v) {
    return {IppValueTag::beg_collection, std::move(v)};
  }

  // Typed views; null when `data` holds another alternative.
  [[nodiscard]] const std::int32_t* as_integer() const noexcept {
    return std::get_if<std::int32_t>(&data);
  }
  [[nodiscard]] const std::string* as_string() const noexcept {
    return std::get_if<std::string>(&data);
  }
  [[nodiscard]] const IppCollection* as_collection() const noexcept {
    return std::get_if<IppCollection>(&data);
  }

  bool operator==(const IppValue&) const = default;
};

// A named attribute with one or more values (more than one is a 1setOf).
struct IppAttribute {
  std::string name;
  std::vector<IppValue> values;

  IppAttribute() = default;
  IppAttribute(std::string n, std::vector<IppValue> v) : name(std::move(n)), values(std::move(v)) {}
  IppAttribute(std::string n, IppValue v) : name(std::move(n)) { values.push_back(std::move(v)); }

  bool operator==(const IppAttribute&) const = default;
};

}  // namespace mfp::frontends::ipp
