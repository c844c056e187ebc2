#include "frontends/http/basic_credentials.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace mfp::frontends::http {
namespace {

std::string password_of(const BasicCredentials& c) {
  return std::string(reinterpret_cast<const char*>(c.password.data()), c.password.size());
}

// Base64 of `text` (RFC 4648, with padding), for building fields in the table.
std::string b64(std::string_view text) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= text.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(text[i]) << 16) |
                       (static_cast<unsigned char>(text[i + 1]) << 8) |
                       static_cast<unsigned char>(text[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (text.size() - i == 1) {
    const unsigned v = static_cast<unsigned char>(text[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (text.size() - i == 2) {
    const unsigned v = (static_cast<unsigned char>(text[i]) << 16) |
                       (static_cast<unsigned char>(text[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

TEST(BasicCredentials, Base64HelperMatchesRfc4648Vectors) {
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("user:pass"), "dXNlcjpwYXNz");
}

struct Accepted {
  const char* name;
  std::string field;
  std::string user;
  std::string password;
};

TEST(BasicCredentials, Accepts) {
  const Accepted cases[] = {
      {"plain", "Basic dXNlcjpwYXNz", "user", "pass"},
      {"lowercase scheme", "basic dXNlcjpwYXNz", "user", "pass"},
      {"uppercase scheme", "BASIC dXNlcjpwYXNz", "user", "pass"},
      {"mixed case scheme", "bAsIc dXNlcjpwYXNz", "user", "pass"},
      {"extra spaces", "Basic   dXNlcjpwYXNz  ", "user", "pass"},
      {"colon in password", "Basic " + b64("admin:pa:ss:word"), "admin", "pa:ss:word"},
      {"password is only a colon", "Basic " + b64("admin::"), "admin", ":"},
      {"empty password", "Basic " + b64("admin:"), "admin", ""},
      {"one padding byte", "Basic " + b64("ab:cde"), "ab", "cde"},
      {"two padding bytes", "Basic " + b64("ab:cd"), "ab", "cd"},
      {"utf-8 user", "Basic " + b64("J\xC3\xBCrgen:geheim"), "J\xC3\xBCrgen", "geheim"},
      {"space inside password", "Basic " + b64("u:a b"), "u", "a b"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = BasicCredentials::parse(c.field);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->user, c.user);
    EXPECT_EQ(password_of(*parsed), c.password);
  }
}

struct Refused {
  const char* name;
  std::string field;
};

TEST(BasicCredentials, Refuses) {
  const Refused cases[] = {
      {"empty field", ""},
      {"scheme only", "Basic"},
      {"scheme and space only", "Basic "},
      {"empty user", "Basic " + b64(":secret")},
      {"no colon", "Basic " + b64("userpass")},
      {"bad base64 character", "Basic dXNlcjpw*XNz"},
      {"base64url alphabet", "Basic " + std::string("dXNlcjpw-XNz")},
      {"length not a multiple of 4", "Basic dXNlcjpwYXN"},
      {"padding missing", "Basic Zm8"},
      {"too much padding", "Basic Zg==="},
      {"padding in the middle", "Basic Zg==Zm9v"},
      {"only padding", "Basic ===="},
      {"bearer scheme", "Bearer dXNlcjpwYXNz"},
      {"digest scheme", "Digest username=\"user\""},
      {"scheme prefix", "Basicx dXNlcjpwYXNz"},
      {"no space after scheme", "BasicdXNlcjpwYXNz"},
      {"tab inside token", "Basic dXNl\tcjpwYXNz"},
      {"nul in password", "Basic " + b64(std::string("u:p\0w", 5))},
      {"newline in user", "Basic " + b64("us\ner:p")},
      {"carriage return in password", "Basic " + b64("user:pa\rss")},
      {"escape in password", "Basic " + b64("user:\x1b[0m")},
      {"delete in user", "Basic " + b64("us\x7f:p")},
      {"over-long field", "Basic " + b64("user:" + std::string(1200, 'x'))},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(BasicCredentials::parse(c.field).has_value());
  }
}

TEST(BasicCredentials, FieldLengthLimitIsInclusive) {
  // "Basic " + a 1016-character token (762 decoded bytes) + 2 trailing spaces = 1024.
  const std::size_t decoded = (BasicCredentials::kMaxFieldLength - 8) / 4 * 3;
  const std::string text = "u:" + std::string(decoded - 2, 'p');
  std::string field = "Basic " + b64(text) + "  ";
  ASSERT_EQ(field.size(), BasicCredentials::kMaxFieldLength);
  auto parsed = BasicCredentials::parse(field);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->user, "u");
  EXPECT_EQ(parsed->password.size(), decoded - 2);
  field += ' ';
  EXPECT_FALSE(BasicCredentials::parse(field).has_value());
}

}  // namespace
}  // namespace mfp::frontends::http
