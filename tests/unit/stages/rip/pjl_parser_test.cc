// PJL header parser: settings applied, dangerous commands listed by keyword only (never their
// arguments), read-back and unknown commands ignored, the payload offset exact, and every bound.

#include "stages/rip/pjl_parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace mfp::stages::rip {

// Readable failure output (found by argument-dependent lookup, so not in the anonymous namespace).
void PrintTo(const PjlDroppedCommand& d, std::ostream* os) {
  *os << '{' << d.keyword << ", "
      << (d.disposition == PjlDisposition::dangerous ? "dangerous" : "ignored") << '}';
}

namespace {

using pipeline::Result;
using pipeline::StatusCode;

const std::string kUel(kPjlUel);

Result<PjlJob> parse(std::string_view s, const PjlLimits& limits = {}) {
  return parse_pjl_header(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()),
      limits);
}

bool http(std::string_view s) {
  return looks_like_http(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

// Every string the result holds, so a test can prove no argument text reached it.
std::string all_text(const PjlJob& j) {
  std::string s = j.job_name.value_or("") + "|" + j.user_name.value_or("") + "|" +
                  j.paper.value_or("") + "|" + j.language.value_or("");
  for (const auto& d : j.dropped) s += "|" + d.keyword;
  return s;
}

TEST(PjlParser, NormalHeaderAppliesSettingsAndFindsThePayload) {
  const std::string header = kUel +
                             "@PJL JOB NAME=\"Quarterly report\"\n"
                             "@PJL SET USERNAME=\"alice\"\n"
                             "@PJL SET COPIES=3\n"
                             "@PJL SET DUPLEX=ON\n"
                             "@PJL SET BINDING=SHORTEDGE\n"
                             "@PJL SET RESOLUTION=600\n"
                             "@PJL SET RENDERMODE=GRAYSCALE\n"
                             "@PJL SET PAPER=a4\n"
                             "@PJL ENTER LANGUAGE=PDF\n";
  ASSERT_EQ(header.size(), 228u);
  auto job = parse(header + "%PDF-1.7\n%%EOF\n" + kUel + "@PJL EOJ\n" + kUel);
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->payload_offset, 228u);
  EXPECT_EQ(job->job_name, "Quarterly report");
  EXPECT_EQ(job->user_name, "alice");
  EXPECT_EQ(job->copies, 3);
  EXPECT_EQ(job->duplex, true);
  EXPECT_EQ(job->binding, PjlBinding::short_edge);
  EXPECT_EQ(job->resolution_dpi, 600);
  EXPECT_EQ(job->render_mode, PjlRenderMode::grayscale);
  EXPECT_EQ(job->paper, "A4");
  EXPECT_EQ(job->language, "PDF");
  EXPECT_TRUE(job->dropped.empty());
}

TEST(PjlParser, CrlfAndLowerCase) {
  const std::string header = kUel +
                             "@pjl job name=\"x\"\r\n"
                             "@Pjl set qty=2\r\n"
                             "@pjl set duplex=off\r\n"
                             "@pjl set binding=longedge\r\n"
                             "@pjl set rendermode=color\r\n"
                             "@pjl set resolution=300\r\n"
                             "@pjl enter language = pdf\r\n";
  auto job = parse(header + "%PDF-1.4\r\n");
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->payload_offset, header.size());
  EXPECT_EQ(job->job_name, "x");
  EXPECT_EQ(job->copies, 2);
  EXPECT_EQ(job->duplex, false);
  EXPECT_EQ(job->binding, PjlBinding::long_edge);
  EXPECT_EQ(job->render_mode, PjlRenderMode::color);
  EXPECT_EQ(job->resolution_dpi, 300);
  EXPECT_EQ(job->language, "PDF");
  EXPECT_TRUE(job->dropped.empty());
}

TEST(PjlParser, QuotedValuesKeepSpacesAndLoseControlCharacters) {
  auto job = parse(kUel +
                   "@PJL JOB NAME=\"My  report = v2: final.pdf\" START=1 DISPLAY=\"x y\"\n"
                   "@PJL SET USERNAME=\"Jane\tQ.\x01 Public \xC3\xA9\xFF\"\n"
                   "@PJL ENTER LANGUAGE=\"urf\"\nUNIRAST");
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->job_name, "My  report = v2: final.pdf");
  EXPECT_EQ(job->user_name, "JaneQ. Public \xC3\xA9\xFF");  // non-UTF-8 bytes kept as is
  EXPECT_EQ(job->language, "URF");
  EXPECT_TRUE(job->dropped.empty());
}

