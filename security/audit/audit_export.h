#pragma once
// The audit log export in the guide's format ("File Format of the Exported Audit Log", format
// version 3), and its parser (for tests, tools and the fuzzer). UTF-8 text, CRLF line ends,
// tab-separated; exactly this layout:
//
//   Format Version<TAB>3
//   Device's IP Address<TAB>192.0.2.10          a-z 0-9 . : only (1..64 characters)
//   Coding Method<TAB>UTF8
//   Time Zone<TAB>540                            minutes from GMT, -720..720, west negative
//   Date Format<TAB>YYYY/MM/DD                   or MM/DD/YYYY or DD/MM/YYYY
//   Log ID<TAB>Date<TAB>Time<TAB>Audit Event ID<TAB>Logged Events<TAB>User Name<TAB>
//       Description<TAB>Status<TAB>Optionally Logged Items          (one line)
//   then one line per event, in that column order:
//   17<TAB>2018/01/01<TAB>10:00:00<TAB>0x0212<TAB>Login/Logout<TAB>User1<TAB>Login<TAB>
//       Failed (Invalid Password)<TAB>Interface=Control Panel
//
// Log ID is decimal 1..60000; Date and Time (hh:mm:ss) are local to the header's time zone;
// the Audit Event ID is "0x" and four lowercase hex digits. Optionally Logged Items is "-" when
// there are none, else "Key=Value" pairs joined by "; ".
//
// Text fields (Logged Events, User Name, Description, Status, each item key and value) are
// escaped so that no field can break a line or a column: backslash, TAB, CR, LF become \\ \t
// \r \n; other C0 controls and DEL become \xHH; C1 controls, U+2028 and U+2029 become \uHHHH;
// in item keys "=" and ";" become \= and \;, in item values ";" becomes \;. Invalid UTF-8 is
// replaced by U+FFFD. A field that would then begin with = + - @ or ' (or their full-width
// forms) gets one leading apostrophe, so no spreadsheet reads it as a formula (OWASP, "CSV
// Injection"); the lone "-" (the guide's "none/unknown") is left as it is. The parser removes
// one leading apostrophe from every text field and undoes the escapes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"
#include "security/audit/stored_event.h"

namespace mfp::security::audit {

enum class DateFormat : std::uint8_t { yyyy_mm_dd, mm_dd_yyyy, dd_mm_yyyy };

// "YYYY/MM/DD", "MM/DD/YYYY", "DD/MM/YYYY".
[[nodiscard]] std::string_view to_string(DateFormat format) noexcept;

struct ExportHeader {
  std::string ip_address = "0.0.0.0";
  int time_zone_minutes = 0;  // -720..720
  DateFormat date_format = DateFormat::yyyy_mm_dd;
};

inline constexpr int kExportFormatVersion = 3;
inline constexpr std::string_view kExportColumns =
    "Log ID\tDate\tTime\tAudit Event ID\tLogged Events\tUser Name\tDescription\tStatus\t"
    "Optionally Logged Items";

// The export of `events` (in the order given) under `header`. Out-of-range header values are
// made valid rather than refused: the IP address is lowercased and stripped of other
// characters ("0.0.0.0" if nothing is left), the time zone clamped to -720..720. A Log ID
// outside 1..60000 is replaced by log_id_for(sequence). Only allocation can throw.
[[nodiscard]] std::string export_v3(const std::vector<StoredEvent>& events,
                                    const ExportHeader& header);

struct ParsedExport {
  ExportHeader header;
  // sequence is 0; time has whole seconds (UTC, from the local time and the time zone).
  std::vector<StoredEvent> records;
};

// Parses an export_v3() text: malformed_data naming the line (and column) of the first
// deviation from the layout above, or resource_exhausted. Accepts LF as well as CRLF line
// ends. Never throws.
[[nodiscard]] pipeline::Result<ParsedExport> parse_export_v3(std::string_view text) noexcept;

}  // namespace mfp::security::audit
