// Fuzz target: PJL header parsing, with the default limits and with small ones. Whatever parses
// must start with the UEL, end its header within the limits, report values in their ranges,
// names without control characters, and keywords that are plain upper-case tokens (no argument
// text); a failure must be one of the documented codes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "stages/rip/pjl_parser.h"

namespace {

using namespace mfp::stages::rip;

bool printable(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) return false;
  }
  return true;
}

bool plain_keyword(std::string_view k) {
  if (k == "?" || k == "SET ?") return true;
  if (k.empty() || k.front() == ' ' || k.back() == ' ') return false;
  for (char c : k) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ' ')) return false;
  }
  return true;
}

void check(std::span<const std::uint8_t> data, const PjlLimits& limits) {
  using mfp::pipeline::StatusCode;
  const std::string_view in(reinterpret_cast<const char*>(data.data()), data.size());
  auto job = parse_pjl_header(data, limits);
  if (!job.is_ok()) {
    const StatusCode code = job.status().code();
    // Not PJL exactly when the UEL is missing; a part of it may still be truncated.
    const bool uel_part = !in.empty() && in.size() < kPjlUel.size() && kPjlUel.starts_with(in);
    if ((code == StatusCode::not_found) != (!in.starts_with(kPjlUel) && !uel_part)) std::abort();
    if (code != StatusCode::not_found && code != StatusCode::truncated &&
        code != StatusCode::limit_exceeded && code != StatusCode::malformed_data) {
      std::abort();
    }
    return;
  }
  if (!in.starts_with(kPjlUel)) std::abort();
  if (job->payload_offset < kPjlUel.size() || job->payload_offset > data.size() ||
      job->payload_offset > limits.max_header_bytes) {
    std::abort();
  }
  if (job->dropped.size() > limits.max_commands) std::abort();
  for (const auto& d : job->dropped) {
    if (!plain_keyword(d.keyword)) std::abort();
  }
  if (job->job_name && !printable(*job->job_name, limits.max_name_bytes)) std::abort();
  if (job->user_name && !printable(*job->user_name, limits.max_name_bytes)) std::abort();
  if (job->language && !printable(*job->language, limits.max_name_bytes)) std::abort();
  if (job->paper && !plain_keyword(*job->paper)) std::abort();
  if (job->copies && (*job->copies < 1 || *job->copies > 999)) std::abort();
  if (job->resolution_dpi && *job->resolution_dpi != 300 && *job->resolution_dpi != 600) {
    std::abort();
  }
  // ENTER LANGUAGE ends its header with an LF; an implied language starts at a non-@PJL byte.
  if (job->language && in[job->payload_offset - 1] != '\n') std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  check(in, PjlLimits{});
  PjlLimits small;
  small.max_header_bytes = 512;
  small.max_line_bytes = 64;
  small.max_commands = 8;
  small.max_name_bytes = 16;
  check(in, small);
  static_cast<void>(looks_like_http(in));
  return 0;
}
