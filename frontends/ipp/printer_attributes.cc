#include "frontends/ipp/printer_attributes.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>
#include <utility>

#include "engine_hw/media_size.h"
#include "frontends/ipp/ipp_limits.h"
#include "frontends/ipp/ipp_operation.h"
#include "frontends/ipp/ipp_tag.h"
#include "pipeline/page_layout.h"

namespace mfp::frontends::ipp {
namespace {

using engine_hw::TonerInfo;
using engine_hw::TrayInfo;

IppValue text(std::string v) {
  return IppValue::string(IppValueTag::text_without_language, std::move(v));
}
IppValue name_value(std::string v) {
  return IppValue::string(IppValueTag::name_without_language, std::move(v));
}
IppValue uri(std::string v) {
  return IppValue::string(IppValueTag::uri, std::move(v));
}
IppValue mime(std::string v) {
  return IppValue::string(IppValueTag::mime_media_type, std::move(v));
}
IppValue octets(std::string v) {
  return IppValue::string(IppValueTag::octet_string, std::move(v));
}
IppValue dpi(std::uint32_t d) {
  const auto v = static_cast<std::int32_t>(d);
  return IppValue::resolution({v, v, 3});
}

bool contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

void add_unique(std::vector<std::string>& list, std::string s) {
  if (!s.empty() && !contains(list, s)) list.push_back(std::move(s));
}

std::vector<IppValue> keywords(const std::vector<std::string>& list) {
  std::vector<IppValue> out;
  for (const std::string& k : list) {
    if (!k.empty()) out.push_back(IppValue::keyword(k));
  }
  return out;
}

// At most 127 octets (IPP Everywhere's limit for printer-name/-info/-location/-make-and-model),
// cut at a UTF-8 character boundary.
std::string limit127(std::string s) {
  if (s.size() <= 127) return s;
  std::size_t n = 127;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

std::int32_t clamp32(std::int64_t v) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(v, 0, 0x7FFFFFFF));
}

// Collects attributes in order; an attribute without values is left out.
class Attributes {
 public:
  void add(std::string name, std::vector<IppValue> values) {
    if (values.empty()) return;
    list_.emplace_back(std::move(name), std::move(values));
  }
  void add(std::string name, IppValue value) {
    list_.emplace_back(std::move(name), std::move(value));
  }
  std::vector<IppAttribute> take() { return std::move(list_); }

