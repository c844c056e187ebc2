#include "pipeline/jobs/job_record.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace mfp::pipeline::jobs {

namespace {

using nlohmann::json;

json page_ranges_json(const std::vector<PageRange>& ranges) {
  json out = json::array();
  for (const auto& r : ranges) out.push_back(json::array({r.first, r.last}));
  return out;
}

json layout_json(const PageLayout& l) {
  return json{{"media", l.media},
              {"width_mm", l.media_width_mm},
              {"height_mm", l.media_height_mm},
              {"tray", l.tray},
              {"media_type", l.media_type},
              {"margin_mm", l.margin_mm},
              {"orientation", static_cast<int>(l.orientation)},
              {"scaling", std::string(to_keyword(l.scaling))},
              {"number_up", l.number_up},
              {"output_bin", l.output_bin}};
}

PageLayout layout_from(const json& j) {
  PageLayout l;
  l.media = j.at("media").get<std::string>();
  l.media_width_mm = j.at("width_mm").get<double>();
  l.media_height_mm = j.at("height_mm").get<double>();
  l.tray = j.at("tray").get<std::string>();
  l.media_type = j.value("media_type", std::string());
  l.margin_mm = j.at("margin_mm").get<double>();
  const int orientation = j.at("orientation").get<int>();
  const auto scaling = scaling_from_keyword(j.at("scaling").get<std::string>());
  l.number_up = j.at("number_up").get<std::uint32_t>();
  l.output_bin = j.at("output_bin").get<std::string>();
  if (orientation != 0 && !orientation_from_enum(orientation)) throw std::out_of_range("layout");
  if (!scaling || !number_up_supported(l.number_up) || !(l.margin_mm >= 0) ||
      !(l.media_width_mm >= 0) || !(l.media_height_mm >= 0)) {
    throw std::out_of_range("layout");
  }
  l.orientation = static_cast<Orientation>(orientation);
  l.scaling = *scaling;
  return l;
}

json options_json(const JobOptions& o) {
  return json{{"dpi", o.dpi},
              {"color_mode", static_cast<int>(o.color_mode)},
              {"intent", static_cast<int>(o.intent)},
              {"screen", static_cast<int>(o.screen)},
              {"engine_bits", o.engine_bits},
              {"band_rows", o.band_rows},
              {"document_format", o.document_format},
              {"page_ranges", page_ranges_json(o.page_ranges)},
              {"sides", static_cast<int>(o.sides)},
              {"layout", layout_json(o.layout)}};
}

// An enumeration value from its stored number, refusing numbers outside 0..max.
template <typename E>
E enum_from(const json& j, const char* key, int max) {
  const int v = j.at(key).get<int>();
  if (v < 0 || v > max) throw std::out_of_range(key);
  return static_cast<E>(v);
}

JobOptions options_from(const json& j) {
  JobOptions o;
  o.dpi = j.at("dpi").get<std::uint32_t>();
  o.color_mode = enum_from<ColorMode>(j, "color_mode", 2);
  o.intent = enum_from<RenderingIntent>(j, "intent", 3);
  o.screen = enum_from<Screen>(j, "screen", 1);
  o.engine_bits = j.at("engine_bits").get<unsigned>();
  o.band_rows = j.at("band_rows").get<std::uint32_t>();
  if ((o.dpi != 300 && o.dpi != 600) || (o.engine_bits != 1 && o.engine_bits != 2) ||
      o.band_rows == 0 || o.band_rows > 4096) {
    throw std::out_of_range("options");
  }
  o.document_format = j.at("document_format").get<std::string>();
  if (j.contains("sides")) o.sides = enum_from<Sides>(j, "sides", 2);  // older records: one-sided
  if (j.contains("page_ranges")) {  // records from before page-ranges have none
    for (const auto& r : j.at("page_ranges")) {
      o.page_ranges.push_back({r.at(0).get<std::uint32_t>(), r.at(1).get<std::uint32_t>()});
    }
    if (o.page_ranges.size() > 1000 || !valid_page_ranges(o.page_ranges)) {
      throw std::out_of_range("page_ranges");
    }
  }
  if (j.contains("layout")) o.layout = layout_from(j.at("layout"));  // older records: as is
  return o;
}

json ticket_json(const PrintTicket& t) {
  return json{
      {"media", t.media},           {"media_source", t.media_source}, {"media_type", t.media_type},
      {"sides", t.sides},           {"color", t.print_color_mode},    {"quality", t.print_quality},
      {"output_bin", t.output_bin}, {"orientation", t.orientation},   {"scaling", t.print_scaling}};
}

// Records written before tickets were kept have none: the defaults.
PrintTicket ticket_from(const json& j) {
  PrintTicket t;
  if (!j.is_object()) return t;
  t.media = j.at("media").get<std::string>();
  t.media_source = j.at("media_source").get<std::string>();
  t.media_type = j.at("media_type").get<std::string>();
  t.sides = j.at("sides").get<std::string>();
  t.print_color_mode = j.at("color").get<std::string>();
  t.print_quality = j.at("quality").get<std::int32_t>();
  t.output_bin = j.at("output_bin").get<std::string>();
  t.orientation = j.at("orientation").get<std::int32_t>();
  t.print_scaling = j.at("scaling").get<std::string>();
  return t;
}

}  // namespace

