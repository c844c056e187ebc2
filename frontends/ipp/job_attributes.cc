#include "frontends/ipp/job_attributes.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "engine_hw/media_size.h"
#include "frontends/ipp/ipp_tag.h"
#include "frontends/ipp/printer_attributes.h"

namespace mfp::frontends::ipp {

namespace {

using pipeline::jobs::JobState;

IppValue text(std::string v) {
  return IppValue::string(IppValueTag::text_without_language, std::move(v));
}
IppValue name(std::string v) {
  return IppValue::string(IppValueTag::name_without_language, std::move(v));
}
IppValue uri(std::string v) {
  return IppValue::string(IppValueTag::uri, std::move(v));
}

// Seconds since printer-up-time 0, at least 1 (IPP times are 1-based integers).
std::int32_t up_time(std::int64_t unix_seconds, std::int64_t boot) {
  return static_cast<std::int32_t>(std::max<std::int64_t>(1, unix_seconds - boot + 1));
}

const std::vector<std::string>& job_template_names() {
  static const std::vector<std::string> names = {"copies",
                                                 "print-color-mode",
                                                 "printer-resolution",
                                                 "print-quality",
                                                 "sides",
                                                 "output-bin",
                                                 "media",
                                                 "media-col",
                                                 "number-up",
                                                 "orientation-requested",
                                                 "print-scaling",
                                                 "page-ranges"};
  return names;
}

}  // namespace

std::int32_t ipp_job_state(JobState state) noexcept {
  return static_cast<std::int32_t>(state);
}

std::vector<IppAttribute> job_attributes(const pipeline::jobs::JobInfo& job,
                                         const JobUriContext& context) {
  std::vector<IppAttribute> out;
  const std::string id = std::to_string(job.id);
  out.emplace_back("job-id", IppValue::integer(static_cast<std::int32_t>(job.id)));
  out.emplace_back("job-uri", uri(context.printer_uri + "/" + id));
  out.emplace_back("job-printer-uri", uri(context.printer_uri));
  out.emplace_back("job-state", IppValue::enumeration(ipp_job_state(job.state)));
  out.emplace_back("job-state-reasons",
                   IppValue::keyword(std::string(pipeline::jobs::to_keyword(job.reason))));
  out.emplace_back(
      "job-state-message",
      text(job.message.empty() ? std::string(pipeline::jobs::to_keyword(job.state)) : job.message));
  if (context.printer_uuid.size() == 45) {
    // The printer's uuid with the job id in its node field: unique per job on this printer.
    char node[13];
    std::snprintf(node, sizeof node, "%012llx",
                  static_cast<unsigned long long>(job.id & 0xffffffffffffULL));
    out.emplace_back("job-uuid", uri(context.printer_uuid.substr(0, 33) + node));
  }
  if (job.details_hidden) {
    out.emplace_back("job-name", IppValue::out_of_band(IppValueTag::no_value));
  } else {
    out.emplace_back("job-name", name(job.name.empty() ? "Untitled" : job.name));
  }
  std::string user = job.owner_name;
  if ((user.empty() || user == "-") && !job.requesting_user.empty()) user = job.requesting_user;
  out.emplace_back("job-originating-user-name", job.details_hidden || user.empty()
                                                    ? IppValue::out_of_band(IppValueTag::no_value)
                                                    : name(user));
  std::uint64_t octets = context.document_octets;
  if (octets == 0) {
    for (const auto& d : job.documents) octets += d.size;
  }
  out.emplace_back("job-k-octets",
                   IppValue::integer(static_cast<std::int32_t>(
                       std::min<std::uint64_t>((octets + 1023) / 1024, 0x7fffffff))));
  out.emplace_back("job-impressions", IppValue::out_of_band(IppValueTag::no_value));
  out.emplace_back("job-impressions-completed",
                   IppValue::integer(static_cast<std::int32_t>(job.pages)));
  out.emplace_back("job-media-sheets-completed",
                   IppValue::integer(static_cast<std::int32_t>(job.pages)));
  out.emplace_back("number-of-documents",
                   IppValue::integer(static_cast<std::int32_t>(job.documents.size())));
  out.emplace_back("copies", IppValue::integer(static_cast<std::int32_t>(job.copies)));
  const auto& t = job.ticket;
  out.emplace_back("print-color-mode", IppValue::keyword(t.print_color_mode));
  const auto dpi = static_cast<std::int32_t>(job.options.dpi);
  out.emplace_back("printer-resolution", IppValue::resolution({dpi, dpi, 3}));
  out.emplace_back("print-quality", IppValue::enumeration(t.print_quality));
  out.emplace_back("sides", IppValue::keyword(t.sides));
  out.emplace_back("output-bin", IppValue::keyword(t.output_bin));
  if (!t.media.empty()) out.emplace_back("media", IppValue::keyword(t.media));
  // What the job asked for as media-col: its size, source tray and type.
  if (auto col = media_col_for(t.media, engine_hw::kUnprintableMarginHundredthsMm,
                               t.media_source.empty() ? "auto" : t.media_source, t.media_type)) {
    out.emplace_back("media-col", std::move(*col));
  }
  out.emplace_back("number-up",
                   IppValue::integer(static_cast<std::int32_t>(job.options.layout.number_up)));
  if (t.orientation != 0) {
    out.emplace_back("orientation-requested", IppValue::enumeration(t.orientation));
  }
  if (!t.print_scaling.empty())
    out.emplace_back("print-scaling", IppValue::keyword(t.print_scaling));
  if (!job.options.page_ranges.empty()) {
    std::vector<IppValue> ranges;
    for (const auto& r : job.options.page_ranges) {
      ranges.push_back(
          IppValue::range({static_cast<std::int32_t>(r.first), static_cast<std::int32_t>(r.last)}));
    }
    out.emplace_back("page-ranges", std::move(ranges));
  }
  if (!job.documents.empty() && !job.details_hidden) {
    out.emplace_back("document-format",
                     IppValue::string(IppValueTag::mime_media_type, job.documents.front().format));
  }
  out.emplace_back("job-printer-up-time",
                   IppValue::integer(up_time(context.now_unix, context.boot_unix)));
  out.emplace_back("time-at-creation", IppValue::integer(up_time(job.created, context.boot_unix)));
  out.emplace_back("date-time-at-creation", IppValue::date_time(ipp_date_time_utc(job.created)));
  if (job.started != 0) {
    out.emplace_back("time-at-processing",
                     IppValue::integer(up_time(job.started, context.boot_unix)));
    out.emplace_back("date-time-at-processing",
                     IppValue::date_time(ipp_date_time_utc(job.started)));
  } else {
    out.emplace_back("time-at-processing", IppValue::out_of_band(IppValueTag::no_value));
    out.emplace_back("date-time-at-processing", IppValue::out_of_band(IppValueTag::no_value));
  }
  if (job.finished != 0) {
    out.emplace_back("time-at-completed",
                     IppValue::integer(up_time(job.finished, context.boot_unix)));
    out.emplace_back("date-time-at-completed",
                     IppValue::date_time(ipp_date_time_utc(job.finished)));
  } else {
    out.emplace_back("time-at-completed", IppValue::out_of_band(IppValueTag::no_value));
    out.emplace_back("date-time-at-completed", IppValue::out_of_band(IppValueTag::no_value));
  }
  return out;
}

std::vector<IppAttribute> select_job_attributes(std::vector<IppAttribute> all,
                                                const IppAttribute* requested,
                                                const std::vector<std::string>& defaults) {
  std::vector<std::string> wanted;
  bool everything = false;
  bool templates = false;
  bool description = false;
  if (requested == nullptr) {
    if (defaults.empty()) return all;
    wanted = defaults;
  } else {
    for (const auto& v : requested->values) {
      const std::string* s = v.as_string();
      if (s == nullptr) continue;
      if (*s == "all")
        everything = true;
      else if (*s == "job-template")
        templates = true;
      else if (*s == "job-description")
        description = true;
      else
        wanted.push_back(*s);
    }
  }
  if (everything || (templates && description)) return all;
  const auto& tmpl = job_template_names();
  std::vector<IppAttribute> out;
  for (auto& a : all) {
    const bool is_template = std::find(tmpl.begin(), tmpl.end(), a.name) != tmpl.end();
    if ((templates && is_template) || (description && !is_template) ||
        std::find(wanted.begin(), wanted.end(), a.name) != wanted.end()) {
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace mfp::frontends::ipp
