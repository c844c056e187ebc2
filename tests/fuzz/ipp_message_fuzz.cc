// Fuzz target: IPP request parsing with the default limits, and encode/parse round trip of
// whatever parses (the same groups, names, tags and values must come back).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "frontends/ipp/ipp_reader.h"
#include "frontends/ipp/ipp_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::frontends::ipp;
  const IppLimits limits;
  IppError error;
  auto parsed = IppReader::parse(std::span(data, size), limits, &error);
  if (!parsed.is_ok()) {
    // Every refusal must come with an error status and a message for the response.
    if (is_successful(error.status) || error.message.empty()) std::abort();
    return 0;
  }
  if (parsed->document_offset > size) std::abort();
  auto bytes = IppWriter::encode(parsed->message);
  if (!bytes.is_ok()) std::abort();
  auto again = IppReader::parse(bytes.value(), limits);
  if (!again.is_ok()) std::abort();
  if (again->document_offset != bytes->size()) std::abort();
  if (!(again->message == parsed->message)) std::abort();
  return 0;
}
