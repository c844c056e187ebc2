// FormData and read_form(): urlencoded decoding ('+' as a space for HTML forms, as itself for
// the guide's base64 values), the refusals (bad escapes, NUL, too many fields, too large, not a
// form) and reading a body in pieces.

#include "frontends/http/form_data.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/memory_exchange.h"

namespace mfp::frontends::http {
namespace {

TEST(FormData, DecodesEscapesAndPlus) {
  auto f = FormData::parse("user=J%C3%BCrgen+M&next=%2Fjobs%2Findex.html&empty=&flag");
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ(f->value("user"), "J\xC3\xBCrgen M");
  EXPECT_EQ(f->value("next"), "/jobs/index.html");
  EXPECT_TRUE(f->has("empty"));
  EXPECT_EQ(f->value("empty"), "");
  EXPECT_TRUE(f->has("flag"));
  EXPECT_FALSE(f->has("missing"));
  EXPECT_EQ(f->fields().size(), 4u);
}

TEST(FormData, TheGuidesBase64KeepsItsPlus) {
  auto literal = FormData::parse("NAME=YWRtaW4=&PSW=Pj4+Pw==", PlusSign::literal);
  ASSERT_TRUE(literal.is_ok());
  EXPECT_EQ(literal->value("PSW"), "Pj4+Pw==");
  EXPECT_EQ(literal->value("NAME"), "YWRtaW4=");
  auto form = FormData::parse("PSW=Pj4+Pw==");
  EXPECT_EQ(form->value("PSW"), "Pj4 Pw==");
}

TEST(FormData, RefusesMalformedInput) {
  for (const char* bad : {"a=%G1", "a=%4", "a=%", "a=%00", "a%00=1"}) {
    EXPECT_EQ(FormData::parse(bad).status().code(), pipeline::StatusCode::invalid_argument) << bad;
  }
  std::string many;
  for (std::size_t i = 0; i <= kMaxFormFields; ++i) many += "f=1&";
  EXPECT_FALSE(FormData::parse(many).is_ok());
  many.resize(many.size() - 4);
  EXPECT_TRUE(FormData::parse(many).is_ok());
}

TEST(FormData, QueryOfATarget) {
  EXPECT_EQ(query_of("/jobs/index.html?which=history&page=2")->value("page"), "2");
  EXPECT_TRUE(query_of("/jobs/index.html")->fields().empty());
  EXPECT_FALSE(query_of("/x?a=%zz").is_ok());
}

TEST(ReadForm, ReadsTheBodyAndChecksItsType) {
  testing::MemoryExchange ok("POST", "/login", "user=alice&password=a+b");
  ok.add_field("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
  auto form = read_form(ok);
  ASSERT_TRUE(form.is_ok());
  EXPECT_EQ(form->value("password"), "a b");

  testing::MemoryExchange untyped("POST", "/LOGIN.CMD", "NAME=a+b");
  EXPECT_EQ(read_form(untyped, PlusSign::literal)->value("NAME"), "a+b");

  testing::MemoryExchange json("POST", "/login", "{}");
  json.add_field("Content-Type", "application/json");
  EXPECT_EQ(read_form(json).status().code(), pipeline::StatusCode::invalid_argument);

  testing::MemoryExchange big("POST", "/login", std::string(kMaxFormBytes + 1, 'a'));
  EXPECT_EQ(read_form(big).status().code(), pipeline::StatusCode::limit_exceeded);
}

}  // namespace
}  // namespace mfp::frontends::http