std::string to_json(const JobRecord& r) {
  json docs = json::array();
  for (const auto& d : r.documents) {
    docs.push_back(
        json{{"object", d.object_id}, {"format", d.format}, {"name", d.name}, {"size", d.size}});
  }
  json j{{"type", std::string(type_keyword(r.type))},
         {"reason", std::string(to_keyword(r.reason))},
         {"owner_name", r.owner_name},
         {"name", r.name},
         {"origin", r.origin},
         {"private", r.private_print},
         {"copies", r.copies},
         {"options", options_json(r.options)},
         {"ticket", ticket_json(r.ticket)},
         {"requesting_user", r.requesting_user},
         {"documents", std::move(docs)},
         {"pages", r.pages},
         {"created", r.created},
         {"started", r.started},
         {"finished", r.finished},
         {"message", r.message}};
  return j.dump();
}

Result<JobRecord> job_record_from_json(std::string_view text) {
  try {
    const json j = json::parse(text);
    JobRecord r;
    auto type = job_type_from_keyword(j.at("type").get<std::string>());
    auto reason = job_state_reason_from_keyword(j.at("reason").get<std::string>());
    if (!type || !reason) return make_error(StatusCode::integrity_error, "bad job record");
    r.type = *type;
    r.reason = *reason;
    r.owner_name = j.at("owner_name").get<std::string>();
    r.name = j.at("name").get<std::string>();
    r.origin = j.at("origin").get<std::string>();
    r.private_print = j.at("private").get<bool>();
    r.copies = j.at("copies").get<std::uint32_t>();
    if (r.copies < 1 || r.copies > 999) throw std::out_of_range("copies");
    r.options = options_from(j.at("options"));
    if (j.contains("ticket")) r.ticket = ticket_from(j.at("ticket"));
    if (j.contains("requesting_user"))
      r.requesting_user = j.at("requesting_user").get<std::string>();
    for (const auto& d : j.at("documents")) {
      r.documents.push_back({d.at("object").get<std::string>(), d.at("format").get<std::string>(),
                             d.at("name").get<std::string>(), d.at("size").get<std::uint64_t>()});
    }
    r.pages = j.at("pages").get<std::uint64_t>();
    r.created = j.at("created").get<std::int64_t>();
    r.started = j.at("started").get<std::int64_t>();
    r.finished = j.at("finished").get<std::int64_t>();
    r.message = j.at("message").get<std::string>();
    return r;
  } catch (...) {
    return make_error(StatusCode::integrity_error, "bad job record");
  }
}

}  // namespace mfp::pipeline::jobs
