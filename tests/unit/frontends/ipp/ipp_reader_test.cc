#include "frontends/ipp/ipp_reader.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/unit/frontends/ipp/ipp_test_bytes.h"

namespace mfp::frontends::ipp {
namespace {

using pipeline::StatusCode;
using testing::IppTestBytes;

constexpr auto kOp = static_cast<std::uint16_t>(IppOperation::get_printer_attributes);

// A Get-Printer-Attributes as ipptool/CUPS sends it: charset, language, printer-uri,
// requesting-user-name and requested-attributes as a 1setOf keyword.
IppTestBytes get_printer_attributes() {
  IppTestBytes b;
  b.header(kOp, 1).operation_group();
  b.attr(IppValueTag::name_without_language, "requesting-user-name", "alice");
  b.attr(IppValueTag::keyword, "requested-attributes", "printer-description");
  b.attr(IppValueTag::keyword, "", "job-template");
  b.attr(IppValueTag::keyword, "", "media-col-database");
  b.end();
  return b;
}

TEST(IppReader, ParsesGetPrinterAttributesAsCupsSendsIt) {
  const IppTestBytes b = get_printer_attributes();
  IppError error;
  auto r = IppReader::parse(b.bytes, IppLimits{}, &error);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const IppMessage& m = r->message;
  EXPECT_EQ(m.version_major, 2);
  EXPECT_EQ(m.version_minor, 0);
  EXPECT_EQ(m.operation(), IppOperation::get_printer_attributes);
  EXPECT_EQ(m.request_id, 1);
  ASSERT_EQ(m.groups.size(), 1u);
  EXPECT_EQ(m.groups[0].tag, IppGroupTag::operation);
  ASSERT_EQ(m.groups[0].attributes.size(), 5u);
  EXPECT_EQ(m.groups[0].attributes[0].name, "attributes-charset");
  const IppAttribute* req = m.find(IppGroupTag::operation, "requested-attributes");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->values.size(), 3u);
  EXPECT_EQ(req->values[0], IppValue::keyword("printer-description"));
  EXPECT_EQ(req->values[2], IppValue::keyword("media-col-database"));
  const IppAttribute* uri = m.find(IppGroupTag::operation, "printer-uri");
  ASSERT_NE(uri, nullptr);
  EXPECT_EQ(uri->values[0].tag, IppValueTag::uri);
  EXPECT_EQ(m.find(IppGroupTag::job, "printer-uri"), nullptr);
  EXPECT_EQ(r->document_offset, b.bytes.size());
}

TEST(IppReader, DocumentDataStartsAfterEndOfAttributes) {
  IppTestBytes b;
  b.header(static_cast<std::uint16_t>(IppOperation::print_job), 7).operation_group();
  b.attr(IppValueTag::name_without_language, "job-name", "report");
  b.attr(IppValueTag::mime_media_type, "document-format", "application/pdf");
  b.group(IppGroupTag::job).integer(IppValueTag::integer, "copies", 2);
  b.end();
  const std::size_t header = b.bytes.size();
  b.raw("%PDF-1.7\n\x03\x01 binary");
  auto r = IppReader::parse(b.bytes, IppLimits{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->document_offset, header);
  EXPECT_EQ(r->message.operation(), IppOperation::print_job);
  ASSERT_EQ(r->message.groups.size(), 2u);
  const IppAttribute* copies = r->message.find(IppGroupTag::job, "copies");
  ASSERT_NE(copies, nullptr);
  EXPECT_EQ(copies->values[0], IppValue::integer(2));
}

TEST(IppReader, ParsesNestedMediaColCollection) {
  IppTestBytes b;
  b.header(static_cast<std::uint16_t>(IppOperation::validate_job), 3).operation_group();
  b.group(IppGroupTag::job).beg_collection("media-col");
  b.member("media-size").attr(IppValueTag::beg_collection, "", "");
  b.member("x-dimension").integer(IppValueTag::integer, "", 21000);
  b.member("y-dimension").integer(IppValueTag::integer, "", 29700);
  b.end_collection();
  b.member("media-source").attr(IppValueTag::keyword, "", "tray-1");
  b.member("media-type").attr(IppValueTag::keyword, "", "stationery");
  b.attr(IppValueTag::keyword, "", "cardstock");  // a 1setOf member
  b.end_collection();
  b.attr(IppValueTag::keyword, "sides", "two-sided-long-edge");
  b.end();
  auto r = IppReader::parse(b.bytes, IppLimits{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const IppAttribute* media_col = r->message.find(IppGroupTag::job, "media-col");
  ASSERT_NE(media_col, nullptr);
  const IppCollection* c = media_col->values.at(0).as_collection();
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->members.size(), 3u);
  const IppAttribute* size = c->find("media-size");
  ASSERT_NE(size, nullptr);
  const IppCollection* sc = size->values.at(0).as_collection();
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(sc->find("y-dimension")->values.at(0), IppValue::integer(29700));
  EXPECT_EQ(c->find("media-type")->values.size(), 2u);
  EXPECT_NE(r->message.find(IppGroupTag::job, "sides"), nullptr);
}

TEST(IppReader, EveryTruncationIsBadRequestWithRequestIdWhenPresent) {
  IppTestBytes b;
  b.header(static_cast<std::uint16_t>(IppOperation::validate_job), 0x01020304).operation_group();
  b.group(IppGroupTag::job).beg_collection("media-col");
  b.member("media-size").attr(IppValueTag::beg_collection, "", "");
  b.member("x-dimension").integer(IppValueTag::integer, "", 21000);
  b.end_collection().end_collection();
  b.attr(IppValueTag::text_with_language, "job-name", std::string("\0\2en\0\1x", 7));
  b.end();
  ASSERT_TRUE(IppReader::parse(b.bytes, IppLimits{}).is_ok());
  for (std::size_t n = 0; n < b.bytes.size(); ++n) {
    IppError error;
    auto r = IppReader::parse(std::span(b.bytes).first(n), IppLimits{}, &error);
    ASSERT_FALSE(r.is_ok()) << "prefix " << n;
    EXPECT_EQ(error.status, IppStatus::client_error_bad_request) << "prefix " << n;
    EXPECT_EQ(r.status().code(), StatusCode::truncated) << "prefix " << n;
    EXPECT_EQ(error.request_id, n >= 8 ? 0x01020304 : 0) << "prefix " << n;
  }
}

struct MalformedCase {
  const char* name;
  IppTestBytes bytes;
  IppStatus status;
  StatusCode code;
};

// Header, operation group (charset, language, printer-uri), then `tail` (no end tag added).
IppTestBytes request_with(const IppTestBytes& tail) {
  IppTestBytes b;
  b.header(kOp, 42).operation_group();
  b.bytes.insert(b.bytes.end(), tail.bytes.begin(), tail.bytes.end());
  return b;
}

std::vector<MalformedCase> malformed_cases() {
  using S = IppStatus;
  using C = StatusCode;
  constexpr auto kInt = static_cast<std::uint8_t>(IppValueTag::integer);
  std::vector<MalformedCase> cases;
  auto add = [&](const char* name, IppTestBytes tail, S s, C c) {
    cases.push_back({name, request_with(tail), s, c});
  };
  add("value length past the end", IppTestBytes().u8(0x44).u16(1).raw("a").u16(0x0100).raw("abc"),
      S::client_error_bad_request, C::truncated);
  add("huge value length", IppTestBytes().u8(0x44).u16(1).raw("a").u16(0x7FFF).raw("abc"),
      S::client_error_bad_request, C::truncated);
  add("negative value length", IppTestBytes().u8(0x44).u16(1).raw("a").u16(0xFFFF).raw("abc"),
      S::client_error_bad_request, C::malformed_data);
  add("negative name length", IppTestBytes().u8(0x44).u16(0x8000).raw("abc"),
      S::client_error_bad_request, C::malformed_data);
  add("integer of 2 bytes", IppTestBytes().attr(kInt, "copies", "\0\1").end(),
      S::client_error_bad_request, C::malformed_data);
  add("enum of 5 bytes", IppTestBytes().attr(0x23, "finishings", "\0\0\0\3\0").end(),
      S::client_error_bad_request, C::malformed_data);
  add("boolean of 2 bytes", IppTestBytes().attr(0x22, "b", "\1\1").end(),
      S::client_error_bad_request, C::malformed_data);
  add("boolean value 2", IppTestBytes().attr(0x22, "b", "\2").end(), S::client_error_bad_request,
      C::malformed_data);
  add("dateTime of 10 bytes", IppTestBytes().attr(0x31, "d", std::string(10, '\0')).end(),
      S::client_error_bad_request, C::malformed_data);
  add("resolution of 8 bytes", IppTestBytes().attr(0x32, "r", std::string(8, '\0')).end(),
      S::client_error_bad_request, C::malformed_data);
  add("rangeOfInteger of 9 bytes", IppTestBytes().attr(0x33, "r", std::string(9, '\0')).end(),
      S::client_error_bad_request, C::malformed_data);
  add("begCollection with a value", IppTestBytes().attr(0x34, "c", "x").end(),
      S::client_error_bad_request, C::malformed_data);
  add("textWithLanguage with inconsistent lengths",
      IppTestBytes().attr(0x35, "t", std::string("\0\2en\0\5ab", 8)).end(),
      S::client_error_bad_request, C::malformed_data);
  add("memberAttrName outside a collection", IppTestBytes().member("x-dimension").end(),
      S::client_error_bad_request, C::malformed_data);
  add("endCollection without begCollection", IppTestBytes().end_collection().end(),
      S::client_error_bad_request, C::malformed_data);
  add("collection value before memberAttrName",
      IppTestBytes()
          .beg_collection("c")
          .integer(IppValueTag::integer, "", 1)
          .end_collection()
          .end(),
      S::client_error_bad_request, C::malformed_data);
  add("collection member without a value",
      IppTestBytes().beg_collection("c").member("a").end_collection().end(),
      S::client_error_bad_request, C::malformed_data);
  add("named value inside a collection",
      IppTestBytes()
          .beg_collection("c")
          .member("a")
          .integer(IppValueTag::integer, "n", 1)
          .end_collection()
          .end(),
      S::client_error_bad_request, C::malformed_data);
  add("collection not closed", IppTestBytes().beg_collection("c").member("a").end(),
      S::client_error_bad_request, C::malformed_data);
  add("duplicate collection member",
      IppTestBytes()
          .beg_collection("c")
          .member("a")
          .integer(IppValueTag::integer, "", 1)
          .member("a")
          .integer(IppValueTag::integer, "", 2)
          .end_collection()
          .end(),
      S::client_error_bad_request, C::malformed_data);
  add("duplicate attribute", IppTestBytes().attr(0x44, "printer-uri", "x").end(),
      S::client_error_bad_request, C::malformed_data);
  add("extension tag 0x7F", IppTestBytes().attr(0x7F, "x", "\0\0\0\1").end(),
      S::client_error_bad_request, C::malformed_data);
  add("tag 0x80", IppTestBytes().attr(0x80, "x", "").end(), S::client_error_bad_request,
      C::malformed_data);
  add("reserved delimiter 0x00", IppTestBytes().u8(0x00).end(), S::client_error_bad_request,
      C::malformed_data);
  add("keyword of 256 bytes", IppTestBytes().attr(0x44, "k", std::string(256, 'a')).end(),
      S::client_error_request_value_too_long, C::limit_exceeded);
  add("text of 1024 bytes", IppTestBytes().attr(0x41, "t", std::string(1024, 'a')).end(),
      S::client_error_request_value_too_long, C::limit_exceeded);
  add("uri of 1024 bytes", IppTestBytes().attr(0x45, "u", std::string(1024, 'a')).end(),
      S::client_error_request_value_too_long, C::limit_exceeded);
  add("charset of 64 bytes", IppTestBytes().attr(0x47, "c", std::string(64, 'a')).end(),
      S::client_error_request_value_too_long, C::limit_exceeded);
  add("attribute name of 256 bytes", IppTestBytes().attr(0x44, std::string(256, 'n'), "a").end(),
      S::client_error_request_value_too_long, C::limit_exceeded);
  add("nameWithLanguage name of 256 bytes",
      IppTestBytes().attr(0x36, "n", std::string("\0\2en\1\0", 6) + std::string(256, 'a')).end(),
      S::client_error_request_value_too_long, C::limit_exceeded);

  // Whole messages.
  cases.push_back({"empty input", IppTestBytes(), S::client_error_bad_request, C::truncated});
  cases.push_back(
      {"header only", IppTestBytes().header(kOp, 42), S::client_error_bad_request, C::truncated});
  cases.push_back({"value tag before any group",
                   IppTestBytes().header(kOp, 42).charset_and_language().end(),
                   S::client_error_bad_request, C::malformed_data});
  cases.push_back(
      {"additional value as first attribute",
       IppTestBytes().header(kOp, 42).group(IppGroupTag::operation).attr(0x47, "", "utf-8").end(),
       S::client_error_bad_request, C::malformed_data});
  cases.push_back({"version 3.0", IppTestBytes().header(kOp, 42, 3, 0).operation_group().end(),
                   S::server_error_version_not_supported, C::unsupported});
  cases.push_back({"version 0.1", IppTestBytes().header(kOp, 42, 0, 1).operation_group().end(),
                   S::server_error_version_not_supported, C::unsupported});
  return cases;
}

TEST(IppReader, MalformedRequestsGetTheRightIppStatus) {
  for (const MalformedCase& c : malformed_cases()) {
    IppError error;
    auto r = IppReader::parse(c.bytes.bytes, IppLimits{}, &error);
    ASSERT_FALSE(r.is_ok()) << c.name;
    EXPECT_EQ(error.status, c.status) << c.name << ": " << error.message;
    EXPECT_EQ(r.status().code(), c.code) << c.name << ": " << r.status().to_string();
    if (c.bytes.bytes.size() >= 8) {
      EXPECT_EQ(error.request_id, 42) << c.name;
    }
    EXPECT_FALSE(error.message.empty()) << c.name;
  }
}

TEST(IppReader, VersionNotSupportedEchoesRequestIdFromEightBytes) {
  IppTestBytes b;
  b.header(kOp, 0x7A5A5A5A, 3, 0);
  IppError error;
  auto r = IppReader::parse(b.bytes, IppLimits{}, &error);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(error.status, IppStatus::server_error_version_not_supported);
  EXPECT_EQ(error.request_id, 0x7A5A5A5A);
}

TEST(IppReader, AcceptsIpp1xAndValuesAtTheirLimits) {
  IppTestBytes b;
  b.header(kOp, 5, 1, 1).operation_group();
  b.attr(IppValueTag::keyword, "k", std::string(255, 'k'));
  b.attr(IppValueTag::text_without_language, "t", std::string(1023, 't'));
  b.attr(IppValueTag::no_value, "n", "ignored");   // out-of-band octets are ignored
  b.attr(0x38, "opaque", std::string(5000, 'o'));  // unassigned octetString tag
  b.end();
  auto r = IppReader::parse(b.bytes, IppLimits{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->message.find(IppGroupTag::operation, "n")->values[0],
            IppValue::out_of_band(IppValueTag::no_value));
  EXPECT_EQ(r->message.find(IppGroupTag::operation, "opaque")->values[0].as_string()->size(),
            5000u);
}

IppError parse_error(const std::vector<std::uint8_t>& bytes, const IppLimits& limits) {
  IppError error;
  auto r = IppReader::parse(bytes, limits, &error);
  EXPECT_FALSE(r.is_ok());
  return error;
}

TEST(IppReader, ThousandDeepCollectionIsTooLarge) {
  IppTestBytes b;
  b.header(kOp, 9).operation_group().group(IppGroupTag::job).beg_collection("c");
  for (int i = 0; i < 1000; ++i) b.member("c").attr(IppValueTag::beg_collection, "", "");
  for (int i = 0; i < 1001; ++i) b.end_collection();
  b.end();
  EXPECT_EQ(parse_error(b.bytes, IppLimits{}).status,
            IppStatus::client_error_request_entity_too_large);
}

TEST(IppReader, CollectionDepthLimitIsExact) {
  auto nested = [](int depth) {
    IppTestBytes b;
    b.header(kOp, 9).operation_group().group(IppGroupTag::job).beg_collection("c");
    for (int i = 1; i < depth; ++i) b.member("c").attr(IppValueTag::beg_collection, "", "");
    b.member("x").integer(IppValueTag::integer, "", 1);
    for (int i = 0; i < depth; ++i) b.end_collection();
    return b.end();
  };
  IppLimits limits;
  limits.max_collection_depth = 3;
  EXPECT_TRUE(IppReader::parse(nested(3).bytes, limits).is_ok());
  EXPECT_EQ(parse_error(nested(4).bytes, limits).status,
            IppStatus::client_error_request_entity_too_large);
}

TEST(IppReader, HundredThousandAttributesAreTooLarge) {
  IppTestBytes b;
  b.header(kOp, 9).operation_group().group(IppGroupTag::job);
  for (int i = 0; i < 100000; ++i) b.integer(IppValueTag::integer, "a" + std::to_string(i), 1);
  b.end();
  EXPECT_EQ(parse_error(b.bytes, IppLimits{}).status,
            IppStatus::client_error_request_entity_too_large);
}

TEST(IppReader, ManyEmptyGroupsAreTooLarge) {
  IppTestBytes b;
  b.header(kOp, 9).operation_group();
  for (int i = 0; i < 100000; ++i) b.group(IppGroupTag::job);
  b.end();
  EXPECT_EQ(parse_error(b.bytes, IppLimits{}).status,
            IppStatus::client_error_request_entity_too_large);
}

TEST(IppReader, TooManyValuesAreTooLarge) {
  IppTestBytes b;
  b.header(kOp, 9).operation_group().attr(IppValueTag::keyword, "requested-attributes", "all");
  for (int i = 0; i < 1000; ++i) b.attr(IppValueTag::keyword, "", "all");
  b.end();
  EXPECT_EQ(parse_error(b.bytes, IppLimits{}).status,
            IppStatus::client_error_request_entity_too_large);
}

TEST(IppReader, TotalValuesAreBounded) {
  IppLimits limits;
  limits.max_values = 8;  // the operation group holds 3
  IppTestBytes ok;
  ok.header(kOp, 9).operation_group().attr(IppValueTag::keyword, "requested-attributes", "a");
  for (int i = 0; i < 4; ++i) ok.attr(IppValueTag::keyword, "", "b");
  EXPECT_TRUE(IppReader::parse(ok.end().bytes, limits).is_ok());

  IppTestBytes b;
  b.header(kOp, 9).operation_group().group(IppGroupTag::job).beg_collection("media-col");
  for (int i = 0; i < 5; ++i) b.member("m" + std::to_string(i)).attr(IppValueTag::keyword, "", "v");
  b.end_collection().end();
  EXPECT_EQ(parse_error(b.bytes, limits).status, IppStatus::client_error_request_entity_too_large);
}

TEST(IppReader, HeaderBytesLimit) {
  IppLimits limits;
  limits.max_header_bytes = 400;
  IppTestBytes small = get_printer_attributes();
  ASSERT_LT(small.bytes.size(), 400u);
  small.raw(std::string(1000, 'D'));  // document data past the bound is fine
  EXPECT_TRUE(IppReader::parse(small.bytes, limits).is_ok());

  IppTestBytes big;
  big.header(kOp, 9).operation_group();
  big.attr(IppValueTag::text_without_language, "job-name", std::string(600, 'x')).end();
  EXPECT_EQ(parse_error(big.bytes, limits).status,
            IppStatus::client_error_request_entity_too_large);
}

// Memory held by a parsed message stays a small multiple of its size, even when every value is
// as long as its tag allows.
TEST(IppReader, ParsedMessageMemoryIsBoundedByInput) {
  IppTestBytes b;
  b.header(kOp, 9).operation_group().group(IppGroupTag::job);
  for (int i = 0; i < 1500; ++i) b.integer(IppValueTag::integer, "a" + std::to_string(i), 1);
  b.end();
  const std::size_t before = mallinfo2().uordblks;
  auto r = IppReader::parse(b.bytes, IppLimits{});
  const std::size_t after = mallinfo2().uordblks;
  ASSERT_TRUE(r.is_ok());
  const std::size_t held = after > before ? after - before : 0;
  EXPECT_LT(held, 64 * b.bytes.size()) << "input " << b.bytes.size() << " bytes";
}

TEST(IppReader, ErrorArgumentIsOptional) {
  const std::vector<std::uint8_t> junk = {2, 0, 0, 0x0B, 0, 0, 0, 1, 0x01, 0x47};
  auto r = IppReader::parse(junk, IppLimits{});
  EXPECT_EQ(r.status().code(), StatusCode::truncated);
}

}  // namespace
}  // namespace mfp::frontends::ipp
