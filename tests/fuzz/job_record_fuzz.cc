// Fuzz target: the job record decoder (JSON text read back from the metadata database). Any
// text gives a record or integrity_error; a decoded record encodes and decodes to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/jobs/job_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mfp::pipeline::jobs;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = job_record_from_json(text);
  if (!record.is_ok()) {
    if (record.status().code() != mfp::pipeline::StatusCode::integrity_error) std::abort();
    return 0;
  }
  auto again = job_record_from_json(to_json(record.value()));
  if (!again.is_ok() || to_json(again.value()) != to_json(record.value())) std::abort();
  return 0;
}
