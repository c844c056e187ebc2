#pragma once
// PJL header parsing: reads the Printer Job Language lines that precede a raw (port 9100) or
// PJL-wrapped document and returns the job settings they ask for and where the document's
// page-description (PDL) bytes begin. Pure parsing: no I/O, no threads, nothing is ever executed
// or answered. Dangerous commands (file system, persistent settings, passwords, device
// management) are only listed by keyword, never with their arguments, which can hold host paths
// or secrets that must not reach logs. Errors are values; the functions never throw (out of
// memory is resource_exhausted). The result owns its strings; the input is not retained.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace mfp::stages::rip {

// Universal Exit Language: every PJL stream starts with it.
inline constexpr std::string_view kPjlUel = "\x1B%-12345X";

// Why a command did not take effect. `dangerous` ones are for the audit log.
enum class PjlDisposition : std::uint8_t {
  ignored,  // read-back, panel message, unknown command or variable, or an invalid value
  // File system (FS*), persistent (DEFAULT, INITIALIZE, RESET), device management (DMCMD,
  // DMINFO), passwords (SET/JOB/DEFAULT PASSWORD) and SET CPLOCK, DISKLOCK, SERVICEMODE.
  dangerous,
};

// One command that was dropped. `keyword` is the upper-case command ("FSDIRLIST"), with the
// variable for SET ("SET COPIES", "SET PASSWORD") and "JOB PASSWORD", "DEFAULT PASSWORD"; it holds
// only A-Z, 0-9, '_' and single spaces ("?" stands for a word that is not such a token).
struct PjlDroppedCommand {
  std::string keyword;
  PjlDisposition disposition = PjlDisposition::ignored;
  friend bool operator==(const PjlDroppedCommand&, const PjlDroppedCommand&) = default;
};

enum class PjlBinding : std::uint8_t { long_edge, short_edge };
enum class PjlRenderMode : std::uint8_t { color, grayscale };

struct PjlLimits {
  std::size_t max_header_bytes = 64 * 1024;  // bytes before the payload
  std::size_t max_line_bytes = 4096;         // one line, without its LF or CRLF
  std::size_t max_commands = 1000;           // @PJL lines
  std::size_t max_name_bytes = 255;          // job and user names (longer ones are cut)
};

// What the header asked for. Unset optionals were not given (or not valid: see `dropped`).
struct PjlJob {
  std::optional<std::string> job_name;       // JOB NAME= or SET JOBNAME=; printable, <= 255 bytes
  std::optional<std::string> user_name;      // SET USERNAME=; same rules
  std::optional<int> copies;                 // SET COPIES= or SET QTY=, 1..999
  std::optional<bool> duplex;                // SET DUPLEX=ON|OFF
  std::optional<PjlBinding> binding;         // SET BINDING=LONGEDGE|SHORTEDGE
  std::optional<int> resolution_dpi;         // SET RESOLUTION=300|600
  std::optional<PjlRenderMode> render_mode;  // SET RENDERMODE=COLOR|GRAYSCALE
  std::optional<std::string> paper;          // SET PAPER=, the upper-case keyword ("A4")
  // ENTER LANGUAGE=: known languages upper-case (PDF, PWG, PWGRASTER, URF, JPEG, TIFF,
  // POSTSCRIPT, PCL, PCLXL, XPS); others as given (control characters stripped, <= 255 bytes)
  // for the caller to refuse. nullopt: implied by the data at payload_offset.
  std::optional<std::string> language;
  std::size_t payload_offset = 0;          // index in the input where the PDL bytes begin
  std::vector<PjlDroppedCommand> dropped;  // in input order; at most one per @PJL line
};

// Parses the PJL header at the start of `data` (the first bytes of a print stream; more than the
// header is fine). The header is the UEL, then "@PJL" lines (LF or CRLF, keywords in any case,
// values optionally in double quotes), and ends after the line "@PJL ENTER LANGUAGE=x", at the
// first line that does not start with "@PJL" (implied language), or at another UEL (the payload
// then starts at that UEL). EOJ, COMMENT and empty "@PJL" lines are skipped; JOB options other
// than NAME and PASSWORD are ignored without an entry. Data after FSDOWNLOAD is not skipped.
// Errors: not_found when `data` does not start with the UEL (not PJL: a bare document; empty
// data too); truncated when the data ends before the payload starts (or within the first UEL);
// limit_exceeded past `limits`; malformed_data for a quote not closed on a JOB, SET, DEFAULT or
// ENTER line, or ENTER without a language. Other commands are judged by their first word alone.
[[nodiscard]] pipeline::Result<PjlJob> parse_pjl_header(std::span<const std::uint8_t> data,
                                                        const PjlLimits& limits = {}) noexcept;

// True when `head` starts with an HTTP request line's method and a space (GET, POST, PUT, HEAD,
// OPTIONS, DELETE, PATCH, CONNECT, TRACE; case-sensitive per RFC 9110): a browser's cross-site
// request to the raw print port, which the caller drops instead of printing.
[[nodiscard]] bool looks_like_http(std::span<const std::uint8_t> head) noexcept;

}  // namespace mfp::stages::rip
