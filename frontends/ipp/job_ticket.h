#pragma once
// JobTicket and read_ticket(): the pure translation of an IPP job-creating request's document
// and job template attributes (RFC 8011, PWG 5100.7/5100.13) into the device's job options
// and print ticket, checked against what the printer supports (PrinterDescription): media and
// media-col, trays, sides, color mode, resolution and quality, scaling, orientation, number-up,
// page-ranges, output bin, copies, job-hold-until, format, compression, document-password.
// Unsupported attributes or values are collected (answered as unsupported attributes);
// combinations the print path cannot print are refused as conflicting attributes.
//
// No I/O and no state: table-tested on its own. Never throws but bad_alloc.

#include <cstdint>
#include <string>
#include <vector>

#include "frontends/ipp/inflate_stream.h"
#include "frontends/ipp/ipp_message.h"
#include "frontends/ipp/ipp_status.h"
#include "frontends/ipp/printer_description.h"
#include "pipeline/job_options.h"
#include "pipeline/jobs/print_ticket.h"

namespace mfp::frontends::ipp {

// The job template and document attributes of a job-creating request, checked against what
// the printer supports. Unsupported attributes or values are collected; with
// ipp-attribute-fidelity they refuse the request.
struct JobTicket {
  pipeline::JobOptions options;
  pipeline::jobs::PrintTicket print;
  std::uint32_t copies = 1;
  bool hold = false;   // job-hold-until indefinite
  std::string format;  // empty: sniff
  Compression compression = Compression::none;
  std::vector<IppAttribute> unsupported;
  IppStatus refusal = IppStatus::successful_ok;  // a specific refusal (format, compression)
};

// Values of one page-ranges (or overrides) attribute.
inline constexpr std::size_t kMaxRanges = 100;

// Reads the operation group's document-format, document-password and compression into
// `ticket` (Send-Document reads only these).
void read_document_attributes(const IppMessage& m, const std::vector<std::string>& formats,
                              JobTicket& ticket);

// Reads the document and job template attributes of a job-creating request. False when they
// refuse it: a format or compression the printer lacks, or any unsupported attribute with
// ipp-attribute-fidelity true (otherwise those are ignored and reported).
[[nodiscard]] bool read_ticket(const IppMessage& m, const std::vector<std::string>& formats,
                               const PrinterDescription& d, JobTicket& ticket);

}  // namespace mfp::frontends::ipp
