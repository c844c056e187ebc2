#pragma once
// IppLimits: the bounds IppReader enforces on a request before it allocates for it.

#include <cstddef>
#include <cstdint>

#include "frontends/ipp/ipp_tag.h"

namespace mfp::frontends::ipp {

// Counts and sizes a request may not exceed. The defaults suit the IPPS printer: a real client
// request is a few kilobytes with tens of attributes.
struct IppLimits {
  // Attributes in the whole message, collection members and groups included.
  std::size_t max_attributes = 2000;
  // Values of one attribute (a 1setOf), or of one collection member.
  std::size_t max_values_per_attribute = 1000;
  // Values in the whole message. A value costs about 100 bytes in memory for 5 on the wire, so
  // this, not the byte count, bounds memory: with the defaults a parsed message holds at most
  // its input bytes plus about 2 MB.
  std::size_t max_values = 10000;
  // Cap for value tags without an RFC 8011 length limit (unassigned tags). The wire allows
  // 32767 (value-length is a SIGNED-SHORT); lengths of assigned tags are capped by
  // max_value_length_for() below.
  std::size_t max_value_length = 32767;
  // Nesting of collections; a collection value inside an attribute is depth 1.
  std::size_t max_collection_depth = 8;
  // Bytes from the start of the message to the end-of-attributes tag included.
  std::size_t max_header_bytes = std::size_t{1} << 20;
};

// RFC 8011 section 5.1 length limits in octets.
inline constexpr std::size_t kMaxTextLength = 1023;      // text, uri, octetString
inline constexpr std::size_t kMaxNameLength = 255;       // name, keyword, mimeMediaType
inline constexpr std::size_t kMaxShortTokenLength = 63;  // charset, naturalLanguage, uriScheme
// document-password (PWG 5100.13) octets the printer takes: PDF 2.0 reads the first 127 octets
// of a password (document-password-supported).
inline constexpr std::size_t kMaxDocumentPassword = 127;
// The wire bound of a name-length or value-length field (SIGNED-SHORT, RFC 8010 3.1.4).
inline constexpr std::size_t kMaxWireLength = 32767;

// The longest value the reader accepts for `tag`: the RFC 8011 limit of an assigned tag, or
// limits.max_value_length for an unassigned one. For *WithLanguage it bounds the text part.
[[nodiscard]] constexpr std::size_t max_value_length_for(IppValueTag tag,
                                                         const IppLimits& limits) noexcept {
  switch (tag) {
    case IppValueTag::octet_string:
    case IppValueTag::text_with_language:
    case IppValueTag::text_without_language:
    case IppValueTag::uri:
      return kMaxTextLength;
    case IppValueTag::name_with_language:
    case IppValueTag::name_without_language:
    case IppValueTag::keyword:
    case IppValueTag::mime_media_type:
    case IppValueTag::member_attr_name:
      return kMaxNameLength;
    case IppValueTag::uri_scheme:
    case IppValueTag::charset:
    case IppValueTag::natural_language:
      return kMaxShortTokenLength;
    default:
      return limits.max_value_length < kMaxWireLength ? limits.max_value_length : kMaxWireLength;
  }
}

}  // namespace mfp::frontends::ipp
