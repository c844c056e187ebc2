// decode_base64(): the RFC 4648 alphabet with padding, and what it refuses.

#include "frontends/http/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace mfp::frontends::http {
namespace {

std::string text(const security::crypto::SecureBytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

TEST(Base64, Decodes) {
  EXPECT_EQ(text(*decode_base64("")), "");
  EXPECT_EQ(text(*decode_base64("YQ==")), "a");
  EXPECT_EQ(text(*decode_base64("YWI=")), "ab");
  EXPECT_EQ(text(*decode_base64("YWJj")), "abc");
  EXPECT_EQ(text(*decode_base64("Pj4+Pw==")), ">>>?");
  EXPECT_EQ(text(*decode_base64("Pz8/")), "???");
}

TEST(Base64, Refuses) {
  for (const char* bad :
       {"Y", "YQ=", "YQ=a", "Y===", "=YQ=", "YQ==YQ==", "YQ =", "YQ\n=", "YW-j", "YW_j"}) {
    EXPECT_FALSE(decode_base64(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace mfp::frontends::http