TEST(PjlParser, LaterSettingsWinAndUnknownLanguageIsKeptAsGiven) {
  auto job = parse(kUel +
                   "@PJL JOB NAME=\"first\"\n@PJL SET JOBNAME=\"second\"\n"
                   "@PJL SET COPIES=2\n@PJL SET COPIES=5\n@PJL ENTER LANGUAGE=Tek4014\n");
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->job_name, "second");
  EXPECT_EQ(job->copies, 5);
  EXPECT_EQ(job->language, "Tek4014");
}

TEST(PjlParser, NamesAreCutAtTheLimitOnACharacterBoundary) {
  const std::string long_name(300, 'n');
  auto job = parse(kUel + "@PJL JOB NAME=\"" + long_name + "\"\n@PJL SET USERNAME=\"" +
                   std::string(254, 'u') + "\xC3\xA9\"\n@PJL ENTER LANGUAGE=PDF\n");
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->job_name, std::string(255, 'n'));
  EXPECT_EQ(job->user_name, std::string(254, 'u'));  // the 2-byte character would not fit
}

struct DropRow {
  std::string_view line;
  std::string_view keyword;
  PjlDisposition disposition;
};

// Each line runs between a UEL and ENTER LANGUAGE=PDF. The result must hold the keyword and the
// language and nothing else: no path, password, message or value.
constexpr DropRow kDropRows[] = {
    {"@PJL FSDIRLIST NAME=\"0:\\..\\..\\etc\" ENTRY=1 COUNT=999", "FSDIRLIST",
     PjlDisposition::dangerous},
    {"@PJL FSUPLOAD NAME=\"0:\\..\\..\\etc\\passwd\" OFFSET=0 SIZE=4096", "FSUPLOAD",
     PjlDisposition::dangerous},
    {"@PJL FSDOWNLOAD FORMAT:BINARY SIZE=12 NAME=\"0:/../../etc/rc.local\"", "FSDOWNLOAD",
     PjlDisposition::dangerous},
    {"@PJL FSAPPEND FORMAT:BINARY SIZE=4 NAME=\"0:\\..\\..\\root\\.ssh\\authorized_keys\"",
     "FSAPPEND", PjlDisposition::dangerous},
    {"@PJL FSDELETE NAME=\"0:\\..\\..\\var\\log\\audit\"", "FSDELETE", PjlDisposition::dangerous},
    {"@PJL FSINIT VOLUME=\"0:\"", "FSINIT", PjlDisposition::dangerous},
    {"@PJL FSMKDIR NAME=\"0:\\..\\..\\tmp\\pwned\"", "FSMKDIR", PjlDisposition::dangerous},
    {"@PJL FSQUERY NAME=\"0:\\..\\..\\etc\\shadow\"", "FSQUERY", PjlDisposition::dangerous},
    {"@pjl fsdirlist name=\"0:/../secret_dir\" entry=1", "FSDIRLIST", PjlDisposition::dangerous},
    {"@PJL FSQUERY NAME=\"0:\\..\\unclosed", "FSQUERY", PjlDisposition::dangerous},
    {"@PJL DEFAULT COPIES=99", "DEFAULT", PjlDisposition::dangerous},
    {"@PJL DEFAULT LPARM:PCL SYMSET=ROMAN8", "DEFAULT", PjlDisposition::dangerous},
    {"@PJL DEFAULT PASSWORD=31337", "DEFAULT PASSWORD", PjlDisposition::dangerous},
    {"@PJL INITIALIZE", "INITIALIZE", PjlDisposition::dangerous},
    {"@PJL RESET", "RESET", PjlDisposition::dangerous},
    {"@PJL DMCMD ASCIIHEX=\"040006020501010301040106\"", "DMCMD", PjlDisposition::dangerous},
    {"@PJL DMINFO ASCIIHEX=\"0400040101020101\"", "DMINFO", PjlDisposition::dangerous},
    {"@PJL SET PASSWORD=31337", "SET PASSWORD", PjlDisposition::dangerous},
    {"@PJL JOB PASSWORD=31337", "JOB PASSWORD", PjlDisposition::dangerous},
    {"@PJL SET CPLOCK=ON", "SET CPLOCK", PjlDisposition::dangerous},
    {"@PJL SET DISKLOCK=ON", "SET DISKLOCK", PjlDisposition::dangerous},
    {"@PJL SET SERVICEMODE=HPBOISEID", "SET SERVICEMODE", PjlDisposition::dangerous},
    {"@PJL INFO STATUS", "INFO", PjlDisposition::ignored},
    {"@PJL INQUIRE PASSWORD", "INQUIRE", PjlDisposition::ignored},
    {"@PJL DINQUIRE COPIES", "DINQUIRE", PjlDisposition::ignored},
    {"@PJL ECHO secret 31337 \"unbalanced", "ECHO", PjlDisposition::ignored},
    {"@PJL USTATUS DEVICE=VERBOSE", "USTATUS", PjlDisposition::ignored},
    {"@PJL USTATUSOFF", "USTATUSOFF", PjlDisposition::ignored},
    {"@PJL RDYMSG DISPLAY=\"HACKED\"", "RDYMSG", PjlDisposition::ignored},
    {"@PJL OPMSG DISPLAY=\"INSERT COIN\"", "OPMSG", PjlDisposition::ignored},
    {"@PJL STMSG DISPLAY=\"PC LOAD LETTER\"", "STMSG", PjlDisposition::ignored},
    {"@PJL FOOBAR X=1", "FOOBAR", PjlDisposition::ignored},
    {"@PJL 0:\\..\\..\\etc\\passwd", "?", PjlDisposition::ignored},
    {"@PJL \"quoted\" X=1", "?", PjlDisposition::ignored},
    {"@PJL THISCOMMANDNAMEISLONGERTHANTHIRTYTWO", "?", PjlDisposition::ignored},
    {"@PJL SET FOO=BAR", "SET FOO", PjlDisposition::ignored},
    {"@PJL SET LPARM:PCL SYMSET=ROMAN8", "SET SYMSET", PjlDisposition::ignored},
    {"@PJL SET ../etc=1", "SET ?", PjlDisposition::ignored},
    {"@PJL SET", "SET", PjlDisposition::ignored},
    {"@PJL SET DUPLEX=MAYBE", "SET DUPLEX", PjlDisposition::ignored},
    {"@PJL SET BINDING=TOPEDGE", "SET BINDING", PjlDisposition::ignored},
    {"@PJL SET RESOLUTION=1200", "SET RESOLUTION", PjlDisposition::ignored},
    {"@PJL SET RENDERMODE=SEPIA", "SET RENDERMODE", PjlDisposition::ignored},
    {"@PJL SET PAPER=\"../../x\"", "SET PAPER", PjlDisposition::ignored},
    {"@PJL SET JOBNAME=\"\x01\x02\"", "SET JOBNAME", PjlDisposition::ignored},
    {"@PJL SET USERNAME=", "SET USERNAME", PjlDisposition::ignored},
};

