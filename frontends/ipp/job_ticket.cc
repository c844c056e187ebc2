#include "frontends/ipp/job_ticket.h"

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "engine_hw/media_size.h"
#include "frontends/ipp/detail/first_value.h"
#include "frontends/ipp/ipp_limits.h"
#include "frontends/ipp/printer_attributes.h"
#include "pipeline/page_layout.h"
#include "pipeline/page_range.h"
#include "pipeline/secret_text.h"
#include "stages/print_conflicts.h"

namespace mfp::frontends::ipp {

namespace {

using detail::first_boolean;
using detail::first_integer;
using detail::first_string;
using detail::one_of;

bool media_supported(const PrinterDescription& d, const std::string& media) {
  return std::find(d.media_supported.begin(), d.media_supported.end(), media) !=
         d.media_supported.end();
}

// media-col: a media-size matching a supported size (hundredths of mm, 1 mm tolerance), and
// optionally a media-source and media-type the printer has.
bool read_media_col(const IppCollection* col, const PrinterDescription& d,
                    pipeline::jobs::PrintTicket& print, bool& size_given) {
  if (col == nullptr) return false;
  for (const IppAttribute& member : col->members) {
    const std::string* s = first_string(&member);
    if (member.name == "media-size") {
      const IppCollection* size =
          member.values.size() == 1 ? member.values.front().as_collection() : nullptr;
      if (size == nullptr) return false;
      const std::int32_t* x = first_integer(size->find("x-dimension"));
      const std::int32_t* y = first_integer(size->find("y-dimension"));
      if (x == nullptr || y == nullptr) return false;
      std::string found;
      for (const auto& name : d.media_supported) {
        auto dims = engine_hw::parse_pwg_media(name);
        if (!dims) continue;
        const engine_hw::MediaSize want{*x / 100.0, *y / 100.0};
        if (dims.value().matches(want, 1.0)) {
          found = name;
          break;
        }
      }
      if (found.empty()) return false;
      print.media = found;
      size_given = true;
    } else if (member.name == "media-source") {
      if (s == nullptr) return false;
      bool known = *s == "auto";
      for (const auto& t : d.trays) known = known || media_source_for_tray(t.id) == *s;
      if (!known) return false;
      print.media_source = *s == "auto" ? std::string() : *s;
    } else if (member.name == "media-type") {
      if (s == nullptr) return false;
      bool known = std::find(d.media_types.begin(), d.media_types.end(), *s) != d.media_types.end();
      for (const auto& t : d.trays) known = known || t.media_type == *s;
      if (!known) return false;
      print.media_type = *s;
    }
  }
  return true;
}

// 1setOf rangeOfInteger with positive bounds, at most kMaxRanges of them.
bool read_ranges(const IppAttribute& a, std::vector<pipeline::PageRange>& out) {
  if (a.values.empty() || a.values.size() > kMaxRanges) return false;
  for (const IppValue& v : a.values) {
    const auto* r = std::get_if<IppRange>(&v.data);
    if (r == nullptr || v.tag != IppValueTag::range_of_integer || r->lower < 1 ||
        r->lower > r->upper) {
      return false;
    }
    out.push_back({static_cast<std::uint32_t>(r->lower), static_cast<std::uint32_t>(r->upper)});
  }
  return true;
}

// overrides (PWG 5100.6): each collection selects pages and documents; no attribute can be
// overridden yet (overrides-supported lists only the selectors), so a collection with any other
// member is unsupported and, without fidelity, ignored as a whole.
bool read_overrides(const IppAttribute& a) {
  if (a.values.empty() || a.values.size() > kMaxRanges) return false;
  for (const IppValue& v : a.values) {
    const IppCollection* c = v.as_collection();
    if (c == nullptr) return false;
    for (const IppAttribute& member : c->members) {
      std::vector<pipeline::PageRange> ranges;
      if ((member.name != "pages" && member.name != "document-numbers") ||
          !read_ranges(member, ranges)) {
        return false;
      }
    }
  }
  return true;
}

// The tray of printer `d` an engine tray id names; null when none.
const engine_hw::TrayInfo* find_tray(const PrinterDescription& d, std::string_view id) {
  for (const auto& t : d.trays) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

// The job's page layout from the ticket: the media the client asked for (or its tray's paper),
// the tray, orientation, scaling, number-up and output bin; pages keep their own size when the
// client named neither media nor tray.
void resolve_layout(const PrinterDescription& d, bool media_given, JobTicket& ticket) {
  pipeline::jobs::PrintTicket& print = ticket.print;
  pipeline::PageLayout& l = ticket.options.layout;
  l.margin_mm = d.margin / 100.0;
  l.tray = print.media_source.empty() ? std::string() : tray_for_media_source(print.media_source);
  const engine_hw::TrayInfo* tray = l.tray.empty() ? nullptr : find_tray(d, l.tray);
  if (!media_given && tray != nullptr) print.media = tray->media;
  if (media_given || tray != nullptr) {
    (void)engine_hw::set_layout_media(l, print.media);  // a name without size: pages as they are
  }
  l.orientation =
      pipeline::orientation_from_enum(print.orientation).value_or(pipeline::Orientation::none);
  l.scaling =
      pipeline::scaling_from_keyword(print.print_scaling).value_or(pipeline::Scaling::automatic);
  l.output_bin = print.output_bin;
  l.media_type = print.media_type;
}

// Refuses the combinations the print path cannot print (stages/print_conflicts.h) with
// client-error-conflicting-attributes, returning the attributes involved.
void check_conflicts(const IppMessage& m, const PrinterDescription& d, JobTicket& ticket) {
  stages::PaperFacts paper;
  paper.media_type = ticket.print.media_type;
  if (const engine_hw::TrayInfo* tray = find_tray(d, ticket.options.layout.tray)) {
    if (paper.media_type.empty()) paper.media_type = tray->media_type;
    if (auto dims = engine_hw::parse_pwg_media(tray->media)) {
      paper.tray_size_mm = std::pair{dims.value().width_mm, dims.value().height_mm};
    }
  }
  for (const auto& conflict : stages::check_print_conflicts(ticket.options, paper)) {
    ticket.refusal = IppStatus::client_error_conflicting_attributes;
    for (const std::string& name : conflict.attributes) {
      if (const IppAttribute* a = m.find(IppGroupTag::job, name)) {
        const bool listed = std::any_of(ticket.unsupported.begin(), ticket.unsupported.end(),
                                        [&](const IppAttribute& u) { return u.name == name; });
        if (!listed) ticket.unsupported.push_back(*a);
      }
    }
  }
}

void read_job_template(const IppMessage& m, const PrinterDescription& d, JobTicket& ticket) {
  ticket.print.media = d.media_default;
  // The printer's default as print-color-mode-default reports it.
  if (!d.color_modes.empty()) {
    ticket.print.print_color_mode = std::find(d.color_modes.begin(), d.color_modes.end(),
                                              d.color_mode_default) != d.color_modes.end()
                                        ? d.color_mode_default
                                        : d.color_modes.front();
  }
  bool media_given = false;
  bool resolution_given = false;
  for (const IppGroup& g : m.groups) {
    if (g.tag != IppGroupTag::job) continue;
    for (const IppAttribute& a : g.attributes) {
      bool ok = false;
      const std::string* s = first_string(&a);
      const std::int32_t* i = first_integer(&a);
      const bool single = a.values.size() == 1;
      if (a.name == "copies") {
        ok = single && i != nullptr && *i >= 1 && *i <= 999;
        if (ok) ticket.copies = static_cast<std::uint32_t>(*i);
      } else if (a.name == "print-color-mode") {
        ok = single && one_of(s, {"auto", "color", "monochrome"});
        if (ok) ticket.print.print_color_mode = *s;
      } else if (a.name == "printer-resolution") {
        const auto* r = single ? std::get_if<IppResolution>(&a.values.front().data) : nullptr;
        ok = r != nullptr && r->units == 3 && r->xres == r->yres &&
             (r->xres == 300 || r->xres == 600);
        if (ok) ticket.options.dpi = static_cast<std::uint32_t>(r->xres);
        resolution_given = resolution_given || ok;
      } else if (a.name == "print-quality") {
        ok = single && i != nullptr && *i >= 3 && *i <= 5;
        if (ok) ticket.print.print_quality = *i;
      } else if (a.name == "sides") {
        const auto sides = s != nullptr ? pipeline::sides_from_keyword(*s) : std::nullopt;
        ok = single && sides.has_value();
        if (ok) {
          ticket.print.sides = *s;
          ticket.options.sides = *sides;
        }
      } else if (a.name == "orientation-requested") {
        ok = single && i != nullptr && *i >= 3 && *i <= 6;
        if (ok) ticket.print.orientation = *i;
      } else if (a.name == "job-hold-until") {
        ok = single && one_of(s, {"no-hold", "indefinite"});
        if (ok) ticket.hold = *s == "indefinite";
      } else if (a.name == "print-scaling") {
        ok = single && one_of(s, {"auto", "auto-fit", "fit", "fill", "none"});
        if (ok) ticket.print.print_scaling = *s;
      } else if (a.name == "finishings") {
        ok = single && i != nullptr && *i == 3;
      } else if (a.name == "output-bin") {
        ok = single && s != nullptr &&
             std::find(d.output_bins.begin(), d.output_bins.end(), *s) != d.output_bins.end();
        if (ok) ticket.print.output_bin = *s;
      } else if (a.name == "media") {
        ok = single && s != nullptr && media_supported(d, *s);
        if (ok) ticket.print.media = *s;
        media_given = media_given || ok;
      } else if (a.name == "media-col") {
        // Applied whole or not at all (an unsupported member leaves the ticket as it was).
        pipeline::jobs::PrintTicket print = ticket.print;
        bool size_given = false;
        ok = single && read_media_col(a.values.front().as_collection(), d, print, size_given);
        if (ok) {
          ticket.print = std::move(print);
          media_given = media_given || size_given;
        }
      } else if (a.name == "number-up") {
        ok = single && i != nullptr && *i > 0 &&
             pipeline::number_up_supported(static_cast<std::uint32_t>(*i));
        if (ok) ticket.options.layout.number_up = static_cast<std::uint32_t>(*i);
      } else if (a.name == "multiple-document-handling") {
        // Copies print collated from the page store (every document, then again); uncollated
        // copies are reported unsupported rather than printed otherwise than asked.
        ok = single && one_of(s, {"separate-documents-collated-copies"});
      } else if (a.name == "page-ranges") {
        std::vector<pipeline::PageRange> ranges;
        ok = read_ranges(a, ranges) && pipeline::valid_page_ranges(ranges);
        if (ok) ticket.options.page_ranges = std::move(ranges);
      } else if (a.name == "overrides") {
        ok = read_overrides(a);
      } else if (a.name == "job-priority") {
        ok = single && i != nullptr && *i >= 1 && *i <= 100;
      }
      if (!ok) ticket.unsupported.push_back(a);
    }
  }
  ticket.options.color_mode =
      ticket.print.print_color_mode == "monochrome" ? pipeline::ColorMode::monochrome
      : ticket.print.print_color_mode == "color"    ? pipeline::ColorMode::color
                                                    : pipeline::ColorMode::automatic;
  // Draft quality prints at the engine's lower resolution unless the client chose one.
  if (ticket.print.print_quality == 3 && !resolution_given) ticket.options.dpi = 300;
  resolve_layout(d, media_given, ticket);
  check_conflicts(m, d, ticket);
}

}  // namespace

void read_document_attributes(const IppMessage& m, const std::vector<std::string>& formats,
                              JobTicket& ticket) {
  if (const IppAttribute* f = m.find(IppGroupTag::operation, "document-format")) {
    const std::string* s = first_string(f);
    if (s == nullptr || f->values.front().tag != IppValueTag::mime_media_type) {
      ticket.unsupported.push_back(*f);
      ticket.refusal = IppStatus::client_error_bad_request;
    } else if (*s == "application/octet-stream") {
      ticket.format.clear();
    } else if (std::find(formats.begin(), formats.end(), *s) == formats.end()) {
      ticket.unsupported.push_back(*f);
      ticket.refusal = IppStatus::client_error_document_format_not_supported;
    } else {
      ticket.format = *s;
    }
  }
  if (const IppAttribute* pw = m.find(IppGroupTag::operation, "document-password")) {
    // PWG 5100.13: octetString, at most document-password-supported octets.
    const std::string* s = first_string(pw);
    if (s == nullptr || pw->values.size() != 1 ||
        pw->values.front().tag != IppValueTag::octet_string || s->size() > kMaxDocumentPassword) {
      ticket.unsupported.push_back(
          IppAttribute(pw->name, IppValue::out_of_band(IppValueTag::unsupported)));
    } else {
      ticket.options.document_password = std::make_shared<pipeline::SecretText>(*s);
    }
  }
  if (const IppAttribute* c = m.find(IppGroupTag::operation, "compression")) {
    const std::string* s = first_string(c);
    if (s != nullptr && *s == "gzip") {
      ticket.compression = Compression::gzip;
    } else if (s != nullptr && *s == "deflate") {
      ticket.compression = Compression::deflate;
    } else if (s == nullptr || *s != "none") {
      ticket.unsupported.push_back(*c);
      if (ticket.refusal == IppStatus::successful_ok) {
        ticket.refusal = IppStatus::client_error_compression_not_supported;
      }
    }
  }
}

// Reads the document and job template attributes of a job-creating request. False when they
// refuse it: a format or compression the printer lacks, or any unsupported attribute with
// ipp-attribute-fidelity true (otherwise those are ignored and reported).
bool read_ticket(const IppMessage& m, const std::vector<std::string>& formats,
                 const PrinterDescription& d, JobTicket& ticket) {
  read_document_attributes(m, formats, ticket);
  read_job_template(m, d, ticket);
  const bool* fidelity = first_boolean(m.find(IppGroupTag::operation, "ipp-attribute-fidelity"));
  return ticket.refusal == IppStatus::successful_ok &&
         (ticket.unsupported.empty() || fidelity == nullptr || !*fidelity);
}

}  // namespace mfp::frontends::ipp
