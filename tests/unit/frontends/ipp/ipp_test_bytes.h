#pragma once
// IppTestBytes: builds IPP wire bytes by hand for the codec tests, so a test shows the exact
// encoding it feeds the reader.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/ipp/ipp_tag.h"

namespace mfp::frontends::ipp::testing {

class IppTestBytes {
 public:
  IppTestBytes& u8(std::uint8_t b) {
    bytes.push_back(b);
    return *this;
  }
  IppTestBytes& u16(std::uint16_t v) { return u8(static_cast<std::uint8_t>(v >> 8)).u8(v & 0xFF); }
  IppTestBytes& u32(std::uint32_t v) {
    return u16(static_cast<std::uint16_t>(v >> 16)).u16(v & 0xFFFF);
  }
  IppTestBytes& raw(std::string_view s) {
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  IppTestBytes& header(std::uint16_t code, std::uint32_t request_id, std::uint8_t major = 2,
                       std::uint8_t minor = 0) {
    return u8(major).u8(minor).u16(code).u32(request_id);
  }
  IppTestBytes& group(IppGroupTag tag) { return u8(static_cast<std::uint8_t>(tag)); }
  IppTestBytes& end() { return group(IppGroupTag::end_of_attributes); }
  // tag, name-length, name, value-length, value.
  IppTestBytes& attr(std::uint8_t tag, std::string_view name, std::string_view value) {
    u8(tag).u16(static_cast<std::uint16_t>(name.size())).raw(name);
    return u16(static_cast<std::uint16_t>(value.size())).raw(value);
  }
  IppTestBytes& attr(IppValueTag tag, std::string_view name, std::string_view value) {
    return attr(static_cast<std::uint8_t>(tag), name, value);
  }
  IppTestBytes& integer(IppValueTag tag, std::string_view name, std::uint32_t v) {
    u8(static_cast<std::uint8_t>(tag)).u16(static_cast<std::uint16_t>(name.size())).raw(name);
    return u16(4).u32(v);
  }
  // The two attributes RFC 8011 4.1.4 requires first, as CUPS sends them.
  IppTestBytes& charset_and_language(std::string_view charset = "utf-8") {
    attr(IppValueTag::charset, "attributes-charset", charset);
    return attr(IppValueTag::natural_language, "attributes-natural-language", "en");
  }
  // An operation group with charset, language and printer-uri.
  IppTestBytes& operation_group() {
    group(IppGroupTag::operation).charset_and_language();
    return attr(IppValueTag::uri, "printer-uri", "ipps://mfp.local:8631/ipp/print");
  }
  IppTestBytes& beg_collection(std::string_view name) {
    return attr(IppValueTag::beg_collection, name, "");
  }
  IppTestBytes& member(std::string_view name) {
    return attr(IppValueTag::member_attr_name, "", name);
  }
  IppTestBytes& end_collection() { return attr(IppValueTag::end_collection, "", ""); }

  std::vector<std::uint8_t> bytes;
};

}  // namespace mfp::frontends::ipp::testing