TEST(PjlParser, DropsDangerousAndIgnoredCommandsByKeywordOnly) {
  for (const DropRow& row : kDropRows) {
    SCOPED_TRACE(row.line);
    const std::string header = kUel + std::string(row.line) + "\r\n@PJL ENTER LANGUAGE=PDF\n";
    auto job = parse(header + "%PDF-");
    ASSERT_TRUE(job.is_ok()) << job.status().to_string();
    const std::vector<PjlDroppedCommand> want = {{std::string(row.keyword), row.disposition}};
    EXPECT_EQ(job->dropped, want);
    EXPECT_EQ(all_text(*job), "|||PDF|" + std::string(row.keyword));
    EXPECT_EQ(job->payload_offset, header.size());
    EXPECT_FALSE(job->copies || job->duplex || job->binding || job->resolution_dpi ||
                 job->render_mode);
  }
}

TEST(PjlParser, SkipsCommentsEndOfJobAndBareLines) {
  const std::string header = kUel +
                             "@PJL\n@PJL COMMENT \"unbalanced 0:\\..\\etc\n"
                             "@PJL EOJ NAME=\"old\"\n@PJL JOB NAME=\"j\" USER=\"bob\" END=2\n"
                             "@PJL ENTER LANGUAGE=PCL\n";
  auto job = parse(header +
                   "\x1B"
                   "E");
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(all_text(*job), "j|||PCL");
  EXPECT_EQ(job->payload_offset, header.size());
}

