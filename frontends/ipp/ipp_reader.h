#pragma once
// IppReader: parses an IPP/1.x or IPP/2.x request (RFC 8010) into an IppMessage.
//
// Bounds. The reader is the first code to touch bytes from the network, so it is strict and
// bounded: it reads at most IppLimits::max_header_bytes up to end-of-attributes, at most
// max_attributes attributes (collection members and groups included), max_values values
// (max_values_per_attribute per attribute) and max_collection_depth levels of collections
// (recursion depth is bounded by it). Every length is checked against the bytes present before
// anything is allocated, and against the RFC 8011 limit of its tag (text/uri/octetString 1023,
// name/keyword 255, charset/naturalLanguage 63), so memory is the input size plus a bounded
// overhead per attribute and value. Fixed-size values must have their exact length, negative
// lengths are garbage, out-of-band values carry no value (their octets are ignored),
// memberAttrName/endCollection are accepted only inside a collection, attribute and member names
// are unique within their group or collection, and the extension tag 0x7F and tags >= 0x80 are
// refused.
//
// Status mapping (IppError::status, with the pipeline::StatusCode beside it):
//   truncated bytes (truncated), garbled bytes or a wrong fixed-size length (malformed_data):
//     client-error-bad-request;
//   version major other than 1 or 2 (unsupported): server-error-version-not-supported;
//   too many attributes, values or groups, collections too deep, attributes longer than
//     max_header_bytes (limit_exceeded): client-error-request-entity-too-large;
//   a name or value longer than its limit (limit_exceeded): client-error-request-value-too-long.
// The request-id is recovered whenever the first 8 bytes are present.

#include <cstddef>
#include <cstdint>
#include <span>

#include "frontends/ipp/ipp_error.h"
#include "frontends/ipp/ipp_limits.h"
#include "frontends/ipp/ipp_message.h"
#include "pipeline/status.h"

namespace mfp::frontends::ipp {

// A parsed request and where its document data starts.
struct ParsedRequest {
  IppMessage message;
  // Offset of the first byte after the end-of-attributes tag (the document data, if any).
  std::size_t document_offset = 0;
};

// Stateless IPP request parser.
class IppReader {
 public:
  // Parses the message at the start of `bytes`. On failure returns truncated, malformed_data,
  // unsupported (version) or limit_exceeded, and when `error` is not null fills it with the IPP
  // status to answer with and the recovered request-id (see the mapping above). Never throws;
  // keeps no reference to `bytes`.
  [[nodiscard]] static pipeline::Result<ParsedRequest> parse(std::span<const std::uint8_t> bytes,
                                                             const IppLimits& limits,
                                                             IppError* error = nullptr);
};

}  // namespace mfp::frontends::ipp
