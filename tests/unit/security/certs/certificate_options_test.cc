// SelfSignedOptions, SubjectName and CertificateRequestOptions: the guide's limits.
#include <gtest/gtest.h>

#include <string>

#include "security/certs/certificate_request_options.h"
#include "security/certs/self_signed_options.h"
#include "security/certs/subject_name.h"

namespace mfp::security::certs {
namespace {

using pipeline::StatusCode;

TEST(SelfSignedOptions, FirstStartDefaultsAreValid) {
  const SelfSignedOptions o = SelfSignedOptions::first_start_defaults();
  EXPECT_EQ(o.key, KeyKind::ecdsa_p256);
  EXPECT_EQ(o.digest, SignatureDigest::sha256);
  EXPECT_EQ(o.common_name, "OpenMFP");
  EXPECT_EQ(o.validity_days, 825);
  EXPECT_TRUE(o.validate().is_ok());
}

struct OptionsCase {
  const char* name;
  std::string common_name;
  int validity_days;
  bool ok;
};

class SelfSignedOptionsLimits : public ::testing::TestWithParam<OptionsCase> {};

TEST_P(SelfSignedOptionsLimits, Validate) {
  SelfSignedOptions o;
  o.common_name = GetParam().common_name;
  o.validity_days = GetParam().validity_days;
  const pipeline::Status s = o.validate();
  EXPECT_EQ(s.is_ok(), GetParam().ok) << s.to_string();
  if (!GetParam().ok) {
    EXPECT_EQ(s.code(), StatusCode::invalid_argument);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, SelfSignedOptionsLimits,
    ::testing::Values(OptionsCase{"cn64", std::string(64, 'a'), 825, true},
                      OptionsCase{"cn65", std::string(65, 'a'), 825, false},
                      OptionsCase{"cn_empty", "", 825, false},
                      OptionsCase{"cn_control", "Open\nMFP", 825, false},
                      OptionsCase{"cn_non_ascii", "Open\xC3\xA9MFP", 825, false},
                      OptionsCase{"cn_punctuation", "mfp-1.example.com (3F)", 825, true},
                      OptionsCase{"days0", "OpenMFP", 0, false},
                      OptionsCase{"days1", "OpenMFP", 1, true},
                      OptionsCase{"days9999", "OpenMFP", 9999, true},
                      OptionsCase{"days10000", "OpenMFP", 10000, false},
                      OptionsCase{"days_negative", "OpenMFP", -5, false}),
    [](const auto& info) { return std::string(info.param.name); });

SubjectName good_subject() {
  return {"JP", "Kanagawa",         "Yokohama",        "Example Corp.",
          "IT", "mfp1.example.com", "mfp1@example.com"};
}

struct SubjectCase {
  const char* name;
  void (*edit)(SubjectName&);
  bool ok;
};

class SubjectNameLimits : public ::testing::TestWithParam<SubjectCase> {};

TEST_P(SubjectNameLimits, Validate) {
  CertificateRequestOptions o;
  o.subject = good_subject();
  GetParam().edit(o.subject);
  const pipeline::Status s = o.validate();
  EXPECT_EQ(s.is_ok(), GetParam().ok) << s.to_string();
  if (!GetParam().ok) {
    EXPECT_EQ(s.code(), StatusCode::invalid_argument);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, SubjectNameLimits,
    ::testing::Values(
        SubjectCase{"good", [](SubjectName&) {}, true},
        SubjectCase{"country_lower", [](SubjectName& s) { s.country = "jp"; }, false},
        SubjectCase{"country_1", [](SubjectName& s) { s.country = "J"; }, false},
        SubjectCase{"country_3", [](SubjectName& s) { s.country = "JPN"; }, false},
        SubjectCase{"country_empty", [](SubjectName& s) { s.country.clear(); }, false},
        SubjectCase{"state_16", [](SubjectName& s) { s.state = std::string(16, 'k'); }, true},
        SubjectCase{"state_17", [](SubjectName& s) { s.state = std::string(17, 'k'); }, false},
        SubjectCase{"state_omitted", [](SubjectName& s) { s.state.clear(); }, true},
        SubjectCase{"locality_32", [](SubjectName& s) { s.locality = std::string(32, 'y'); }, true},
        SubjectCase{"locality_33", [](SubjectName& s) { s.locality = std::string(33, 'y'); },
                    false},
        SubjectCase{"locality_omitted", [](SubjectName& s) { s.locality.clear(); }, true},
        SubjectCase{"org_33", [](SubjectName& s) { s.organization = std::string(33, 'o'); }, false},
        SubjectCase{"org_missing", [](SubjectName& s) { s.organization.clear(); }, false},
        SubjectCase{"org_bad_char", [](SubjectName& s) { s.organization = "A&B"; }, false},
        SubjectCase{"ou_32", [](SubjectName& s) { s.organizational_unit = std::string(32, 'u'); },
                    true},
        SubjectCase{"ou_33", [](SubjectName& s) { s.organizational_unit = std::string(33, 'u'); },
                    false},
        SubjectCase{"cn_65", [](SubjectName& s) { s.common_name = std::string(65, 'c'); }, false},
        SubjectCase{"cn_missing", [](SubjectName& s) { s.common_name.clear(); }, false},
        SubjectCase{"email_omitted", [](SubjectName& s) { s.email.clear(); }, true},
        SubjectCase{"email_no_at", [](SubjectName& s) { s.email = "mfp.example.com"; }, false},
        SubjectCase{"email_space", [](SubjectName& s) { s.email = "a b@example.com"; }, false},
        SubjectCase{"email_256",
                    [](SubjectName& s) { s.email = std::string(244, 'e') + "@example.com"; },
                    false}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace mfp::security::certs
