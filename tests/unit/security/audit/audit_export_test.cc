// The guide's export format (version 3): layout, round trip through the parser, escaping and
// spreadsheet-formula neutralisation, dates and time zones, and the parser's refusals.
#include "security/audit/audit_export.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "security/audit/audit_events.h"

namespace mfp::security::audit {
namespace {

namespace chr = std::chrono;

// 2018-01-01 10:00:00 UTC plus `extra`.
chr::system_clock::time_point at(chr::nanoseconds extra = {}) {
  return chr::sys_days(chr::year(2018) / 1 / 1) + chr::hours(10) + extra;
}

StoredEvent stored(std::uint64_t seq, AuditEvent e) {
  return {seq, log_id_for(seq), std::move(e)};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos) break;
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> f;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return f;
}

void expect_round_trip(const std::vector<StoredEvent>& events, const ExportHeader& header) {
  const std::string text = export_v3(events, header);
  auto parsed = parse_export_v3(text);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string() << "\n" << text;
  EXPECT_EQ(parsed->header.ip_address, header.ip_address);
  EXPECT_EQ(parsed->header.time_zone_minutes, header.time_zone_minutes);
  EXPECT_EQ(parsed->header.date_format, header.date_format);
  ASSERT_EQ(parsed->records.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const AuditEvent& want = events[i].event;
    const StoredEvent& got = parsed->records[i];
    EXPECT_EQ(got.log_id, events[i].log_id);
    EXPECT_EQ(got.event.time, chr::floor<chr::seconds>(want.time));
    EXPECT_EQ(got.event.id, want.id);
    EXPECT_EQ(got.event.name, want.name);
    EXPECT_EQ(got.event.user, want.user);
    EXPECT_EQ(got.event.description, want.description);
    EXPECT_EQ(got.event.status, want.status);
    EXPECT_EQ(got.event.items, want.items);
  }
}

TEST(AuditExport, HeaderLayoutAndTheGuideExample) {
  AuditEvent e = events::login_failed(events::LoginInterface::control_panel,
                                      events::LoginFailure::invalid_password, "User1");
  e.items.clear();
  e.time = at();
  const std::string text = export_v3({stored(1, e)}, {"192.0.2.10", 0, DateFormat::mm_dd_yyyy});
  EXPECT_EQ(text,
            "Format Version\t3\r\n"
            "Device's IP Address\t192.0.2.10\r\n"
            "Coding Method\tUTF8\r\n"
            "Time Zone\t0\r\n"
            "Date Format\tMM/DD/YYYY\r\n"
            "Log ID\tDate\tTime\tAudit Event ID\tLogged Events\tUser Name\tDescription\tStatus\t"
            "Optionally Logged Items\r\n"
            "1\t01/01/2018\t10:00:00\t0x0212\tLogin/Logout\tUser1\tLogin\t"
            "Failed (Invalid Password)\t-\r\n");
}

TEST(AuditExport, RoundTripsEveryKindOfEvent) {
  std::vector<StoredEvent> events = {
      stored(1, events::system_started(events::BootKind::cold)),
      stored(2, events::login_failed(events::LoginInterface::web,
                                     events::LoginFailure::invalid_user_id, "Jürgen Müller")),
      stored(3, events::job_completed(pipeline::JobType::print, "alice",
                                      events::JobOutcome::completed, "Q3 report; final=yes.pdf")),
      stored(4, events::trusted_communication_failed("TLS", "[2001:db8::1]:443",
                                                     "handshake failure\\alert 40")),
      stored(59999, events::user_added("KO", "bob")),
      stored(60000, events::time_adjusted("KO")),
      stored(60001, events::audit_log_integrity_failure("slot 5 (sequence 5): record altered")),
  };
  events[3].event.items.emplace_back("", "");
  events[3].event.items.emplace_back("k=v;x", "v=k;y");
  events[3].event.items.emplace_back("-", "-");
  events[3].event.items.emplace_back("漢字", "🖨️ printer\u2028line\x1b[0m\x7f");
  for (std::size_t i = 0; i < events.size(); ++i) events[i].event.time = at(chr::minutes(i * 97));
  EXPECT_EQ(events[6].log_id, 1);
  for (const int tz : {0, 540, -300, 720, -720}) {
    for (const DateFormat f :
         {DateFormat::yyyy_mm_dd, DateFormat::mm_dd_yyyy, DateFormat::dd_mm_yyyy}) {
      SCOPED_TRACE(std::to_string(tz) + " " + std::string(to_string(f)));
      expect_round_trip(events, {"fe80::1", tz, f});
    }
  }
}

TEST(AuditExport, FormulaInjectionStaysOneInertField) {
  const std::string evil = "\t=cmd|'/C calc'!A0\n";
  AuditEvent job =
      events::job_completed(pipeline::JobType::print, evil, events::JobOutcome::completed, evil);
  job.description = "=HYPERLINK(\"http://x\")";
  job.status = "@SUM(A1)";
  job.items.emplace_back(evil, evil);
  job.items.insert(job.items.begin(), {"+1", "-1"});
  job.time = at();
  const std::vector<StoredEvent> events = {stored(7, job)};
  const std::string text = export_v3(events, {});
  const auto lines = lines_of(text);
  ASSERT_EQ(lines.size(), 7u);  // 5 header lines, the column titles, one record
  const auto fields = fields_of(lines[6]);
  ASSERT_EQ(fields.size(), 9u) << lines[6];
  for (const std::string& f : fields) {
    ASSERT_FALSE(f.empty());
    EXPECT_EQ(std::string("=+-@\t\r").find(f.front()), std::string::npos) << f;
    EXPECT_EQ(f.find('\n'), std::string::npos);
    EXPECT_EQ(f.find('\r'), std::string::npos);
  }
  EXPECT_EQ(fields[5], "\\t=cmd|'/C calc'!A0\\n");  // escaped: starts with a backslash
  EXPECT_EQ(fields[6], "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(fields[7], "'@SUM(A1)");
  EXPECT_EQ(fields[8].substr(0, 6), "'+1=-1");
  expect_round_trip(events, {});
}

TEST(AuditExport, FieldEscapes) {
  struct Case {
    const char* raw;
    const char* field;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"-", "-"},  // the guide's "unknown": left alone
      {"", ""},
      {"=1+2", "'=1+2"},
      {"+33 1 23", "'+33 1 23"},
      {"-5", "'-5"},
      {"@home", "'@home"},
      {"'quoted", "''quoted"},
      {"\xEF\xBC\x9DSUM(1)", "'\xEF\xBC\x9DSUM(1)"},  // full-width equals sign
      {"a\tb", "a\\tb"},
      {"\tx", "\\tx"},
      {"\rx", "\\rx"},
      {"line\nbreak", "line\\nbreak"},
      {"C:\\path", "C:\\\\path"},
      {"bell\x07", "bell\\x07"},
      {"\x1b[31mred", "\\x1B[31mred"},
      {"del\x7f", "del\\x7F"},
      {"sep\u2028sep\u2029", "sep\\u2028sep\\u2029"},
      {"nel\u0085", "nel\\u0085"},
      {"a;b=c", "a;b=c"},              // only special inside items
      {"bad\xff", "bad\xEF\xBF\xBD"},  // invalid UTF-8 becomes U+FFFD
  };
  for (const Case& c : cases) {
    AuditEvent e;
    e.id = static_cast<AuditEventId>(0x0404);
    e.user = c.raw;
    e.time = at();
    const auto lines = lines_of(export_v3({stored(1, e)}, {}));
    ASSERT_EQ(lines.size(), 7u);
    const auto fields = fields_of(lines[6]);
    ASSERT_EQ(fields.size(), 9u) << c.raw;
    EXPECT_EQ(fields[5], c.field) << c.raw;
    auto parsed = parse_export_v3(export_v3({stored(1, e)}, {}));
    ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    if (std::string_view(c.raw) != "bad\xff") {
      EXPECT_EQ(parsed->records[0].event.user, c.raw);
    }
  }
}

TEST(AuditExport, ItemsField) {
  AuditEvent e;
  e.time = at();
  e.items = {{"Job Name", "a; b"}, {"k=1", "v=2"}, {"Pages", "3"}};
  const auto fields = fields_of(lines_of(export_v3({stored(1, e)}, {}))[6]);
  EXPECT_EQ(fields[8], "Job Name=a\\; b; k\\=1=v=2; Pages=3");
  e.items.clear();
  EXPECT_EQ(fields_of(lines_of(export_v3({stored(1, e)}, {}))[6])[8], "-");
}

TEST(AuditExport, DatesFollowTheTimeZoneAndFormat) {
  AuditEvent e;
  e.time = at(chr::milliseconds(999));  // 2018-01-01 10:00:00.999 UTC
  struct Case {
    int tz;
    DateFormat format;
    const char* date;
    const char* time;
  };
  const Case cases[] = {
      {0, DateFormat::yyyy_mm_dd, "2018/01/01", "10:00:00"},
      {540, DateFormat::yyyy_mm_dd, "2018/01/01", "19:00:00"},
      {-660, DateFormat::dd_mm_yyyy, "31/12/2017", "23:00:00"},
      {720, DateFormat::mm_dd_yyyy, "01/01/2018", "22:00:00"},
      {-720, DateFormat::mm_dd_yyyy, "12/31/2017", "22:00:00"},
  };
  for (const Case& c : cases) {
    const auto fields =
        fields_of(lines_of(export_v3({stored(1, e)}, {"10.0.0.1", c.tz, c.format}))[6]);
    EXPECT_EQ(fields[1], c.date) << c.tz;
    EXPECT_EQ(fields[2], c.time) << c.tz;
  }
}

TEST(AuditExport, HeaderValuesAreMadeValid) {
  const auto lines =
      lines_of(export_v3({}, {"FE80::1%eth0 <script>", 9999, DateFormat::yyyy_mm_dd}));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[1], "Device's IP Address\tfe80::1eth0script");
  EXPECT_EQ(lines[3], "Time Zone\t720");
  EXPECT_EQ(lines_of(export_v3({}, {"", -9999, DateFormat::yyyy_mm_dd}))[1],
            "Device's IP Address\t0.0.0.0");
  // A Log ID out of range falls back to the sequence's.
  AuditEvent e;
  e.time = at();
  EXPECT_EQ(fields_of(lines_of(export_v3({{60001, 0, e}}, {}))[6])[0], "1");
}