 private:
  std::vector<IppAttribute> list_;
};

// Media dimensions in hundredths of a millimetre.
struct MediaDims {
  std::int32_t x = 0;
  std::int32_t y = 0;
  bool operator==(const MediaDims&) const = default;
};

// The dimensions of a PWG self-describing name ("class_name_WxHunit"); nullopt otherwise.
std::optional<MediaDims> media_dims(std::string_view media) {
  if (std::count(media.begin(), media.end(), '_') < 2) return std::nullopt;
  auto size = engine_hw::parse_pwg_media(media);
  if (!size.is_ok()) return std::nullopt;
  const auto x = static_cast<std::int32_t>(std::lround(size->width_mm * 100));
  const auto y = static_cast<std::int32_t>(std::lround(size->height_mm * 100));
  if (x <= 0 || y <= 0) return std::nullopt;
  return MediaDims{x, y};
}

IppCollection media_size_col(const MediaDims& d) {
  IppCollection size;
  size.members.emplace_back("x-dimension", IppValue::integer(d.x));
  size.members.emplace_back("y-dimension", IppValue::integer(d.y));
  return size;
}

// A media-col value: size and margins, and source and type when given.
IppValue media_col(const MediaDims& d, std::int32_t margin, const std::string& source,
                   const std::string& type) {
  IppCollection col;
  col.members.emplace_back("media-bottom-margin", IppValue::integer(margin));
  col.members.emplace_back("media-left-margin", IppValue::integer(margin));
  col.members.emplace_back("media-right-margin", IppValue::integer(margin));
  col.members.emplace_back("media-size", IppValue::collection(media_size_col(d)));
  if (!source.empty()) col.members.emplace_back("media-source", IppValue::keyword(source));
  col.members.emplace_back("media-top-margin", IppValue::integer(margin));
  if (!type.empty()) col.members.emplace_back("media-type", IppValue::keyword(type));
  return IppValue::collection(std::move(col));
}

// A tray that can feed: known size, paper loaded.
bool tray_ready(const TrayInfo& t) {
  return !t.empty() && media_dims(t.media).has_value();
}

std::string host_port(const PrinterUriContext& c) {
  std::string host = c.host;
  if (host.find(':') != std::string::npos && (host.empty() || host.front() != '[')) {
    host = "[" + host + "]";
  }
  return host + ":" + std::to_string(c.port);
}

std::string web_uri(const PrinterUriContext& c, std::string_view path) {
  std::string p(path);
  if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
  return std::string(c.tls ? "https://" : "http://") + host_port(c) + p;
}

std::string_view marker_color(engine_hw::Colorant c) {
  switch (c) {
    case engine_hw::Colorant::cyan:
      return "#00FFFF";
    case engine_hw::Colorant::magenta:
      return "#FF00FF";
    case engine_hw::Colorant::yellow:
      return "#FFFF00";
    case engine_hw::Colorant::black:
      return "#000000";
  }
  return "#000000";
}

std::string toner_name(engine_hw::Colorant c) {
  std::string n(engine_hw::to_string(c));
  if (!n.empty()) n[0] = static_cast<char>(n[0] - 'a' + 'A');
  return n + " Toner";
}

// printer-firmware-version: the dotted numbers of the version as octets ("1.2.3" -> 01 02 03),
// the version text itself when it is not purely numeric.
std::string firmware_octets(const std::string& version) {
  std::string out;
  unsigned part = 0;
  bool digits = false;
  for (char ch : version) {
    if (ch >= '0' && ch <= '9') {
      part = part * 10 + static_cast<unsigned>(ch - '0');
      digits = true;
      if (part > 255) return version.substr(0, 64);
    } else if (ch == '.' && digits) {
      out.push_back(static_cast<char>(part));
      part = 0;
      digits = false;
    } else {
      return version.substr(0, 64);
    }
  }
  if (!digits) return version.substr(0, 64);
  out.push_back(static_cast<char>(part));
  return out;
}

// 1284 device id command set names of document formats.
std::string_view command_set(std::string_view format) {
  if (format == "image/pwg-raster") return "PWGRaster";
  if (format == "image/urf") return "URF";
  if (format == "image/jpeg") return "JPEG";
  if (format == "application/pdf") return "PDF";
  if (format == "image/tiff") return "TIFF";
  return {};
}

// Index of `value` in `table`, or -1.
template <std::size_t N>
int index_of(const std::array<std::string_view, N>& table, std::string_view value) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i] == value) return static_cast<int>(i);
  }
  return -1;
}

// "<prefix><i>-<j>-..." of the indexes `values` have in `table`; "" when none is listed.
template <std::size_t N>
std::string urf_list(std::string_view prefix, const std::array<std::string_view, N>& table,
                     const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    const int i = index_of(table, v);
    if (i < 0) continue;
    out += out.empty() ? std::string(prefix) : std::string("-");
    out += std::to_string(i);
  }
  return out;
}

// Apple raster keyword tables (index = URF code).
constexpr std::array<std::string_view, 30> kUrfSources = {
    "auto",   "main",         "alternate", "large-capacity", "manual",         "envelope",
    "disc",   "photo",        "hagaki",    "main-roll",      "alternate-roll", "top",
    "middle", "bottom",       "side",      "left",           "right",          "center",
    "rear",   "by-pass-tray", "tray-1",    "tray-2",         "tray-3",         "tray-4",
    "tray-5", "tray-6",       "tray-7",    "tray-8",         "tray-9",         "tray-10"};
constexpr std::array<std::string_view, 14> kUrfTypes = {"auto",
                                                        "stationery",
                                                        "transparency",
                                                        "envelope",
                                                        "cardstock",
                                                        "labels",
                                                        "stationery-letterhead",
                                                        "disc",
                                                        "photographic-matte",
                                                        "photographic-satin",
                                                        "photographic-semi-gloss",
                                                        "photographic-glossy",
                                                        "photographic-high-gloss",
                                                        "other"};
constexpr std::array<std::string_view, 11> kUrfBins = {"auto", "top",     "middle",   "bottom",
                                                       "side", "left",    "right",    "center",
                                                       "rear", "face-up", "face-down"};

bool has_duplex(const PrinterDescription& d) {
  return contains(d.sides, "two-sided-long-edge") || contains(d.sides, "two-sided-short-edge");
}