TEST(PjlParser, CopiesOutOfRangeAreIgnored) {
  const struct {
    std::string_view value;
    std::optional<int> copies;
  } rows[] = {{"1", 1},
              {"999", 999},
              {"007", 7},
              {"0", std::nullopt},
              {"1000", std::nullopt},
              {"-1", std::nullopt},
              {"+2", std::nullopt},
              {"2x", std::nullopt},
              {"\"\"", std::nullopt},
              {"99999999999999999999", std::nullopt}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.value);
    auto job =
        parse(kUel + "@PJL SET COPIES=" + std::string(row.value) + "\n@PJL ENTER LANGUAGE=PDF\n");
    ASSERT_TRUE(job.is_ok()) << job.status().to_string();
    EXPECT_EQ(job->copies, row.copies);
    const std::vector<PjlDroppedCommand> none;
    const std::vector<PjlDroppedCommand> dropped = {{"SET COPIES", PjlDisposition::ignored}};
    EXPECT_EQ(job->dropped, row.copies ? none : dropped);
  }
}

TEST(PjlParser, StatusForBadHeaders) {
  const std::string long_line = "@PJL COMMENT " + std::string(5000, 'a') + "\n";
  const struct {
    std::string name;
    std::string data;
    StatusCode code;
  } rows[] = {
      {"empty", "", StatusCode::not_found},
      {"bare PDF", "%PDF-1.7\n", StatusCode::not_found},
      {"PJL without UEL", "@PJL ENTER LANGUAGE=PDF\n%PDF-", StatusCode::not_found},
      {"UEL alone", kUel, StatusCode::truncated},
      {"part of the UEL", "\x1B%-123", StatusCode::truncated},
      {"no ENTER", kUel + "@PJL JOB NAME=\"x\"\n@PJL SET COPIES=2\n", StatusCode::truncated},
      {"ENTER without LF", kUel + "@PJL ENTER LANGUAGE=PDF", StatusCode::truncated},
      {"part of @PJL", kUel + "@PJL SET COPIES=2\n@pj", StatusCode::truncated},
      {"part of a UEL", kUel + "@PJL SET COPIES=2\n\x1B%-12", StatusCode::truncated},
      {"over-long line", kUel + long_line + "@PJL ENTER LANGUAGE=PDF\n",
       StatusCode::limit_exceeded},
      {"over-long line, no LF", kUel + std::string(long_line, 0, 4500), StatusCode::limit_exceeded},
      {"open quote in JOB", kUel + "@PJL JOB NAME=\"abc\n@PJL ENTER LANGUAGE=PDF\n",
       StatusCode::malformed_data},
      {"open quote in SET", kUel + "@PJL SET USERNAME=\"bob\r\n%PDF-", StatusCode::malformed_data},
      {"open quote in ENTER", kUel + "@PJL ENTER LANGUAGE=\"PDF\n", StatusCode::malformed_data},
      {"ENTER alone", kUel + "@PJL ENTER\n%PDF-", StatusCode::malformed_data},
      {"ENTER empty", kUel + "@PJL ENTER LANGUAGE=\n%PDF-", StatusCode::malformed_data},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    auto job = parse(row.data);
    ASSERT_FALSE(job.is_ok());
    EXPECT_EQ(job.status().code(), row.code) << job.status().to_string();
  }
}

TEST(PjlParser, LineLimitIsExact) {
  const std::string at_limit = "@PJL COMMENT " + std::string(4096 - 13, 'a');
  ASSERT_EQ(at_limit.size(), 4096u);
  EXPECT_TRUE(parse(kUel + at_limit + "\r\n@PJL ENTER LANGUAGE=PDF\n").is_ok());
  auto over = parse(kUel + at_limit + "a\r\n@PJL ENTER LANGUAGE=PDF\n");
  ASSERT_FALSE(over.is_ok());
  EXPECT_EQ(over.status().code(), StatusCode::limit_exceeded);
}

TEST(PjlParser, CommandLimitIsExact) {
  std::string comments;
  for (int i = 0; i < 999; ++i) comments += "@PJL COMMENT\n";
  const std::string enter = "@PJL ENTER LANGUAGE=PDF\n";
  auto at_limit = parse(kUel + comments + enter);  // 1000 commands with ENTER
  ASSERT_TRUE(at_limit.is_ok()) << at_limit.status().to_string();
  EXPECT_EQ(at_limit->payload_offset, 9u + 999u * 13u + 24u);
  auto over = parse(kUel + comments + "@PJL COMMENT\n" + enter);
  ASSERT_FALSE(over.is_ok());
  EXPECT_EQ(over.status().code(), StatusCode::limit_exceeded);
}