TEST(AuditExport, ParserRefusesDeviations) {
  const std::string good = export_v3({stored(1, events::time_adjusted("KO"))}, {});
  ASSERT_TRUE(parse_export_v3(good).is_ok());
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
    return s;
  };
  const std::string lf_only = [&] {
    std::string s;
    for (char c : good) {
      if (c != '\r') s.push_back(c);
    }
    return s;
  }();
  EXPECT_TRUE(parse_export_v3(lf_only).is_ok());
  const std::vector<std::string> bad = {
      "",
      replaced("Format Version\t3", "Format Version\t2"),
      replaced("Format Version", "Format version"),
      replaced("0.0.0.0", "0.0.0.0;rm"),
      replaced("0.0.0.0", ""),
      replaced("UTF8", "UTF-8"),
      replaced("Time Zone\t0", "Time Zone\t721"),
      replaced("Time Zone\t0", "Time Zone\t+1"),
      replaced("Time Zone\t0", "Time Zone\t-0"),
      replaced("YYYY/MM/DD", "YY/MM/DD"),
      replaced("\tStatus\t", "\tState\t"),
      replaced("\r\n1\t", "\r\n0\t"),
      replaced("\r\n1\t", "\r\n60001\t"),
      replaced("\r\n1\t", "\r\nx\t"),
      replaced("0x0407", "0x407"),
      replaced("0x0407", "0X0407"),
      replaced("0x0407", "0x04g7"),
      replaced("\tKO\t", "\tK\\qO\t"),
      replaced("\tKO\t", "\tKO\\\t"),
      replaced("\tKO\t", "\tK\\u00O\t"),
      replaced("\tKO\t", "\tK\\uD800O\t"),
      replaced("\tKO\t", "\tK\\xFFO\t"),
      replaced("\tKO\t", "\tK\rO\t"),
      replaced("\tKO\t", "\tKO\t\t"),
      replaced("\tKO\t", "\t"),
      replaced("\tKO\t", "\tK\xffO\t"),
      replaced("\t-\r\n", "\tno equals sign\r\n"),
      replaced("\t-\r\n", "\ta=b;c=d\r\n"),
  };
  for (const std::string& text : bad) {
    auto r = parse_export_v3(text);
    EXPECT_EQ(r.status().code(), pipeline::StatusCode::malformed_data) << text;
  }
  // Dates: impossible or unrepresentable ones.
  const std::string date = fields_of(lines_of(good)[6])[1];
  for (const char* d : {"2018/02/30", "2018/13/01", "1600/01/01", "9999/01/01", "2018-01-01"}) {
    EXPECT_FALSE(parse_export_v3(replaced(date, d)).is_ok()) << d;
  }
  const std::string time = fields_of(lines_of(good)[6])[2];
  for (const char* t : {"24:00:00", "10:60:00", "10:00:60", "1:00:000"}) {
    EXPECT_FALSE(parse_export_v3(replaced(time, t)).is_ok()) << t;
  }
}

}  // namespace
}  // namespace mfp::security::audit