// urf-supported, consistent with the PWG raster types, resolutions, sides and media.
std::vector<std::string> urf_supported(const PrinterDescription& d,
                                       const std::vector<std::string>& sources,
                                       const std::vector<std::string>& types) {
  std::vector<std::string> out = {"V1.4", "CP1", "W8"};
  const auto& t = d.pwg_raster_types;
  if (contains(t, "sgray_16")) out.back() = "W8-16";
  // The 24-bit keywords only: CUPS 2.4 (Debian 12) matches "SRGB24" and "ADOBERGB24" exactly
  // when it builds a driverless PPD ("SRGB24-48" left its queues without an RGB color model).
  if (contains(t, "srgb_8") || contains(t, "srgb_16")) out.emplace_back("SRGB24");
  if (contains(t, "adobe-rgb_8") || contains(t, "adobe-rgb_16")) out.emplace_back("ADOBERGB24");
  if (contains(t, "cmyk_16")) {
    out.emplace_back("DEVCMYK32-64");
  } else if (contains(t, "cmyk_8")) {
    out.emplace_back("DEVCMYK32");
  }
  std::string pq;
  for (std::int32_t q : d.print_qualities) {
    if (q < 3 || q > 5) continue;
    pq += pq.empty() ? "PQ" : "-";
    pq += std::to_string(q);
  }
  if (!pq.empty()) out.push_back(pq);
  std::string rs;
  for (std::uint32_t r : d.resolutions_dpi) {
    rs += rs.empty() ? "RS" : "-";
    rs += std::to_string(r);
  }
  if (!rs.empty()) out.push_back(rs);
  if (has_duplex(d)) out.emplace_back("DM1");  // back side sent as is: sheet-back "normal"
  add_unique(out, urf_list("IS", kUrfSources, sources));
  add_unique(out, urf_list("MT", kUrfTypes, types));
  add_unique(out, urf_list("OB", kUrfBins, d.output_bins));
  return out;
}

std::string printer_device_id(const PrinterDescription& d) {
  std::string cmd;
  for (const std::string& f : d.document_formats) {
    const std::string_view c = command_set(f);
    if (c.empty()) continue;
    if (!cmd.empty()) cmd += ",";
    cmd += c;
  }
  return "MFG:" + d.manufacturer + ";MDL:" + d.model + ";CMD:" + cmd + ";";
}

std::string state_message(const PrinterDescription& d) {
  if (!d.state_message.empty()) return d.state_message;
  if (!d.engine.message.empty()) return d.engine.message;
  switch (d.engine.state) {
    case engine_hw::PrinterState::idle:
      return "Ready";
    case engine_hw::PrinterState::processing:
      return "Printing";
    case engine_hw::PrinterState::stopped:
      return "Stopped";
  }
  return "Ready";
}

// Base names of the Job Template attributes (and media-col members) whose -default,
// -supported and -ready printer attributes form the "job-template" group.
constexpr std::array<std::string_view, 31> kJobTemplateBases = {"copies",
                                                                "feed-orientation",
                                                                "finishings",
                                                                "finishings-col",
                                                                "job-account-id",
                                                                "job-accounting-user-id",
                                                                "job-hold-until",
                                                                "job-priority",
                                                                "job-sheets",
                                                                "media",
                                                                "media-bottom-margin",
                                                                "media-col",
                                                                "media-left-margin",
                                                                "media-right-margin",
                                                                "media-size",
                                                                "media-source",
                                                                "media-top-margin",
                                                                "media-type",
                                                                "multiple-document-handling",
                                                                "number-up",
                                                                "orientation-requested",
                                                                "output-bin",
                                                                "overrides",
                                                                "page-ranges",
                                                                "print-color-mode",
                                                                "print-content-optimize",
                                                                "print-quality",
                                                                "print-rendering-intent",
                                                                "print-scaling",
                                                                "printer-resolution",
                                                                "sides"};

}  // namespace

std::string printer_uri(const PrinterUriContext& context, std::string_view path) {
  std::string p(path);
  if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
  return std::string(context.tls ? "ipps://" : "ipp://") + host_port(context) + p;
}

IppDateTime ipp_date_time_utc(std::int64_t unix_seconds) noexcept {
  using namespace std::chrono;
  // Years 1970..9999 fit the 16-bit year field.
  const std::int64_t s = std::clamp<std::int64_t>(unix_seconds, 0, 253402300799);
  const sys_seconds tp{seconds{s}};
  const sys_days day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{tp - day};
  IppDateTime d;
  d.year = static_cast<std::uint16_t>(static_cast<int>(ymd.year()));
  d.month = static_cast<std::uint8_t>(static_cast<unsigned>(ymd.month()));
  d.day = static_cast<std::uint8_t>(static_cast<unsigned>(ymd.day()));
  d.hour = static_cast<std::uint8_t>(hms.hours().count());
  d.minutes = static_cast<std::uint8_t>(hms.minutes().count());
  d.seconds = static_cast<std::uint8_t>(hms.seconds().count());
  d.deci_seconds = 0;
  d.utc_direction = '+';
  d.utc_hours = 0;
  d.utc_minutes = 0;
  return d;
}

