// The sealed-record plaintext encoding and the fitting of events into a record.
#include "security/audit/detail/event_codec.h"

#include <gtest/gtest.h>

#include <vector>

#include "security/audit/audit_events.h"
#include "security/audit/detail/log_format.h"
#include "security/audit/detail/utf8.h"

namespace mfp::security::audit::detail {
namespace {

TEST(AuditEventCodec, RoundTrips) {
  AuditEvent e = events::trusted_communication_failed("TLS", "mail.example.com", "expired", "KO");
  e.time = std::chrono::system_clock::time_point(std::chrono::nanoseconds(-123456789));
  std::vector<std::uint8_t> buf(encoded_size(e));
  ASSERT_TRUE(encode_event(e, buf));
  auto back = decode_event(buf);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id, e.id);
  EXPECT_EQ(back->time, e.time);
  EXPECT_EQ(back->name, e.name);
  EXPECT_EQ(back->user, e.user);
  EXPECT_EQ(back->description, e.description);
  EXPECT_EQ(back->status, e.status);
  EXPECT_EQ(back->items, e.items);
}

TEST(AuditEventCodec, DecodeRefusesMalformedBytes) {
  AuditEvent e = events::user_added("KO", "bob");
  std::vector<std::uint8_t> buf(encoded_size(e));
  ASSERT_TRUE(encode_event(e, buf));
  auto longer = buf;
  longer.push_back(0);
  EXPECT_FALSE(decode_event(longer).has_value());
  EXPECT_FALSE(decode_event(std::span(buf).first(buf.size() - 1)).has_value());
  auto version = buf;
  version[0] = 2;
  EXPECT_FALSE(decode_event(version).has_value());
  auto bad_utf8 = buf;
  bad_utf8[1 + 2 + 8 + 2] = 0xff;  // first byte of the name
  EXPECT_FALSE(decode_event(bad_utf8).has_value());
  std::vector<std::uint8_t> small(4);
  EXPECT_FALSE(encode_event(e, small));
}

TEST(AuditEventCodec, FitCutsOnCharacterBoundariesAndSaysSo) {
  struct Case {
    std::string piece;  // repeated to overflow a field
  };
  for (const Case& c : {Case{"a"}, Case{"é"}, Case{"漢"}, Case{"🖨"}}) {
    std::string long_value;
    while (long_value.size() < 5000) long_value += c.piece;
    AuditEvent e = events::job_completed(pipeline::JobType::print, long_value,
                                         events::JobOutcome::completed, long_value);
    const AuditEvent fitted = fit_event(e, kEventCapacity);
    EXPECT_LE(encoded_size(fitted), kEventCapacity);
    for (const std::string* s : {&fitted.user, &fitted.items.at(0).second}) {
      EXPECT_TRUE(s->ends_with(kTruncationMarker)) << c.piece;
      EXPECT_TRUE(is_valid_utf8(*s)) << c.piece;
      const std::string_view kept =
          std::string_view(*s).substr(0, s->size() - kTruncationMarker.size());
      EXPECT_EQ(kept.size() % c.piece.size(), 0u) << c.piece;
      EXPECT_TRUE(long_value.starts_with(kept));
    }
  }
}

TEST(AuditEventCodec, FitKeepsShortEventsAsTheyAre) {
  AuditEvent e = events::user_added("KO", "bob");
  const AuditEvent fitted = fit_event(e, kEventCapacity);
  EXPECT_EQ(fitted.user, e.user);
  EXPECT_EQ(fitted.items, e.items);
}

TEST(AuditEventCodec, FitBoundsTheNumberOfItemsAndRepairsUtf8) {
  AuditEvent e = events::user_added("KO", "bob");
  e.user = "bad\xc3";
  for (int i = 0; i < 100; ++i) e.items.emplace_back("k" + std::to_string(i), "v");
  const AuditEvent fitted = fit_event(e, kEventCapacity);
  EXPECT_EQ(fitted.user, "bad\xEF\xBF\xBD");
  ASSERT_EQ(fitted.items.size(), kMaxItems);
  EXPECT_EQ(fitted.items.back(), (std::pair<std::string, std::string>{"Items Omitted", "86"}));
}

TEST(AuditEventCodec, FitAlwaysFitsEvenTheWorstEvent) {
  AuditEvent e;
  e.name = e.user = e.description = e.status = std::string(70000, 'x');
  for (int i = 0; i < 300; ++i) e.items.emplace_back(std::string(500, 'k'), std::string(500, 'v'));
  const AuditEvent fitted = fit_event(e, kEventCapacity);
  EXPECT_LE(encoded_size(fitted), kEventCapacity);
  std::vector<std::uint8_t> buf(kEventCapacity);
  EXPECT_TRUE(encode_event(fitted, buf));
}

TEST(AuditUtf8, Validation) {
  struct Case {
    const char* s;
    bool valid;
  };
  const Case cases[] = {
      {"", true},          {"ascii", true},         {"é漢🖨", true},         {"\xc3", false},
      {"\xc0\xaf", false}, {"\xed\xa0\x80", false}, {"\xf4\x90\x80\x80", false}, {"\xff", false},
      {"a\x80", false},
  };
  for (const Case& c : cases) EXPECT_EQ(is_valid_utf8(c.s), c.valid) << c.s;
  EXPECT_EQ(utf8_prefix_length("é漢", 4), 2u);
  EXPECT_EQ(utf8_prefix_length("é漢", 5), 5u);
  EXPECT_EQ(utf8_prefix_length("é漢", 1), 0u);
}

}  // namespace
}  // namespace mfp::security::audit::detail
