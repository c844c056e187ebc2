#pragma once
// printer_attributes: the IPP printer attributes (RFC 8011 section 5.4, IPP Everywhere / PWG
// 5100.14 and what its self-certification checks) built from a PrinterDescription and the URI
// the client used, and the requested-attributes selection of Get-Printer-Attributes.
//
// Failure: none. Values the description gets wrong are left out rather than sent malformed
// (a media name that is not a PWG self-describing size, an empty uuid); every attribute that
// comes out has at least one value and is accepted by IppWriter::encode.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/ipp/ipp_value.h"
#include "frontends/ipp/printer_description.h"

namespace mfp::frontends::ipp {

// Where the client reached the printer: its URIs name this host and port (the Host header),
// so a client only ever sees addresses it can use.
struct PrinterUriContext {
  std::string host;  // "printer.local", "192.0.2.7", "::1" or "[::1]"
  unsigned port = 631;
  bool tls = true;  // ipps/https, else ipp/http
};

// The IPP resource paths of the printer object.
inline constexpr std::string_view kIppPrintPath = "/ipp/print";
inline constexpr std::string_view kIppRootPath = "/ipp";

// "ipps://host:port<path>" (ipp:// without TLS); an IPv6 host is bracketed.
[[nodiscard]] std::string printer_uri(const PrinterUriContext& context,
                                      std::string_view path = kIppPrintPath);

// Every printer attribute, in a fixed order, each name once. media-col-database is included;
// select_printer_attributes() drops it unless it is asked for by name.
[[nodiscard]] std::vector<IppAttribute> printer_attributes(const PrinterDescription& description,
                                                           const PrinterUriContext& context);

// The attributes of `all` that `requested` (the requested-attributes operation attribute, or
// null when absent) selects, in the order of `all` (RFC 8011 section 4.2.5.1): absent or "all"
// selects everything; "printer-description" and "job-template" select their groups;
// "media-col-database" is only returned when named itself (PWG 5100.7); other names select the
// attribute of that name; unknown names (and "none") select nothing.
[[nodiscard]] std::vector<IppAttribute> select_printer_attributes(
    const std::vector<IppAttribute>& all, const IppAttribute* requested);

// True for the printer attributes of the "job-template" group (xxx-default, xxx-supported,
// xxx-ready of a Job Template attribute, media-col member -supported attributes); all others
// except media-col-database are "printer-description".
[[nodiscard]] bool is_job_template_printer_attribute(std::string_view name) noexcept;

// printer-state-reasons: the engine's keywords (with their severity suffixes), plus
// "toner-empty-error" / "toner-low-report" for a cartridge the toner snapshot shows empty / low
// when the engine does not report it; {"none"} when there is nothing.
[[nodiscard]] std::vector<std::string> printer_state_reasons(const PrinterDescription& description);

// The IPP media-source keyword of an engine tray id: "tray-N" stays, "bypass" becomes
// "by-pass-tray"; any other id is passed through.
[[nodiscard]] std::string media_source_for_tray(std::string_view tray_id);

// The engine tray id of an IPP media-source keyword (inverse of media_source_for_tray);
// "" for "auto" (let the engine choose).
[[nodiscard]] std::string tray_for_media_source(std::string_view media_source);

// A media-col value for a PWG self-describing media name: its size, every margin `margin`
// (hundredths of mm), and media-source and media-type when not empty; nullopt for a name
// without dimensions.
[[nodiscard]] std::optional<IppValue> media_col_for(std::string_view media, std::int32_t margin,
                                                    const std::string& source,
                                                    const std::string& type);

// A unix time as an IPP dateTime in UTC.
[[nodiscard]] IppDateTime ipp_date_time_utc(std::int64_t unix_seconds) noexcept;

}  // namespace mfp::frontends::ipp