std::optional<IppValue> media_col_for(std::string_view media, std::int32_t margin,
                                      const std::string& source, const std::string& type) {
  const auto dims = media_dims(media);
  if (!dims) return std::nullopt;
  return media_col(*dims, margin, source, type);
}

std::string media_source_for_tray(std::string_view tray_id) {
  if (tray_id == "bypass") return "by-pass-tray";
  return std::string(tray_id);
}

std::string tray_for_media_source(std::string_view media_source) {
  if (media_source == "auto") return {};
  if (media_source == "by-pass-tray") return "bypass";
  return std::string(media_source);
}

bool is_job_template_printer_attribute(std::string_view name) noexcept {
  for (std::string_view suffix :
       {std::string_view("-default"), std::string_view("-supported"), std::string_view("-ready")}) {
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    const std::string_view base = name.substr(0, name.size() - suffix.size());
    if (index_of(kJobTemplateBases, base) >= 0) return true;
  }
  return false;
}

std::vector<std::string> printer_state_reasons(const PrinterDescription& description) {
  using engine_hw::StateReason;
  std::vector<std::string> out = description.engine.keywords();
  if (out.size() == 1 && out[0] == "none") out.clear();
  bool empty = false;
  bool low = false;
  for (const TonerInfo& t : description.toner) {
    empty = empty || t.empty();
    low = low || t.low();
  }
  if (empty && !description.engine.has(StateReason::toner_empty)) {
    add_unique(out, "toner-empty-error");
  }
  if (low && !description.engine.has(StateReason::toner_low) &&
      !description.engine.has(StateReason::toner_empty) && !contains(out, "toner-empty-error")) {
    add_unique(out, "toner-low-report");
  }
  if (out.empty()) out.emplace_back("none");
  return out;
}

