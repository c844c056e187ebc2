#pragma once
// IppWriter: encodes an IppMessage (normally a response) in the RFC 8010 wire format, the
// inverse of IppReader.

#include <cstdint>
#include <vector>

#include "frontends/ipp/ipp_message.h"
#include "pipeline/status.h"

namespace mfp::frontends::ipp {

// Stateless IPP message encoder.
class IppWriter {
 public:
  // Deepest collection nesting the writer encodes; it recurses once per level.
  static constexpr std::size_t kMaxCollectionDepth = 32;

  // Returns the header, the groups in order and the end-of-attributes tag. Fails with
  // invalid_argument and returns no bytes when the message cannot be put on the wire: a name
  // or value longer than 32767 bytes (the SIGNED-SHORT length), an empty attribute or member
  // name, an attribute without values, a group tag that is not 0x01-0x0F (or is
  // end-of-attributes), a value tag that is structural (endCollection, memberAttrName),
  // a delimiter, 0x7F or >= 0x80, a value whose alternative does not match its tag, or
  // collections nested deeper than kMaxCollectionDepth. Never throws (resource_exhausted when
  // memory runs out).
  [[nodiscard]] static pipeline::Result<std::vector<std::uint8_t>> encode(
      const IppMessage& message);
};

}  // namespace mfp::frontends::ipp
