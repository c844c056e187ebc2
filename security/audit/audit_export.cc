#include "security/audit/audit_export.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <new>
#include <optional>

#include "security/audit/detail/utf8.h"

namespace mfp::security::audit {

using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

namespace chr = std::chrono;

constexpr std::string_view kEol = "\r\n";
constexpr std::size_t kMaxIpChars = 64;
constexpr int kMaxTimeZone = 720;
// Dates the event clock (nanoseconds in 64 bits) can hold, with a margin for the time zone.
constexpr int kMinYear = 1678;
constexpr int kMaxYear = 2261;

constexpr std::array<std::string_view, 5> kHeaderItems = {
    "Format Version", "Device's IP Address", "Coding Method", "Time Zone", "Date Format"};
constexpr std::array<DateFormat, 3> kDateFormats = {DateFormat::yyyy_mm_dd, DateFormat::mm_dd_yyyy,
                                                    DateFormat::dd_mm_yyyy};

enum class Context : std::uint8_t { text, item_key, item_value };

void append_hex(std::string& out, std::uint32_t v, int digits) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kHex[(v >> (4 * i)) & 0xF]);
}

// Escapes `raw` (repaired to UTF-8 first) for one column.
std::string escape(std::string_view raw, Context ctx) {
  const std::string text = detail::sanitize_utf8(raw);
  std::string out;
  out.reserve(text.size() + 8);
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto cp = detail::decode_utf8(rest);  // always valid after sanitize_utf8
    const std::size_t len = cp ? cp->length : 1;
    const char32_t c = cp ? cp->value : 0xFFFD;
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '=' && ctx == Context::item_key) {
      out += "\\=";
    } else if (c == ';' && ctx != Context::text) {
      out += "\\;";
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      append_hex(out, c, 2);
    } else if ((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
      out += "\\u";
      append_hex(out, c, 4);
    } else {
      out.append(rest.substr(0, len));
    }
    rest.remove_prefix(len);
  }
  return out;
}

// True when a spreadsheet could read a cell starting like `field` as a formula.
bool formula_prefix(std::string_view field) {
  if (field.empty() || field == "-") return false;
  switch (field.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\'':
    case '\t':
    case '\r':
      return true;
    default:
      break;
  }
  // Full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheets also accept.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"}) {
    if (field.starts_with(wide)) return true;
  }
  return false;
}

void append_field(std::string& line, const std::string& escaped) {
  if (formula_prefix(escaped)) line.push_back('\'');
  line += escaped;
}

std::string items_field(const std::vector<std::pair<std::string, std::string>>& items) {
  if (items.empty()) return "-";
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += "; ";
    out += escape(items[i].first, Context::item_key);
    out += '=';
    out += escape(items[i].second, Context::item_value);
  }
  return out;
}

std::string sanitize_ip(std::string_view ip) {
  std::string out;
  for (char c : ip) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ':') {
      if (out.size() < kMaxIpChars) out.push_back(c);
    }
  }
  return out.empty() ? std::string("0.0.0.0") : out;
}

std::string two(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v % 100);
  return buf;
}

std::string four(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", std::clamp(v, 0, 9999));
  return buf;
}

// ---- parsing -------------------------------------------------------------------------------