namespace {

// Protocol and operations.
void add_protocol(Attributes& a, const PrinterDescription& d) {
  a.add("charset-configured", IppValue::string(IppValueTag::charset, "utf-8"));
  a.add("charset-supported", {IppValue::string(IppValueTag::charset, "utf-8"),
                              IppValue::string(IppValueTag::charset, "us-ascii")});
  a.add("natural-language-configured", IppValue::string(IppValueTag::natural_language, "en"));
  a.add("generated-natural-language-supported",
        IppValue::string(IppValueTag::natural_language, "en"));
  a.add("ipp-versions-supported", {IppValue::keyword("1.1"), IppValue::keyword("2.0")});
  a.add("ipp-features-supported", IppValue::keyword("ipp-everywhere"));
  {
    std::vector<IppValue> ops;
    for (IppOperation op :
         {IppOperation::print_job, IppOperation::validate_job, IppOperation::create_job,
          IppOperation::send_document, IppOperation::cancel_job, IppOperation::get_job_attributes,
          IppOperation::get_jobs, IppOperation::get_printer_attributes, IppOperation::hold_job,
          IppOperation::release_job, IppOperation::cancel_my_jobs, IppOperation::close_job,
          IppOperation::identify_printer}) {
      ops.push_back(IppValue::enumeration(static_cast<std::int32_t>(op)));
    }
    a.add("operations-supported", std::move(ops));
  }
  a.add("compression-supported", keywords(d.compressions));
  a.add("job-ids-supported", IppValue::boolean(true));
  a.add("job-k-octets-supported", IppValue::range({0, std::max(0, d.job_k_octets_max)}));
  a.add("multiple-document-jobs-supported", IppValue::boolean(false));
  a.add("multiple-operation-time-out",
        IppValue::integer(std::max(1, d.multiple_operation_timeout_s)));
  a.add("multiple-operation-time-out-action",
        IppValue::keyword(d.multiple_operation_timeout_action.empty()
                              ? std::string("abort-job")
                              : d.multiple_operation_timeout_action));
  a.add("pdl-override-supported", IppValue::keyword("attempted"));
  a.add("preferred-attributes-supported", IppValue::boolean(false));
  a.add("printer-get-attributes-supported", IppValue::keyword("document-format"));
  a.add("which-jobs-supported",
        {IppValue::keyword("completed"), IppValue::keyword("not-completed")});
  a.add("job-creation-attributes-supported",
        keywords({"copies", "finishings", "ipp-attribute-fidelity", "job-hold-until", "job-name",
                  "media", "media-col", "number-up", "orientation-requested", "output-bin",
                  "overrides", "page-ranges", "print-color-mode", "print-quality", "print-scaling",
                  "printer-resolution", "sides"}));
  if (!d.identify_actions.empty()) {
    a.add("identify-actions-default", IppValue::keyword(d.identify_actions.front()));
    a.add("identify-actions-supported", keywords(d.identify_actions));
  }
}

// URIs (the host and port the client used; equal counts for the three uri-*).
void add_uris(Attributes& a, const PrinterDescription& d, const PrinterUriContext& context) {
  {
    const std::string auth = d.authentication.empty() ? kAuthRequestingUser : d.authentication;
    const std::string security = context.tls ? "tls" : "none";
    std::vector<IppValue> uris, securities, auths;
    for (std::string_view path : {kIppPrintPath, kIppRootPath}) {
      uris.push_back(uri(printer_uri(context, path)));
      securities.push_back(IppValue::keyword(security));
      auths.push_back(IppValue::keyword(auth));
    }
    a.add("printer-uri-supported", std::move(uris));
    a.add("uri-authentication-supported", std::move(auths));
    a.add("uri-security-supported", std::move(securities));
  }
  a.add("printer-more-info", uri(web_uri(context, d.more_info_path)));
  {
    std::vector<IppValue> icons;
    for (const std::string& p : d.icon_paths) icons.push_back(uri(web_uri(context, p)));
    a.add("printer-icons", std::move(icons));
  }
}

// Identity.
void add_identity(Attributes& a, const PrinterDescription& d) {
  const std::string make_and_model =
      d.make_and_model.empty() ? d.manufacturer + " " + d.model : d.make_and_model;
  a.add("printer-name", name_value(limit127(d.name)));
  a.add("printer-dns-sd-name", name_value(limit127(d.name)));
  a.add("printer-info", text(limit127(d.info.empty() ? make_and_model : d.info)));
  a.add("printer-location", text(limit127(d.location)));
  a.add("printer-make-and-model", text(limit127(make_and_model)));
  a.add("printer-device-id", text(printer_device_id(d)));
  a.add("printer-organization", text(d.organization));
  a.add("printer-organizational-unit", text(d.organizational_unit));
  if (!d.uuid.empty()) a.add("printer-uuid", uri(d.uuid));
  if (d.geo_location.starts_with("geo:")) {
    a.add("printer-geo-location", uri(d.geo_location));
  } else {
    a.add("printer-geo-location", IppValue::out_of_band(IppValueTag::unknown));
  }
  a.add("printer-kind", IppValue::keyword("document"));
  a.add("printer-firmware-name", name_value(d.firmware_name));
  a.add("printer-firmware-patches", text(""));
  a.add("printer-firmware-string-version", text(d.firmware_version));
  a.add("printer-firmware-version", octets(firmware_octets(d.firmware_version)));
}

// State.
void add_state(Attributes& a, const PrinterDescription& d) {
  a.add("printer-state", IppValue::enumeration(static_cast<std::int32_t>(d.engine.state)));
  a.add("printer-state-reasons", keywords(printer_state_reasons(d)));
  a.add("printer-state-message", text(state_message(d)));
  a.add("printer-is-accepting-jobs", IppValue::boolean(d.accepting_jobs));
  a.add("queued-job-count", IppValue::integer(std::max(0, d.queued_job_count)));
  a.add("printer-up-time", IppValue::integer(std::max(1, clamp32(d.now_unix - d.boot_unix))));
  a.add("printer-current-time", IppValue::date_time(ipp_date_time_utc(d.now_unix)));
  a.add("printer-config-change-time",
        IppValue::integer(clamp32(d.config_change_unix - d.boot_unix)));
  a.add("printer-config-change-date-time",
        IppValue::date_time(ipp_date_time_utc(std::max(d.config_change_unix, d.boot_unix))));
  a.add("printer-state-change-time", IppValue::integer(clamp32(d.state_change_unix - d.boot_unix)));
  a.add("printer-state-change-date-time",
        IppValue::date_time(ipp_date_time_utc(std::max(d.state_change_unix, d.boot_unix))));
}

// Supplies.
void add_supplies(Attributes& a, const PrinterDescription& d, const PrinterUriContext& context) {
  if (!d.toner.empty()) {
    std::vector<IppValue> colors, levels, lows, highs, names, types, supply, supply_desc;
    int index = 0;
    for (const TonerInfo& t : d.toner) {
      ++index;
      const std::string colorant(engine_hw::to_string(t.colorant));
      colors.push_back(name_value(std::string(marker_color(t.colorant))));
      levels.push_back(IppValue::integer(static_cast<std::int32_t>(t.level_percent())));
      lows.push_back(IppValue::integer(static_cast<std::int32_t>(t.low_threshold_percent)));
      highs.push_back(IppValue::integer(100));
      names.push_back(name_value(toner_name(t.colorant)));
      types.push_back(IppValue::keyword("toner"));
      supply.push_back(octets("index=" + std::to_string(index) +
                              ";class=supplyThatIsConsumed;type=toner;unit=percent;"
                              "maxcapacity=100;level=" +
                              std::to_string(t.level_percent()) + ";colorantname=" + colorant +
                              ";"));
      supply_desc.push_back(text(toner_name(t.colorant)));
    }
    a.add("marker-colors", std::move(colors));
    a.add("marker-high-levels", std::move(highs));
    a.add("marker-levels", std::move(levels));
    a.add("marker-low-levels", std::move(lows));
    a.add("marker-names", std::move(names));
    a.add("marker-types", std::move(types));
    a.add("printer-supply", std::move(supply));
    a.add("printer-supply-description", std::move(supply_desc));
    a.add("printer-supply-info-uri", uri(web_uri(context, d.supply_info_path)));
  }
}

// Document formats.
void add_document_formats(Attributes& a, const PrinterDescription& d) {
  a.add("color-supported", IppValue::boolean(d.color));
  a.add("pages-per-minute", IppValue::integer(static_cast<std::int32_t>(d.ppm)));
  if (d.color) {
    a.add("pages-per-minute-color", IppValue::integer(static_cast<std::int32_t>(d.ppm_color)));
  }
  {
    std::vector<IppValue> formats;
    for (const std::string& f : d.document_formats) formats.push_back(mime(f));
    a.add("document-format-supported", std::move(formats));
    a.add("document-format-default",
          mime(d.default_document_format.empty() ? std::string("application/octet-stream")
                                                 : d.default_document_format));
  }
  std::vector<IppValue> resolutions;
  for (std::uint32_t r : d.resolutions_dpi) resolutions.push_back(dpi(r));
  const bool raster = contains(d.document_formats, "image/pwg-raster");
  if (raster) {
    a.add("pwg-raster-document-resolution-supported", resolutions);
    if (has_duplex(d)) a.add("pwg-raster-document-sheet-back", IppValue::keyword("normal"));
    a.add("pwg-raster-document-type-supported", keywords(d.pwg_raster_types));
  }
}

// The media the description offers: valid supported names and their distinct sizes, sources
// and types, and the defaults.
struct MediaLists {
  std::vector<std::string> media;
  std::vector<MediaDims> sizes;
  std::vector<std::string> sources = {"auto"};
  std::vector<std::string> types;
  std::string default_media;
  std::string default_type;
};

MediaLists media_lists(const PrinterDescription& d) {
  MediaLists l;
  for (const std::string& m : d.media_supported) {
    const auto dims = media_dims(m);
    if (!dims || contains(l.media, m)) continue;
    l.media.push_back(m);
    if (std::find(l.sizes.begin(), l.sizes.end(), *dims) == l.sizes.end()) {
      l.sizes.push_back(*dims);
    }
  }
  for (const std::string& t : d.media_types) add_unique(l.types, t);
  for (const TrayInfo& t : d.trays) {
    add_unique(l.sources, media_source_for_tray(t.id));
    add_unique(l.types, t.media_type);
  }
  l.default_media =
      media_dims(d.media_default) ? d.media_default : (l.media.empty() ? "" : l.media.front());
  l.default_type = l.types.empty() ? std::string() : l.types.front();
  for (const TrayInfo& t : d.trays) {
    if (t.media == l.default_media && !t.media_type.empty()) {
      l.default_type = t.media_type;
      break;
    }
  }
  return l;
}

// Media: names, ready media, defaults and the database.
void add_media(Attributes& a, const PrinterDescription& d, const MediaLists& l) {
  const auto& media = l.media;
  const auto& default_media = l.default_media;
  const auto& default_type = l.default_type;
  a.add("media-supported", keywords(media));
  if (default_media.empty()) {
    a.add("media-default", IppValue::out_of_band(IppValueTag::no_value));
  } else {
    a.add("media-default", IppValue::keyword(default_media));
  }
  {
    std::vector<std::string> ready;
    std::vector<IppValue> ready_cols;
    for (const TrayInfo& t : d.trays) {
      if (!tray_ready(t)) continue;
      add_unique(ready, t.media);
      ready_cols.push_back(
          media_col(*media_dims(t.media), d.margin, media_source_for_tray(t.id), t.media_type));
    }
    if (ready.empty()) {
      a.add("media-ready", IppValue::out_of_band(IppValueTag::no_value));
      a.add("media-col-ready", IppValue::out_of_band(IppValueTag::no_value));
    } else {
      a.add("media-ready", keywords(ready));
      a.add("media-col-ready", std::move(ready_cols));
    }
  }
  if (!default_media.empty()) {
    a.add("media-col-default",
          media_col(*media_dims(default_media), d.margin, "auto", default_type));
  }
  {
    // One entry per supported size, then what the trays hold with their source and type.
    std::vector<IppValue> database;
    database.reserve(media.size() + d.trays.size());
    for (const std::string& m : media)
      database.push_back(media_col(*media_dims(m), d.margin, "", ""));
    for (const TrayInfo& t : d.trays) {
      if (!media_dims(t.media)) continue;
      database.push_back(
          media_col(*media_dims(t.media), d.margin, media_source_for_tray(t.id), t.media_type));
    }
    a.add("media-col-database", std::move(database));
  }
}

// Media: sizes, margins, sources, types and the input trays.
void add_media_capabilities(Attributes& a, const PrinterDescription& d, const MediaLists& l) {
  const auto& sizes = l.sizes;
  a.add("media-col-supported",
        keywords({"media-bottom-margin", "media-left-margin", "media-right-margin", "media-size",
                  "media-source", "media-top-margin", "media-type"}));
  {
    std::vector<IppValue> size_values;
    size_values.reserve(sizes.size());
    for (const MediaDims& s : sizes) size_values.push_back(IppValue::collection(media_size_col(s)));
    a.add("media-size-supported", std::move(size_values));
  }
  const std::int32_t margin = std::max(0, d.margin);
  a.add("media-bottom-margin-supported", IppValue::integer(margin));
  a.add("media-left-margin-supported", IppValue::integer(margin));
  a.add("media-right-margin-supported", IppValue::integer(margin));
  a.add("media-top-margin-supported", IppValue::integer(margin));
  a.add("media-source-supported", keywords(l.sources));
  a.add("media-type-supported", keywords(l.types));
  {
    // One entry per media-source-supported value, in the same order.
    std::vector<IppValue> trays;
    trays.push_back(
        octets("type=other;mediafeed=0;mediaxfeed=0;maxcapacity=-2;level=-2;status=0;name=auto;"));
    std::vector<std::string> listed = {"auto"};
    for (const TrayInfo& t : d.trays) {
      const std::string source = media_source_for_tray(t.id);
      if (contains(listed, source)) continue;
      listed.push_back(source);
      const auto dims = media_dims(t.media);
      const std::int64_t feed = dims ? std::int64_t{dims->y} * 10 : 0;  // micrometres
      const std::int64_t xfeed = dims ? std::int64_t{dims->x} * 10 : 0;
      trays.push_back(octets(
          std::string("type=") +
          (t.id == "bypass" ? "sheetFeedManual" : "sheetFeedAutoRemovableTray") +
          ";dimunit=micrometers;mediafeed=" + std::to_string(feed) +
          ";mediaxfeed=" + std::to_string(xfeed) + ";maxcapacity=" + std::to_string(t.capacity) +
          ";level=" + std::to_string(t.level) + ";status=0;name=" + source + ";"));
    }
    a.add("printer-input-tray", std::move(trays));
  }
}

// Job template defaults and capabilities.
void add_job_template(Attributes& a, const PrinterDescription& d, const MediaLists& media) {
  a.add("copies-default", IppValue::integer(1));
  a.add("copies-supported", IppValue::range({1, std::max(1, d.copies_max)}));
  a.add("finishings-default", IppValue::enumeration(3));
  a.add("finishings-supported", IppValue::enumeration(3));
  // page-ranges apply to every document format (pipeline/page_selection.h).
  a.add("page-ranges-supported", IppValue::boolean(true));
  // overrides: the page and document selectors only; no attribute is overridable per page yet.
  a.add("overrides-supported", keywords({"document-numbers", "pages"}));
  if (contains(d.document_formats, "application/pdf")) {
    a.add("document-password-supported",
          IppValue::integer(static_cast<std::int32_t>(kMaxDocumentPassword)));
  }
  a.add("number-up-default", IppValue::integer(1));
  {
    std::vector<IppValue> ups;
    ups.reserve(pipeline::kNumberUpValues.size());
    for (std::uint32_t n : pipeline::kNumberUpValues) {
      ups.push_back(IppValue::integer(static_cast<std::int32_t>(n)));
    }
    a.add("number-up-supported", std::move(ups));
  }
  a.add("orientation-requested-default", IppValue::enumeration(3));
  a.add("orientation-requested-supported", {IppValue::enumeration(3), IppValue::enumeration(4),
                                            IppValue::enumeration(5), IppValue::enumeration(6)});
  if (!d.output_bins.empty()) {
    a.add("output-bin-default", IppValue::keyword(d.output_bins.front()));
    a.add("output-bin-supported", keywords(d.output_bins));
    std::vector<IppValue> bins;
    for (const std::string& b : d.output_bins) {
      bins.push_back(
          octets("type=unRemovableBin;maxcapacity=" + std::to_string(d.output_bin_capacity) +
                 ";remaining=-3;status=0;name=" + b + ";stackingorder=firstToLast;pagedelivery=" +
                 (b == "face-up" ? "faceUp" : "faceDown") + ";"));
    }
    a.add("printer-output-tray", std::move(bins));
  }
  if (!d.color_modes.empty()) {
    a.add("print-color-mode-default",
          IppValue::keyword(contains(d.color_modes, d.color_mode_default) ? d.color_mode_default
                                                                          : d.color_modes.front()));
    a.add("print-color-mode-supported", keywords(d.color_modes));
  }
  if (!d.print_qualities.empty()) {
    const bool known = std::find(d.print_qualities.begin(), d.print_qualities.end(),
                                 d.print_quality_default) != d.print_qualities.end();
    a.add("print-quality-default",
          IppValue::enumeration(known ? d.print_quality_default : d.print_qualities.front()));
    std::vector<IppValue> qualities;
    for (std::int32_t q : d.print_qualities) qualities.push_back(IppValue::enumeration(q));
    a.add("print-quality-supported", std::move(qualities));
  }
  // job-hold-until (RFC 8011 5.2.2): "indefinite" holds a job until Release-Job.
  a.add("job-hold-until-default", IppValue::keyword("no-hold"));
  a.add("job-hold-until-supported", keywords({"no-hold", "indefinite"}));
  a.add("print-scaling-default", IppValue::keyword("auto"));
  a.add("print-scaling-supported", keywords({"auto", "auto-fit", "fill", "fit", "none"}));
  if (!d.resolutions_dpi.empty()) {
    const bool known = std::find(d.resolutions_dpi.begin(), d.resolutions_dpi.end(),
                                 d.default_resolution_dpi) != d.resolutions_dpi.end();
    a.add("printer-resolution-default",
          dpi(known ? d.default_resolution_dpi : d.resolutions_dpi.front()));
    std::vector<IppValue> resolutions;
    for (std::uint32_t r : d.resolutions_dpi) resolutions.push_back(dpi(r));
    a.add("printer-resolution-supported", std::move(resolutions));
  }
  if (!d.sides.empty()) {
    a.add("sides-default", IppValue::keyword(contains(d.sides, d.sides_default) ? d.sides_default
                                                                                : d.sides.front()));
    a.add("sides-supported", keywords(d.sides));
  }
  if (contains(d.document_formats, "image/urf")) {
    a.add("urf-supported", keywords(urf_supported(d, media.sources, media.types)));
  }
}

}  // namespace