TEST(PjlParser, HeaderLimit) {
  // 700 lines of 100 bytes: under the command limit, over 64 KiB.
  std::string header = kUel;
  for (int i = 0; i < 700; ++i) header += "@PJL COMMENT " + std::string(86, 'c') + "\n";
  auto big = parse(header + "@PJL ENTER LANGUAGE=PDF\n%PDF-");
  ASSERT_FALSE(big.is_ok());
  EXPECT_EQ(big.status().code(), StatusCode::limit_exceeded);

  // The bound is exact: UEL (9) + ENTER line (24) is a 33-byte header.
  const std::string small = kUel + "@PJL ENTER LANGUAGE=PDF\n%PDF-";
  PjlLimits limits;
  limits.max_header_bytes = 33;
  auto fits = parse(small, limits);
  ASSERT_TRUE(fits.is_ok()) << fits.status().to_string();
  EXPECT_EQ(fits->payload_offset, 33u);
  limits.max_header_bytes = 32;
  auto over = parse(small, limits);
  ASSERT_FALSE(over.is_ok());
  EXPECT_EQ(over.status().code(), StatusCode::limit_exceeded);
  // Input that ends past the bound without a payload is over it, not truncated.
  auto ends = parse(kUel + "@PJL COMMENT " + std::string(40, 'c'), limits);
  ASSERT_FALSE(ends.is_ok());
  EXPECT_EQ(ends.status().code(), StatusCode::limit_exceeded);
}

TEST(PjlParser, FirstLineWithoutPjlStartsAnImpliedLanguagePayload) {
  const std::string header = kUel + "@PJL JOB NAME=\"ps\"\r\n@PJL SET COPIES=2\r\n";
  auto job = parse(header + "%!PS-Adobe-3.0\r\n@PJL SET COPIES=9\r\n");
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->payload_offset, header.size());
  EXPECT_EQ(job->language, std::nullopt);
  EXPECT_EQ(job->copies, 2);
  EXPECT_EQ(job->job_name, "ps");

  auto glued = parse(kUel + "@PJL SET COPIES=2\n@PJLX\n");  // not a PJL line
  ASSERT_TRUE(glued.is_ok()) << glued.status().to_string();
  EXPECT_EQ(glued->payload_offset, 9u + 18u);
}

TEST(PjlParser, UelFollowedDirectlyByDocumentData) {
  auto pdf = parse(kUel + "%PDF-1.7\n1 0 obj\n");
  ASSERT_TRUE(pdf.is_ok()) << pdf.status().to_string();
  EXPECT_EQ(pdf->payload_offset, 9u);
  EXPECT_EQ(pdf->language, std::nullopt);
  EXPECT_EQ(all_text(*pdf), "|||");

  // Binary data with no LF for longer than a line is a payload, not an over-long line.
  auto raster = parse(kUel + "RaS2" + std::string(10000, '\0'));
  ASSERT_TRUE(raster.is_ok()) << raster.status().to_string();
  EXPECT_EQ(raster->payload_offset, 9u);
}

TEST(PjlParser, AnotherUelEndsTheHeader) {
  const std::string header = kUel + "@PJL JOB NAME=\"empty\"\n";
  auto job = parse(header + kUel + "@PJL EOJ\n" + kUel);
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  EXPECT_EQ(job->payload_offset, header.size());
  EXPECT_EQ(job->job_name, "empty");
  EXPECT_EQ(job->language, std::nullopt);
}

TEST(PjlParser, LooksLikeHttp) {
  const struct {
    std::string_view data;
    bool http;
  } rows[] = {
      {"GET / HTTP/1.1\r\n", true},
      {"POST /print HTTP/1.1\r\nHost: printer:9100\r\n", true},
      {"PUT /x HTTP/1.1", true},
      {"HEAD / HTTP/1.0", true},
      {"OPTIONS * HTTP/1.1", true},
      {"DELETE /x HTTP/1.1", true},
      {"PATCH /x HTTP/1.1", true},
      {"CONNECT printer:9100 HTTP/1.1", true},
      {"TRACE / HTTP/1.1", true},
      {"get / HTTP/1.1", false},
      {"GET/ HTTP/1.1", false},
      {"GET", false},
      {" GET / HTTP/1.1", false},
      {"POSTSCRIPT", false},
      {"\x1B%-12345X@PJL\n", false},
      {"%PDF-1.7", false},
      {"", false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.data);
    EXPECT_EQ(http(row.data), row.http);
  }
}

}  // namespace
}  // namespace mfp::stages::rip
