// read_ticket(): the IPP attributes of a job-creating request -> job options and print ticket,
// as a table: each row one job template or document attribute value, whether it is taken or
// reported unsupported, and what it sets; then fidelity, format, compression and conflicts.

#include "frontends/ipp/job_ticket.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace mfp::frontends::ipp {
namespace {

const std::vector<std::string> kFormats = {"application/pdf", "image/pwg-raster", "image/jpeg"};

PrinterDescription printer() {
  PrinterDescription d;
  d.trays = {{"tray-1", "iso_a4_210x297mm", "stationery", 500, 500},
             {"bypass", "iso_a5_148x210mm", "cardstock", 100, 100}};
  return d;
}

IppMessage request_with(std::vector<IppAttribute> job, std::vector<IppAttribute> op = {}) {
  IppMessage m;
  for (auto& a : op) m.add(IppGroupTag::operation, std::move(a));
  for (auto& a : job) m.add(IppGroupTag::job, std::move(a));
  return m;
}

IppAttribute attr(std::string name, IppValue v) {
  return IppAttribute(std::move(name), std::move(v));
}

IppValue collection(std::vector<IppAttribute> members) {
  IppCollection c;
  c.members = std::move(members);
  return IppValue::collection(std::move(c));
}

IppValue media_size(std::int32_t x, std::int32_t y) {
  return collection(
      {attr("x-dimension", IppValue::integer(x)), attr("y-dimension", IppValue::integer(y))});
}

struct Row {
  const char* what;
  IppAttribute attribute;
  bool taken;
  std::function<bool(const JobTicket&)> sets;  // checked when taken
};

std::vector<Row> rows() {
  using V = IppValue;
  return {
      {"copies 3", attr("copies", V::integer(3)), true, [](auto& t) { return t.copies == 3u; }},
      {"copies 0", attr("copies", V::integer(0)), false, nullptr},
      {"copies 1000", attr("copies", V::integer(1000)), false, nullptr},
      {"monochrome", attr("print-color-mode", V::keyword("monochrome")), true,
       [](auto& t) { return t.options.color_mode == pipeline::ColorMode::monochrome; }},
      {"color mode bi-level", attr("print-color-mode", V::keyword("bi-level")), false, nullptr},
      {"300 dpi", attr("printer-resolution", V::resolution({300, 300, 3})), true,
       [](auto& t) { return t.options.dpi == 300u; }},
      {"1200 dpi", attr("printer-resolution", V::resolution({1200, 1200, 3})), false, nullptr},
      {"duplex", attr("sides", V::keyword("two-sided-long-edge")), true,
       [](auto& t) { return t.options.sides == pipeline::Sides::two_sided_long_edge; }},
      {"sides bogus", attr("sides", V::keyword("three-sided")), false, nullptr},
      {"draft quality", attr("print-quality", V::enumeration(3)), true,
       [](auto& t) { return t.print.print_quality == 3 && t.options.dpi == 300u; }},
      {"landscape", attr("orientation-requested", V::enumeration(4)), true,
       [](auto& t) { return t.options.layout.orientation == pipeline::Orientation::landscape; }},
      {"orientation 7", attr("orientation-requested", V::enumeration(7)), false, nullptr},
      {"hold indefinite", attr("job-hold-until", V::keyword("indefinite")), true,
       [](auto& t) { return t.hold; }},
      {"hold until evening", attr("job-hold-until", V::keyword("evening")), false, nullptr},
      {"scaling fit", attr("print-scaling", V::keyword("fit")), true,
       [](auto& t) { return t.options.layout.scaling == pipeline::Scaling::fit; }},
      {"letter", attr("media", V::keyword("na_letter_8.5x11in")), true,
       [](auto& t) { return t.print.media == "na_letter_8.5x11in"; }},
      {"media unknown", attr("media", V::keyword("iso_a0_841x1189mm")), false, nullptr},
      {"media-col A5 size",
       attr("media-col", collection({attr("media-size", media_size(14800, 21000))})), true,
       [](auto& t) { return t.print.media == "iso_a5_148x210mm"; }},
      {"media-col bypass",
       attr("media-col", collection({attr("media-source", V::keyword("by-pass-tray"))})), true,
       [](auto& t) { return t.options.layout.tray == "bypass"; }},
      {"media-col tray 9",
       attr("media-col", collection({attr("media-source", V::keyword("tray-9"))})), false, nullptr},
      {"2-up", attr("number-up", V::integer(2)), true,
       [](auto& t) { return t.options.layout.number_up == 2u; }},
      {"3-up", attr("number-up", V::integer(3)), false, nullptr},
      {"pages 2-3", attr("page-ranges", V::range({2, 3})), true,
       [](auto& t) {
         return t.options.page_ranges.size() == 1 && t.options.page_ranges[0].first == 2u;
       }},
      {"pages 3-2", attr("page-ranges", V::range({3, 2})), false, nullptr},
      {"output bin", attr("output-bin", V::keyword("face-down")), true,
       [](auto& t) { return t.print.output_bin == "face-down"; }},
      {"output bin top", attr("output-bin", V::keyword("top")), false, nullptr},
      {"staple", attr("finishings", V::enumeration(4)), false, nullptr},
      {"no finishing", attr("finishings", V::enumeration(3)), true, [](auto&) { return true; }},
      {"uncollated",
       attr("multiple-document-handling", V::keyword("separate-documents-uncollated-copies")),
       false, nullptr},
      {"priority 50", attr("job-priority", V::integer(50)), true, [](auto&) { return true; }},
  };
}

TEST(JobTicket, EachJobTemplateValueIsTakenOrReportedUnsupported) {
  const PrinterDescription d = printer();
  for (const Row& row : rows()) {
    JobTicket t;
    const bool accepted = read_ticket(request_with({row.attribute}), kFormats, d, t);
    EXPECT_TRUE(accepted) << row.what << ": without fidelity nothing refuses the job";
    const bool reported =
        std::any_of(t.unsupported.begin(), t.unsupported.end(),
                    [&](const IppAttribute& u) { return u.name == row.attribute.name; });
    EXPECT_EQ(reported, !row.taken) << row.what;
    if (row.taken && row.sets) {
      EXPECT_TRUE(row.sets(t)) << row.what;
    }
  }
}

TEST(JobTicket, DefaultsComeFromThePrinter) {
  JobTicket t;
  ASSERT_TRUE(read_ticket(request_with({}), kFormats, printer(), t));
  EXPECT_EQ(t.print.media, "iso_a4_210x297mm");
  EXPECT_EQ(t.print.print_color_mode, "auto");
  EXPECT_EQ(t.options.color_mode, pipeline::ColorMode::automatic);
  EXPECT_EQ(t.copies, 1u);
  EXPECT_TRUE(t.format.empty());
  EXPECT_EQ(t.compression, Compression::none);
  EXPECT_TRUE(t.unsupported.empty());
}

TEST(JobTicket, FidelityTurnsAnUnsupportedValueIntoARefusal) {
  JobTicket t;
  EXPECT_FALSE(read_ticket(request_with({attr("copies", IppValue::integer(0))},
                                        {attr("ipp-attribute-fidelity", IppValue::boolean(true))}),
                           kFormats, printer(), t));
  JobTicket lax;
  EXPECT_TRUE(read_ticket(request_with({attr("copies", IppValue::integer(0))},
                                       {attr("ipp-attribute-fidelity", IppValue::boolean(false))}),
                          kFormats, printer(), lax));
}

TEST(JobTicket, DocumentFormatAndCompression) {
  struct Case {
    const char* format;
    const char* compression;
    bool accepted;
    IppStatus refusal;
  };
  const Case cases[] = {
      {"application/pdf", "none", true, IppStatus::successful_ok},
      {"application/octet-stream", "gzip", true, IppStatus::successful_ok},
      {"image/pwg-raster", "deflate", true, IppStatus::successful_ok},
      {"text/plain", "none", false, IppStatus::client_error_document_format_not_supported},
      {"application/pdf", "compress", false, IppStatus::client_error_compression_not_supported},
  };
  for (const Case& c : cases) {
    JobTicket t;
    const bool ok = read_ticket(
        request_with(
            {}, {attr("document-format", IppValue::string(IppValueTag::mime_media_type, c.format)),
                 attr("compression", IppValue::keyword(c.compression))}),
        kFormats, printer(), t);
    EXPECT_EQ(ok, c.accepted) << c.format << " " << c.compression;
    EXPECT_EQ(t.refusal, c.refusal) << c.format << " " << c.compression;
  }
}

TEST(JobTicket, APasswordTooLongIsUnsupportedAndNeverKept) {
  JobTicket t;
  (void)read_ticket(
      request_with({}, {attr("document-password",
                             IppValue::string(IppValueTag::octet_string, std::string(200, 'p')))}),
      kFormats, printer(), t);
  EXPECT_EQ(t.options.document_password, nullptr);
  ASSERT_EQ(t.unsupported.size(), 1u);
  EXPECT_EQ(t.unsupported[0].name, "document-password");
  // The unsupported entry carries no value (the password is not echoed back).
  EXPECT_EQ(t.unsupported[0].values.front().tag, IppValueTag::unsupported);
}

}  // namespace
}  // namespace mfp::frontends::ipp
