#include "frontends/ipp/check_operation_attributes.h"

#include <gtest/gtest.h>

#include <string>

namespace mfp::frontends::ipp {
namespace {

using pipeline::StatusCode;

IppMessage request(std::string charset = "utf-8", std::int32_t id = 5) {
  IppMessage m;
  m.code = static_cast<std::uint16_t>(IppOperation::get_printer_attributes);
  m.request_id = id;
  m.add(IppGroupTag::operation,
        {"attributes-charset", IppValue::string(IppValueTag::charset, std::move(charset))});
  m.add(IppGroupTag::operation,
        {"attributes-natural-language", IppValue::string(IppValueTag::natural_language, "en")});
  m.add(IppGroupTag::operation,
        {"printer-uri", IppValue::string(IppValueTag::uri, "ipps://mfp.local/ipp/print")});
  return m;
}

struct CheckCase {
  const char* name;
  IppMessage message;
  IppStatus status;  // successful_ok when the check passes
};

TEST(CheckOperationAttributes, Table) {
  std::vector<CheckCase> cases;
  cases.push_back({"utf-8", request(), IppStatus::successful_ok});
  cases.push_back({"UTF-8", request("UTF-8"), IppStatus::successful_ok});
  cases.push_back({"us-ascii", request("us-ascii"), IppStatus::successful_ok});
  cases.push_back(
      {"iso-8859-1", request("iso-8859-1"), IppStatus::client_error_charset_not_supported});
  cases.push_back({"request-id 0", request("utf-8", 0), IppStatus::client_error_bad_request});
  cases.push_back({"request-id -1", request("utf-8", -1), IppStatus::client_error_bad_request});
  {
    IppMessage m = request();
    m.groups.clear();
    cases.push_back({"no groups", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    m.groups[0].tag = IppGroupTag::job;
    cases.push_back({"job group first", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    std::swap(m.groups[0].attributes[0], m.groups[0].attributes[1]);
    cases.push_back({"language first", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    m.groups[0].attributes.erase(m.groups[0].attributes.begin());
    cases.push_back({"no charset", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    m.groups[0].attributes.erase(m.groups[0].attributes.begin() + 1);
    cases.push_back({"no language", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    m.groups[0].attributes.resize(1);
    cases.push_back({"charset only", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    m.groups[0].attributes[0].values[0].tag = IppValueTag::keyword;
    cases.push_back({"charset as keyword", m, IppStatus::client_error_bad_request});
  }
  {
    IppMessage m = request();
    m.groups[0].attributes[0].values.push_back(IppValue::string(IppValueTag::charset, "utf-8"));
    cases.push_back({"two charsets", m, IppStatus::client_error_bad_request});
  }
  for (const CheckCase& c : cases) {
    IppError error;
    const pipeline::Status s = check_operation_attributes(c.message, &error);
    if (c.status == IppStatus::successful_ok) {
      EXPECT_TRUE(s.is_ok()) << c.name << ": " << s.to_string();
      continue;
    }
    ASSERT_FALSE(s.is_ok()) << c.name;
    EXPECT_EQ(error.status, c.status) << c.name;
    EXPECT_EQ(error.request_id, c.message.request_id) << c.name;
    EXPECT_EQ(s.code(), c.status == IppStatus::client_error_charset_not_supported
                            ? StatusCode::unsupported
                            : StatusCode::malformed_data)
        << c.name;
  }
}

}  // namespace
}  // namespace mfp::frontends::ipp
