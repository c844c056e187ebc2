#include "frontends/ipp/ipp_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frontends/ipp/ipp_reader.h"
#include "tests/unit/frontends/ipp/ipp_test_bytes.h"

namespace mfp::frontends::ipp {
namespace {

using pipeline::StatusCode;
using testing::IppTestBytes;

IppMessage response_with(IppAttribute attribute) {
  IppMessage m;
  m.code = static_cast<std::uint16_t>(IppStatus::successful_ok);
  m.request_id = 77;
  m.add(IppGroupTag::operation,
        {"attributes-charset", IppValue::string(IppValueTag::charset, "utf-8")});
  m.add(IppGroupTag::printer, std::move(attribute));
  return m;
}

IppMessage round_trip(const IppMessage& m) {
  auto bytes = IppWriter::encode(m);
  EXPECT_TRUE(bytes.is_ok()) << bytes.status().to_string();
  if (!bytes.is_ok()) return {};
  auto parsed = IppReader::parse(bytes.value(), IppLimits{});
  EXPECT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  if (!parsed.is_ok()) return {};
  EXPECT_EQ(parsed->document_offset, bytes->size());
  return std::move(parsed).value().message;
}

IppCollection media_col() {
  IppCollection size;
  size.members.push_back({"x-dimension", IppValue::integer(21000)});
  size.members.push_back({"y-dimension", IppValue::integer(29700)});
  IppCollection c;
  c.members.push_back({"media-size", IppValue::collection(size)});
  c.members.push_back({"media-type", {IppValue::keyword("stationery"), IppValue::keyword("x")}});
  return c;
}

TEST(IppWriter, EveryValueTagRoundTrips) {
  using T = IppValueTag;
  IppDateTime when{2026, 11, 25, 4, 34, 47, 5, '-', 3, 30};
  const std::vector<IppValue> values = {
      IppValue::out_of_band(T::unsupported),
      IppValue::out_of_band(T::unknown),
      IppValue::out_of_band(T::no_value),
      IppValue::out_of_band(T::not_settable),
      IppValue::out_of_band(T::delete_attribute),
      IppValue::out_of_band(T::admin_define),
      IppValue::integer(-5),
      IppValue::integer(INT32_MAX),
      IppValue::boolean(true),
      IppValue::boolean(false),
      IppValue::enumeration(3),
      IppValue::string(T::octet_string, std::string("\0\xff\x01", 3)),
      IppValue::date_time(when),
      IppValue::resolution({600, 1200, 3}),
      IppValue::range({1, 9999}),
      IppValue::collection(media_col()),
      IppValue::collection(IppCollection{}),
      IppValue::localized(T::text_with_language, "de", "Bericht"),
      IppValue::localized(T::name_with_language, "en-us", ""),
      IppValue::string(T::text_without_language, "Ready"),
      IppValue::string(T::name_without_language, "alice"),
      IppValue::keyword("one-sided"),
      IppValue::string(T::uri, "ipps://mfp.local:8631/ipp/print"),
      IppValue::string(T::uri_scheme, "ipps"),
      IppValue::string(T::charset, "utf-8"),
      IppValue::string(T::natural_language, "en"),
      IppValue::string(T::mime_media_type, "image/pwg-raster"),
      IppValue::string(static_cast<T>(0x38), "unassigned octets"),
      IppValue::string(static_cast<T>(0x4B), "unassigned string"),
  };
  for (const IppValue& v : values) {
    const IppMessage m = response_with({"value", v});
    EXPECT_EQ(round_trip(m), m) << to_string(v.tag);
  }
  // All of them as one 1setOf.
  const IppMessage all = response_with({"values", values});
  EXPECT_EQ(round_trip(all), all);
}

TEST(IppWriter, EncodesTheExactWireBytes) {
  IppMessage m;
  m.code = static_cast<std::uint16_t>(IppStatus::client_error_bad_request);
  m.request_id = 0x01020304;
  m.add(IppGroupTag::operation,
        {"attributes-charset", IppValue::string(IppValueTag::charset, "utf-8")});
  IppCollection c;
  c.members.push_back({"x", {IppValue::integer(1), IppValue::integer(2)}});
  m.add(IppGroupTag::job, {"c", IppValue::collection(c)});
  IppTestBytes want;
  want.header(0x0400, 0x01020304);
  want.group(IppGroupTag::operation).attr(IppValueTag::charset, "attributes-charset", "utf-8");
  want.group(IppGroupTag::job).beg_collection("c").member("x");
  want.integer(IppValueTag::integer, "", 1).integer(IppValueTag::integer, "", 2);
  want.end_collection().end();
  auto got = IppWriter::encode(m);
  ASSERT_TRUE(got.is_ok());
  EXPECT_EQ(got.value(), want.bytes);
}

TEST(IppWriter, RepeatedGroupsStaySeparate) {
  IppMessage m;
  m.request_id = 1;
  m.groups.push_back({IppGroupTag::job, {{"job-id", IppValue::integer(1)}}});
  m.groups.push_back({IppGroupTag::job, {{"job-id", IppValue::integer(2)}}});
  m.groups.push_back({IppGroupTag::job, {}});
  m.groups.push_back({static_cast<IppGroupTag>(0x0A), {{"x", IppValue::integer(3)}}});
  EXPECT_EQ(round_trip(m), m);
}

TEST(IppWriter, RefusesWhatTheWireCannotCarry) {
  auto refused = [](const IppMessage& m) {
    auto r = IppWriter::encode(m);
    return !r.is_ok() && r.status().code() == StatusCode::invalid_argument;
  };
  EXPECT_TRUE(refused(response_with(
      {"long", IppValue::string(IppValueTag::octet_string, std::string(32768, 'a'))})));
  EXPECT_FALSE(refused(response_with(
      {"long", IppValue::string(IppValueTag::octet_string, std::string(32767, 'a'))})));
  EXPECT_TRUE(refused(response_with({std::string(32768, 'n'), IppValue::integer(1)})));
  EXPECT_TRUE(refused(response_with({"t", IppValue::localized(IppValueTag::text_with_language, "en",
                                                              std::string(32767 - 5, 'a'))})));
  EXPECT_TRUE(refused(response_with({"", IppValue::integer(1)})));
  EXPECT_TRUE(refused(response_with({"none", std::vector<IppValue>{}})));
  EXPECT_TRUE(refused(response_with({"bad", IppValue{IppValueTag::integer, std::string("1")}})));
  EXPECT_TRUE(refused(response_with({"bad", IppValue{IppValueTag::keyword, 1}})));
  EXPECT_TRUE(refused(response_with({"bad", IppValue{IppValueTag::no_value, 1}})));
  EXPECT_TRUE(refused(response_with({"bad", IppValue{IppValueTag::end_collection, {}}})));
  EXPECT_TRUE(
      refused(response_with({"bad", IppValue::string(IppValueTag::member_attr_name, "x")})));
  EXPECT_TRUE(
      refused(response_with({"bad", IppValue::string(static_cast<IppValueTag>(0x7F), "")})));
  IppCollection unnamed;
  unnamed.members.push_back({"", IppValue::integer(1)});
  EXPECT_TRUE(refused(response_with({"c", IppValue::collection(unnamed)})));

  IppMessage end_group;
  end_group.groups.push_back({IppGroupTag::end_of_attributes, {}});
  EXPECT_TRUE(refused(end_group));

  IppCollection deep;
  deep.members.push_back({"x", IppValue::integer(1)});
  for (std::size_t i = 0; i < IppWriter::kMaxCollectionDepth + 1; ++i) {
    IppCollection outer;
    outer.members.push_back({"c", IppValue::collection(std::move(deep))});
    deep = std::move(outer);
  }
  EXPECT_TRUE(refused(response_with({"deep", IppValue::collection(deep)})));
}

TEST(IppNames, OperationsStatusesAndTags) {
  EXPECT_EQ(to_string(IppOperation::get_printer_attributes), "Get-Printer-Attributes");
  EXPECT_EQ(to_string(IppOperation::cancel_my_jobs), "Cancel-My-Jobs");
  EXPECT_EQ(static_cast<int>(IppOperation::identify_printer), 0x3C);
  EXPECT_EQ(to_string(IppOperation{0x7777}), "");
  EXPECT_EQ(to_string(IppStatus::client_error_request_value_too_long),
            "client-error-request-value-too-long");
  EXPECT_EQ(static_cast<int>(IppStatus::client_error_charset_not_supported), 0x040D);
  EXPECT_EQ(static_cast<int>(IppStatus::server_error_version_not_supported), 0x0503);
  EXPECT_TRUE(is_successful(IppStatus::successful_ok_conflicting_attributes));
  EXPECT_FALSE(is_successful(IppStatus::client_error_bad_request));
  EXPECT_EQ(to_string(IppValueTag::beg_collection), "begCollection");
  EXPECT_EQ(to_string(IppGroupTag::document), "document-attributes-tag");
}

}  // namespace
}  // namespace mfp::frontends::ipp