Status bad(std::size_t line, std::string_view what) {
  return make_error(StatusCode::malformed_data,
                    "audit export line " + std::to_string(line) + ": " + std::string(what));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::uint32_t> parse_hex(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s) {
    const int h = hex_value(c);
    if (h < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint32_t>(h);
  }
  return v;
}

std::optional<int> parse_int(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

// Undoes escape(); nullopt on an unknown or cut escape or when the result is not UTF-8.
std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\t' || c == '\r' || c == '\n') return std::nullopt;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    switch (s[i]) {
      case '\\':
        out.push_back('\\');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case '=':
      case ';':
        out.push_back(s[i]);
        break;
      case 'x': {
        if (s.size() < i + 3) return std::nullopt;
        const auto v = parse_hex(s.substr(i + 1, 2));
        if (!v) return std::nullopt;
        out.push_back(static_cast<char>(*v));
        i += 2;
        break;
      }
      case 'u': {
        if (s.size() < i + 5) return std::nullopt;
        const auto v = parse_hex(s.substr(i + 1, 4));
        if (!v || (*v >= 0xD800 && *v <= 0xDFFF)) return std::nullopt;
        detail::append_utf8(out, *v);
        i += 4;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  if (!detail::is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string_view strip_apostrophe(std::string_view field) {
  if (!field.empty() && field.front() == '\'') field.remove_prefix(1);
  return field;
}

// Splits `s` at unescaped occurrences of `sep` (a backslash always takes the next character).
std::vector<std::string_view> split_unescaped(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_items(
    std::string_view field) {
  std::vector<std::pair<std::string, std::string>> items;
  field = strip_apostrophe(field);
  if (field == "-") return items;
  const auto parts = split_unescaped(field, ';');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    if (i > 0) {
      if (!part.starts_with(' ')) return std::nullopt;
      part.remove_prefix(1);
    }
    const auto kv = split_unescaped(part, '=');
    if (kv.size() < 2) return std::nullopt;
    // The first unescaped "=" separates key and value; later ones belong to the value.
    const std::string_view key = kv[0];
    const std::string_view value = part.substr(key.size() + 1);
    auto k = unescape(key);
    auto v = unescape(value);
    if (!k || !v) return std::nullopt;
    items.emplace_back(std::move(*k), std::move(*v));
  }
  return items;
}

std::optional<chr::year_month_day> parse_date(std::string_view s, DateFormat format) {
  if (s.size() != 10) return std::nullopt;
  std::optional<int> y, m, d;
  if (format == DateFormat::yyyy_mm_dd) {
    if (s[4] != '/' || s[7] != '/') return std::nullopt;
    y = parse_int(s.substr(0, 4), 4, 4);
    m = parse_int(s.substr(5, 2), 2, 2);
    d = parse_int(s.substr(8, 2), 2, 2);
  } else {
    if (s[2] != '/' || s[5] != '/') return std::nullopt;
    const auto a = parse_int(s.substr(0, 2), 2, 2);
    const auto b = parse_int(s.substr(3, 2), 2, 2);
    y = parse_int(s.substr(6, 4), 4, 4);
    m = format == DateFormat::mm_dd_yyyy ? a : b;
    d = format == DateFormat::mm_dd_yyyy ? b : a;
  }
  if (!y || !m || !d || *y < kMinYear || *y > kMaxYear || *m < 1 || *d < 1) return std::nullopt;
  const chr::year_month_day ymd{chr::year(*y), chr::month(static_cast<unsigned>(*m)),
                                chr::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<chr::seconds> parse_time(std::string_view s) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
  const auto h = parse_int(s.substr(0, 2), 2, 2);
  const auto m = parse_int(s.substr(3, 2), 2, 2);
  const auto sec = parse_int(s.substr(6, 2), 2, 2);
  if (!h || !m || !sec || *h < 0 || *h > 23 || *m < 0 || *m > 59 || *sec < 0 || *sec > 59) {
    return std::nullopt;
  }
  return chr::hours(*h) + chr::minutes(*m) + chr::seconds(*sec);
}

Result<ParsedExport> parse(std::string_view text) {
  if (!detail::is_valid_utf8(text)) {
    return make_error(StatusCode::malformed_data, "audit export: not UTF-8");
  }
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
  }
  if (lines.size() < kHeaderItems.size() + 1) {
    return make_error(StatusCode::malformed_data, "audit export: header incomplete");
  }
  ParsedExport out;
  std::array<std::string_view, kHeaderItems.size()> values;
  for (std::size_t i = 0; i < kHeaderItems.size(); ++i) {
    const std::string_view line = lines[i];
    if (!line.starts_with(kHeaderItems[i]) || line.size() <= kHeaderItems[i].size() ||
        line[kHeaderItems[i].size()] != '\t') {
      return bad(i + 1, "expected \"" + std::string(kHeaderItems[i]) + "\"");
    }
    values[i] = line.substr(kHeaderItems[i].size() + 1);
  }
  if (values[0] != "3") return bad(1, "format version is not 3");
  const std::string_view ip = values[1];
  if (ip.empty() || ip.size() > kMaxIpChars || !std::all_of(ip.begin(), ip.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ':';
      })) {
    return bad(2, "IP address malformed");
  }
  out.header.ip_address = std::string(ip);
  if (values[2] != "UTF8") return bad(3, "coding method is not UTF8");
  const auto tz = parse_int(values[3], 1, 3);
  if (!tz || *tz < -kMaxTimeZone || *tz > kMaxTimeZone || values[3] == "-0") {
    return bad(4, "time zone out of range");
  }
  out.header.time_zone_minutes = *tz;
  const auto fmt = std::find_if(kDateFormats.begin(), kDateFormats.end(),
                                [&](DateFormat f) { return to_string(f) == values[4]; });
  if (fmt == kDateFormats.end()) return bad(5, "unknown date format");
  out.header.date_format = *fmt;
  if (lines[5] != kExportColumns) return bad(6, "column titles differ");

  for (std::size_t n = 6; n < lines.size(); ++n) {
    const std::size_t line_no = n + 1;
    // Escaped fields never hold a TAB, so every TAB separates columns.
    std::vector<std::string_view> fields;
    for (std::string_view rest = lines[n];;) {
      const std::size_t tab = rest.find('\t');
      fields.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    if (fields.size() != 9) return bad(line_no, "expected 9 columns");
    StoredEvent rec;
    const auto log_id = parse_int(fields[0], 1, 5);
    if (!log_id || *log_id < 1 || *log_id > static_cast<int>(kLogIdModulus)) {
      return bad(line_no, "column 1: Log ID out of range");
    }
    rec.log_id = static_cast<std::uint16_t>(*log_id);
    const auto date = parse_date(fields[1], out.header.date_format);
    if (!date) return bad(line_no, "column 2: date malformed");
    const auto time = parse_time(fields[2]);
    if (!time) return bad(line_no, "column 3: time malformed");
    const chr::sys_seconds local = chr::sys_days(*date) + *time;
    rec.event.time = chr::time_point_cast<chr::system_clock::duration>(
        local - chr::minutes(out.header.time_zone_minutes));
    const std::string_view id = fields[3];
    if (id.size() != 6 || !id.starts_with("0x"))
      return bad(line_no, "column 4: event ID malformed");
    const auto id_value = parse_hex(id.substr(2));
    if (!id_value) return bad(line_no, "column 4: event ID malformed");
    rec.event.id = static_cast<AuditEventId>(*id_value);
    std::string* text_fields[] = {&rec.event.name, &rec.event.user, &rec.event.description,
                                  &rec.event.status};
    for (std::size_t i = 0; i < 4; ++i) {
      auto v = unescape(strip_apostrophe(fields[4 + i]));
      if (!v) return bad(line_no, "column " + std::to_string(5 + i) + ": bad escape");
      *text_fields[i] = std::move(*v);
    }
    auto items = parse_items(fields[8]);
    if (!items) return bad(line_no, "column 9: items malformed");
    rec.event.items = std::move(*items);
    out.records.push_back(std::move(rec));
  }
  return out;
}

}  // namespace

std::string_view to_string(DateFormat format) noexcept {
  switch (format) {
    case DateFormat::yyyy_mm_dd:
      return "YYYY/MM/DD";
    case DateFormat::mm_dd_yyyy:
      return "MM/DD/YYYY";
    case DateFormat::dd_mm_yyyy:
      return "DD/MM/YYYY";
  }
  return "YYYY/MM/DD";
}

std::string export_v3(const std::vector<StoredEvent>& events, const ExportHeader& header) {
  const int tz = std::clamp(header.time_zone_minutes, -kMaxTimeZone, kMaxTimeZone);
  std::string out;
  out.reserve(256 + events.size() * 128);
  out += "Format Version\t3";
  out += kEol;
  out += "Device's IP Address\t" + sanitize_ip(header.ip_address);
  out += kEol;
  out += "Coding Method\tUTF8";
  out += kEol;
  out += "Time Zone\t" + std::to_string(tz);
  out += kEol;
  out += "Date Format\t";
  out += to_string(header.date_format);
  out += kEol;
  out += kExportColumns;
  out += kEol;
  for (const StoredEvent& e : events) {
    const std::uint16_t log_id =
        e.log_id >= 1 && e.log_id <= kLogIdModulus ? e.log_id : log_id_for(e.sequence);
    const chr::sys_seconds local = chr::floor<chr::seconds>(e.event.time) + chr::minutes(tz);
    const chr::sys_days day = chr::floor<chr::days>(local);
    const chr::year_month_day ymd(day);
    const chr::hh_mm_ss hms(local - day);
    const int y = static_cast<int>(ymd.year());
    const auto m = static_cast<unsigned>(ymd.month());
    const auto d = static_cast<unsigned>(ymd.day());
    std::string line = std::to_string(log_id);
    line += '\t';
    switch (header.date_format) {
      case DateFormat::yyyy_mm_dd:
        line += four(y) + "/" + two(m) + "/" + two(d);
        break;
      case DateFormat::mm_dd_yyyy:
        line += two(m) + "/" + two(d) + "/" + four(y);
        break;
      case DateFormat::dd_mm_yyyy:
        line += two(d) + "/" + two(m) + "/" + four(y);
        break;
    }
    line += '\t';
    line += two(static_cast<unsigned>(hms.hours().count())) + ":" +
            two(static_cast<unsigned>(hms.minutes().count())) + ":" +
            two(static_cast<unsigned>(hms.seconds().count()));
    line += "\t0x";
    char id[8];
    std::snprintf(id, sizeof id, "%04x", static_cast<unsigned>(e.event.id));
    line += id;
    for (const std::string* s :
         {&e.event.name, &e.event.user, &e.event.description, &e.event.status}) {
      line += '\t';
      append_field(line, escape(*s, Context::text));
    }
    line += '\t';
    append_field(line, items_field(e.event.items));
    out += line;
    out += kEol;
  }
  return out;
}

Result<ParsedExport> parse_export_v3(std::string_view text) noexcept {
  try {
    return parse(text);
  } catch (const std::bad_alloc&) {
    return make_error(StatusCode::resource_exhausted, "audit export: out of memory");
  } catch (...) {
    return make_error(StatusCode::internal, "audit export: unexpected exception");
  }
}

}  // namespace mfp::security::audit
