// Fuzz target: the audit log export (format version 3). (1) Whatever parse_export_v3() accepts
// must export and parse back to the same header and records. (2) The input, cut into text
// fields of one event, must export as exactly one record line of nine columns that parses
// back to the same (UTF-8-repaired) strings, with no field that starts a formula.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "security/audit/audit_export.h"
#include "security/audit/detail/utf8.h"

namespace {

using mfp::security::audit::AuditEvent;
using mfp::security::audit::ParsedExport;
using mfp::security::audit::StoredEvent;

void check(bool ok) {
  if (!ok) std::abort();
}

bool same(const AuditEvent& a, const AuditEvent& b) {
  return a.id == b.id && a.time == b.time && a.name == b.name && a.user == b.user &&
         a.description == b.description && a.status == b.status && a.items == b.items;
}

void round_trip_parsed(std::string_view text) {
  auto parsed = mfp::security::audit::parse_export_v3(text);
  if (!parsed.is_ok()) return;
  const std::string again = mfp::security::audit::export_v3(parsed->records, parsed->header);
  auto reparsed = mfp::security::audit::parse_export_v3(again);
  check(reparsed.is_ok());
  check(reparsed->header.ip_address == parsed->header.ip_address);
  check(reparsed->header.time_zone_minutes == parsed->header.time_zone_minutes);
  check(reparsed->header.date_format == parsed->header.date_format);
  check(reparsed->records.size() == parsed->records.size());
  for (std::size_t i = 0; i < parsed->records.size(); ++i) {
    check(reparsed->records[i].log_id == parsed->records[i].log_id);
    check(same(reparsed->records[i].event, parsed->records[i].event));
  }
}

void export_arbitrary_fields(std::string_view text) {
  // Fields are separated by 0x00 in the input: name, user, description, status, then
  // alternating item keys and values.
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() < 12) {
    const std::size_t nul = text.find('\0', start);
    parts.emplace_back(text.substr(start, nul - start));
    if (nul == std::string_view::npos) break;
    start = nul + 1;
  }
  parts.resize(12);
  StoredEvent e;
  e.sequence = text.size() + 1;
  e.log_id = mfp::security::audit::log_id_for(e.sequence);
  e.event.time = std::chrono::system_clock::time_point(std::chrono::seconds(1'500'000'000));
  e.event.name = parts[0];
  e.event.user = parts[1];
  e.event.description = parts[2];
  e.event.status = parts[3];
  for (std::size_t i = 4; i + 1 < parts.size(); i += 2) {
    if (!parts[i].empty() || !parts[i + 1].empty())
      e.event.items.emplace_back(parts[i], parts[i + 1]);
  }
  const std::string out = mfp::security::audit::export_v3({e}, {});
  // Header (5), column titles, one record: 7 CRLF-terminated lines and no other CR or LF.
  std::size_t lines = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\n') {
      check(i > 0 && out[i - 1] == '\r');
      ++lines;
    } else if (out[i] == '\r') {
      check(i + 1 < out.size() && out[i + 1] == '\n');
    }
  }
  check(lines == 7);
  const std::size_t record_start = out.rfind("\r\n", out.size() - 3) + 2;
  const std::string_view record(out.data() + record_start, out.size() - record_start - 2);
  std::size_t columns = 0;
  for (std::size_t i = 0; i <= record.size(); ++i) {
    if (i == record.size() || record[i] == '\t') {
      ++columns;
      if (i + 1 < record.size()) {
        const char c = record[i + 1];
        const bool lone_dash = c == '-' && (i + 2 == record.size() || record[i + 2] == '\t');
        check(c != '=' && c != '+' && c != '@' && (c != '-' || lone_dash));
      }
    }
  }
  check(columns == 9);
  auto parsed = mfp::security::audit::parse_export_v3(out);
  check(parsed.is_ok() && parsed->records.size() == 1);
  const AuditEvent& got = parsed->records[0].event;
  using mfp::security::audit::detail::sanitize_utf8;
  check(got.name == sanitize_utf8(e.event.name));
  check(got.user == sanitize_utf8(e.event.user));
  check(got.description == sanitize_utf8(e.event.description));
  check(got.status == sanitize_utf8(e.event.status));
  check(got.items.size() == e.event.items.size());
  for (std::size_t i = 0; i < got.items.size(); ++i) {
    check(got.items[i].first == sanitize_utf8(e.event.items[i].first));
    check(got.items[i].second == sanitize_utf8(e.event.items[i].second));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  round_trip_parsed(text);
  export_arbitrary_fields(text);
  return 0;
}