std::vector<IppAttribute> printer_attributes(const PrinterDescription& d,
                                             const PrinterUriContext& context) {
  Attributes a;
  add_protocol(a, d);
  add_uris(a, d, context);
  add_identity(a, d);
  add_state(a, d);
  add_supplies(a, d, context);
  add_document_formats(a, d);
  const MediaLists media = media_lists(d);
  add_media(a, d, media);
  add_media_capabilities(a, d, media);
  add_job_template(a, d, media);
  return a.take();
}

std::vector<IppAttribute> select_printer_attributes(const std::vector<IppAttribute>& all,
                                                    const IppAttribute* requested) {
  std::vector<std::string> names;
  if (requested == nullptr) {
    names.emplace_back("all");
  } else {
    for (const IppValue& v : requested->values) {
      if (const std::string* s = v.as_string()) names.push_back(*s);
    }
  }
  const bool everything = contains(names, "all");
  const bool description = contains(names, "printer-description");
  const bool job_template = contains(names, "job-template");
  std::vector<IppAttribute> out;
  for (const IppAttribute& attr : all) {
    bool take = contains(names, attr.name);
    if (!take && attr.name != "media-col-database") {
      const bool template_attr = is_job_template_printer_attribute(attr.name);
      take = everything || (job_template && template_attr) || (description && !template_attr);
    }
    if (take) out.push_back(attr);
  }
  return out;
}

}  // namespace mfp::frontends::ipp
