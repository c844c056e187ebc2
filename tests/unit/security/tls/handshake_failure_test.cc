#include "security/tls/handshake_failure.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

#include "security/audit/audit_events.h"

namespace mfp::security::tls {
namespace {

TEST(DescribeHandshakeFailure, KnownReasonsGetFixedWords) {
  ERR_clear_error();
  ERR_raise(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER);
  EXPECT_EQ(describe_handshake_failure(SSL_ERROR_SSL), "no shared cipher");
  EXPECT_EQ(ERR_peek_error(), 0u);  // queue drained
  ERR_raise(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL);
  EXPECT_EQ(describe_handshake_failure(SSL_ERROR_SSL), "protocol version");
  ERR_raise(ERR_LIB_SSL, SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE);
  EXPECT_EQ(describe_handshake_failure(SSL_ERROR_SSL), "peer alert: handshake failure");
}

TEST(DescribeHandshakeFailure, TheEarliestSslErrorIsTheCauseAndDataIsNeverCopied) {
  ERR_clear_error();
  ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_SHARED_GROUPS, "secret=hunter2");
  ERR_raise(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER);
  const std::string reason = describe_handshake_failure(SSL_ERROR_SSL);
  EXPECT_EQ(reason, "no shared group");
  EXPECT_EQ(reason.find("hunter2"), std::string::npos);
}

TEST(DescribeHandshakeFailure, WithoutAnErrorTheSslErrorDecides) {
  ERR_clear_error();
  EXPECT_EQ(describe_handshake_failure(SSL_ERROR_SYSCALL), "connection closed");
  EXPECT_EQ(describe_handshake_failure(SSL_ERROR_WANT_READ), "handshake incomplete");
}

TEST(DescribeHandshakeFailure, OtherReasonsUseOpenSslsStaticTextBounded) {
  ERR_clear_error();
  ERR_raise(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED);
  const std::string reason = describe_handshake_failure(SSL_ERROR_SSL);
  EXPECT_EQ(reason, "handshake failed: certificate verify failed");
  EXPECT_LE(reason.size(), kMaxFailureReasonLength);
}

TEST(DescribeHandshakeFailure, FeedsTheTrustedCommunicationFailedEvent) {
  ERR_clear_error();
  ERR_raise(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL);
  const auto event = audit::events::trusted_communication_failed(
      "IPPS", "192.0.2.7", describe_handshake_failure(SSL_ERROR_SSL));
  bool found = false;
  for (const auto& [name, value] : event.items) {
    if (name == "Reason") {
      EXPECT_EQ(value, "protocol version");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace mfp::security::tls
