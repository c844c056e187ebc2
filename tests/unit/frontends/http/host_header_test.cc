// HostHeader::parse as a table: names, IPv4 and bracketed IPv6 literals with and without a
// port, and what is not a host.

#include "frontends/http/host_header.h"

#include <gtest/gtest.h>

namespace mfp::frontends::http {
namespace {

struct Case {
  std::string_view field;
  bool ok;
  std::string_view host;
  int port;  // 0: none
};

constexpr Case kCases[] = {
    {"printer.example", true, "printer.example", 0},
    {"printer.example:8443", true, "printer.example", 8443},
    {"192.0.2.1:631", true, "192.0.2.1", 631},
    {"[::1]", true, "[::1]", 0},
    {"[::1]:8631", true, "[::1]", 8631},
    {"[2001:db8::7]:443", true, "[2001:db8::7]", 443},
    {"localhost", true, "localhost", 0},
    {"", false, "", 0},
    {"printer.example:", false, "", 0},
    {"printer.example:0", false, "", 0},
    {"printer.example:65536", false, "", 0},
    {"printer.example:80x", false, "", 0},
    {"user@printer.example", false, "", 0},
    {"printer.example/path", false, "", 0},
    {"evil.example\r\nX: y", false, "", 0},
    {"[::1", false, "", 0},
    {"[]", false, "", 0},
    {"[zz::1]", false, "", 0},
    {"::1", false, "", 0},
    {"a b", false, "", 0},
};

TEST(HostHeader, ParsesWhatAClientMaySend) {
  for (const auto& c : kCases) {
    const auto h = HostHeader::parse(c.field);
    ASSERT_EQ(h.has_value(), c.ok) << "'" << c.field << "'";
    if (!c.ok) continue;
    EXPECT_EQ(h->host, c.host) << c.field;
    EXPECT_EQ(h->port.value_or(0), c.port) << c.field;
  }
  EXPECT_FALSE(HostHeader::parse(std::string(254, 'a')).has_value());
}

}  // namespace
}  // namespace mfp::frontends::http
