#include "security/tls/server_context.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "security/certs/device_certificate.h"
#include "security/ownership/subject.h"
#include "security/settings/tls_cipher_suites.h"
#include "security/tls/tls_policy.h"
#include "tests/support/test_security.h"
#include "tests/unit/security/tls/tls_test_peer.h"

namespace mfp::security::tls {
namespace {

using testing::ClientOptions;
using testing::Connection;

constexpr int kAlertHandshakeFailure = 40;
constexpr int kAlertProtocolVersion = 70;

const ownership::Subject kKeyOperator = ownership::Subject::user(
    ownership::kKeyOperatorUserId, ownership::RoleSet{ownership::Role::key_operator});

certs::DeviceCertificate make_certificate(certs::KeyKind kind) {
  certs::SelfSignedOptions options;
  options.key = kind;
  auto made = certs::make_self_signed(options, std::chrono::system_clock::now());
  EXPECT_TRUE(made.is_ok()) << made.status().to_string();
  return std::move(made).value();
}

class ServerContext : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ecdsa_ = new certs::DeviceCertificate(make_certificate(certs::KeyKind::ecdsa_p256));
    rsa_ = new certs::DeviceCertificate(make_certificate(certs::KeyKind::rsa_2048));
  }
  static void TearDownTestSuite() {
    delete ecdsa_;
    delete rsa_;
  }

  void set(std::string_view key, const settings::SettingValue& value) {
    ASSERT_TRUE(sec_.device().set_setting(key, value, kKeyOperator).is_ok()) << key;
  }
  TlsPolicy policy() {
    auto p = TlsPolicy::from_settings(sec_.device().settings());
    EXPECT_TRUE(p.is_ok()) << p.status().to_string();
    return p.value();
  }
  detail::SslCtxPtr context(const certs::DeviceCertificate& cert) {
    auto ctx = make_server_context(policy(), cert);
    EXPECT_TRUE(ctx.is_ok()) << ctx.status().to_string();
    return std::move(ctx).value();
  }
  // The full guide list: FIPS mode off.
  void SetUp() override { set("tls.fips140_mode", false); }

  static certs::DeviceCertificate* ecdsa_;
  static certs::DeviceCertificate* rsa_;
  mfp::testing::TestSecurity sec_;
};

certs::DeviceCertificate* ServerContext::ecdsa_ = nullptr;
certs::DeviceCertificate* ServerContext::rsa_ = nullptr;

TEST_F(ServerContext, OffersExactlyTheGuideSuitesForTls12) {
  auto ctx = context(*ecdsa_);
  std::set<std::string> offered;
  const STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx.get());
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
    if (std::string_view(SSL_CIPHER_get_version(c)) != "TLSv1.3") {
      offered.insert(SSL_CIPHER_standard_name(c));
    }
  }
  const auto guide = settings::secure_tls_cipher_suites();
  EXPECT_EQ(offered, std::set<std::string>(guide.begin(), guide.end()));
  EXPECT_EQ(SSL_CTX_get_min_proto_version(ctx.get()), TLS1_2_VERSION);
  EXPECT_EQ(SSL_CTX_get_max_proto_version(ctx.get()), TLS1_2_VERSION);
  const uint64_t options = SSL_CTX_get_options(ctx.get());
  EXPECT_NE(options & SSL_OP_NO_RENEGOTIATION, 0u);
  EXPECT_NE(options & SSL_OP_NO_COMPRESSION, 0u);
  EXPECT_NE(options & SSL_OP_NO_TICKET, 0u);
  EXPECT_NE(options & SSL_OP_CIPHER_SERVER_PREFERENCE, 0u);
  EXPECT_EQ(SSL_CTX_get_num_tickets(ctx.get()), 0u);
}

TEST_F(ServerContext, Tls12ClientWithAnAllowedSuiteSucceeds) {
  auto ctx = context(*ecdsa_);
  Connection conn(ctx.get(), ClientOptions{});
  ASSERT_TRUE(conn.handshake()) << conn.server_reason();
  EXPECT_EQ(conn.version(), TLS1_2_VERSION);
  const auto p = policy();
  EXPECT_NE(std::find(p.tls12_suites.begin(), p.tls12_suites.end(), conn.cipher()),
            p.tls12_suites.end())
      << conn.cipher();
  EXPECT_EQ(SSL_get_current_compression(conn.server()), nullptr);
  // No session ticket was issued: nothing to resume.
  SSL_SESSION* session = SSL_get_session(conn.client());
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(SSL_SESSION_has_ticket(session), 0);
}

TEST_F(ServerContext, Tls10And11ClientsFailWithProtocolVersion) {
  for (const bool factory_setting : {false, true}) {
    if (factory_setting) set("tls.protocol_version", std::string("tls1.0_or_later"));
    auto ctx = context(*rsa_);
    for (const int version : {TLS1_VERSION, TLS1_1_VERSION}) {
      ClientOptions old;
      old.min_version = old.max_version = version;
      old.security_level = 0;
      old.cipher_list = "DEFAULT:@SECLEVEL=0";
      Connection conn(ctx.get(), old);
      EXPECT_FALSE(conn.handshake()) << version;
      EXPECT_EQ(conn.client_alert_received(), kAlertProtocolVersion) << version;
      EXPECT_EQ(conn.server_reason(), "protocol version");
    }
  }
}

TEST_F(ServerContext, ANonGuideSuiteFailsWithHandshakeFailure) {
  struct Case {
    const certs::DeviceCertificate* cert;
    const char* suite;
  };
  for (const Case& c :
       {Case{ecdsa_, "ECDHE-ECDSA-CHACHA20-POLY1305"}, Case{rsa_, "ECDHE-RSA-CHACHA20-POLY1305"},
        Case{rsa_, "DHE-RSA-AES128-GCM-SHA256"}}) {
    auto ctx = context(*c.cert);
    ClientOptions client;
    client.cipher_list = c.suite;
    Connection conn(ctx.get(), client);
    EXPECT_FALSE(conn.handshake()) << c.suite;
    EXPECT_EQ(conn.client_alert_received(), kAlertHandshakeFailure) << c.suite;
    EXPECT_EQ(conn.server_reason(), "no shared cipher") << c.suite;
  }
}

TEST_F(ServerContext, StaticRsaGuideSuiteWorksWithTheRsaCertificate) {
  auto ctx = context(*rsa_);
  ClientOptions client;
  client.cipher_list = "AES256-SHA256";
  Connection conn(ctx.get(), client);
  ASSERT_TRUE(conn.handshake()) << conn.server_reason();
  EXPECT_EQ(conn.cipher(), "AES256-SHA256");
}

TEST_F(ServerContext, Tls13OnlyWhenTheSettingIsOn) {
  ClientOptions modern;
  modern.max_version = TLS1_3_VERSION;
  {
    auto ctx = context(*ecdsa_);  // secure configuration: TLS 1.3 off
    Connection conn(ctx.get(), modern);
    ASSERT_TRUE(conn.handshake()) << conn.server_reason();
    EXPECT_EQ(conn.version(), TLS1_2_VERSION);

    ClientOptions only13 = modern;
    only13.min_version = TLS1_3_VERSION;
    Connection refused(ctx.get(), only13);
    EXPECT_FALSE(refused.handshake());
    EXPECT_EQ(refused.client_alert_received(), kAlertProtocolVersion);
  }
  set("tls.tls13.enabled", true);
  modern.ciphersuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384";  // client prefers 128
  auto ctx = context(*ecdsa_);
  EXPECT_EQ(SSL_CTX_get_max_proto_version(ctx.get()), TLS1_3_VERSION);
  Connection conn(ctx.get(), modern);
  ASSERT_TRUE(conn.handshake()) << conn.server_reason();
  EXPECT_EQ(conn.version(), TLS1_3_VERSION);
  EXPECT_EQ(conn.cipher(), "TLS_AES_256_GCM_SHA384");  // server order, not the client's

  ClientOptions chacha = modern;
  chacha.min_version = TLS1_3_VERSION;
  chacha.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";
  Connection refused(ctx.get(), chacha);
  EXPECT_FALSE(refused.handshake());
  EXPECT_EQ(refused.client_alert_received(), kAlertHandshakeFailure);
}

TEST_F(ServerContext, ServerPreferenceWins) {
  const auto p = policy();
  struct Case {
    const certs::DeviceCertificate* cert;
    const char* family;  // the suites this certificate can serve
  };
  for (const Case& c : {Case{ecdsa_, "ECDHE-ECDSA-"}, Case{rsa_, "ECDHE-RSA-"}}) {
    std::vector<std::string> usable;
    for (const std::string& suite : p.tls12_suites) {
      if (suite.starts_with(c.family)) usable.push_back(suite);
    }
    ASSERT_GE(usable.size(), 2u);
    std::string reversed;
    for (auto it = usable.rbegin(); it != usable.rend(); ++it) {
      if (!reversed.empty()) reversed += ':';
      reversed += *it;
    }
    auto ctx = context(*c.cert);
    ClientOptions client;
    client.cipher_list = reversed;
    Connection conn(ctx.get(), client);
    ASSERT_TRUE(conn.handshake()) << conn.server_reason();
    EXPECT_EQ(conn.cipher(), usable.front()) << "client offered " << reversed;
  }
}

TEST_F(ServerContext, OnlyP256AndP384KeyExchange) {
  // The RSA certificate: in TLS 1.2 a client's groups also bound the curve of an ECDSA
  // certificate, so a P-384-only client could not use the P-256 device key at all.
  auto ctx = context(*rsa_);
  ClientOptions x25519;
  x25519.groups = "X25519";
  x25519.cipher_list = "ECDHE";  // else static RSA (a guide suite) would be chosen
  Connection refused(ctx.get(), x25519);
  EXPECT_FALSE(refused.handshake());

  ClientOptions p384;
  p384.groups = "P-384";
  p384.cipher_list = "ECDHE";
  Connection accepted(ctx.get(), p384);
  ASSERT_TRUE(accepted.handshake()) << accepted.server_reason();
  EXPECT_EQ(SSL_get_negotiated_group(accepted.server()), NID_secp384r1);
}

TEST_F(ServerContext, RenegotiationIsRefused) {
  auto ctx = context(*ecdsa_);
  Connection conn(ctx.get(), ClientOptions{});
  ASSERT_TRUE(conn.handshake());
  // The server cannot start one.
  EXPECT_EQ(SSL_renegotiate(conn.server()), 0);
  // A client's request is not honoured: its renegotiation never completes.
  ASSERT_EQ(SSL_renegotiate(conn.client()), 1);
  char byte = 0;
  bool client_failed = false;
  for (int round = 0; round < 16; ++round) {
    const int rc = SSL_do_handshake(conn.client());
    if (rc <= 0) {
      const int error = SSL_get_error(conn.client(), rc);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) client_failed = true;
    }
    ERR_clear_error();
    (void)SSL_read(conn.server(), &byte, 1);
    ERR_clear_error();
    if (client_failed) break;
  }
  EXPECT_TRUE(client_failed || SSL_renegotiate_pending(conn.client()) == 1);
  EXPECT_TRUE(client_failed);
  // The server answers the new ClientHello with no_renegotiation (100); the client, which
  // asked for it, then aborts.
  ASSERT_FALSE(conn.client_alerts().empty());
  EXPECT_EQ(conn.client_alerts().front(), SSL_AD_NO_RENEGOTIATION);
}

TEST_F(ServerContext, FipsModeNarrowsTheSuites) {
  ClientOptions cbc;
  cbc.cipher_list = "ECDHE-ECDSA-AES128-SHA256";  // a guide suite, not FIPS mode's
  {
    auto ctx = context(*ecdsa_);
    Connection conn(ctx.get(), cbc);
    EXPECT_TRUE(conn.handshake()) << conn.server_reason();
  }
  set("tls.fips140_mode", true);
  auto p = policy();
  EXPECT_EQ(p.tls12_suites.size(), 4u);
  auto ctx = context(*ecdsa_);
  Connection refused(ctx.get(), cbc);
  EXPECT_FALSE(refused.handshake());
  EXPECT_EQ(refused.client_alert_received(), kAlertHandshakeFailure);
  EXPECT_EQ(refused.server_reason(), "no shared cipher");

  ClientOptions gcm;
  gcm.cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384";
  Connection accepted(ctx.get(), gcm);
  ASSERT_TRUE(accepted.handshake()) << accepted.server_reason();
  EXPECT_EQ(accepted.cipher(), "ECDHE-ECDSA-AES256-GCM-SHA384");
}

TEST_F(ServerContext, PlainHttpOnTheTlsPortIsNotTlsAndLeaksNothing) {
  auto ctx = context(*ecdsa_);
  detail::SslPtr server(SSL_new(ctx.get()));
  BIO* ours = nullptr;
  BIO* theirs = nullptr;
  ASSERT_EQ(BIO_new_bio_pair(&ours, 0, &theirs, 0), 1);
  SSL_set_bio(server.get(), theirs, theirs);
  const std::string request = "GET /?password=hunter2 HTTP/1.1\r\nHost: mfp\r\n\r\n";
  ASSERT_EQ(BIO_write(ours, request.data(), static_cast<int>(request.size())),
            static_cast<int>(request.size()));
  ERR_clear_error();
  const int rc = SSL_accept(server.get());
  ASSERT_LE(rc, 0);
  const std::string reason = describe_handshake_failure(SSL_get_error(server.get(), rc));
  EXPECT_EQ(reason, "not TLS");
  EXPECT_EQ(reason.find("hunter2"), std::string::npos);
  BIO_free(ours);
}

TEST_F(ServerContext, ChainCertificatesAreSent) {
  auto ctx = context(*rsa_);
  Connection conn(ctx.get(), ClientOptions{});
  ASSERT_TRUE(conn.handshake());
  X509* peer = SSL_get0_peer_certificate(conn.client());
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(X509_cmp(peer, rsa_->leaf().native()), 0);
}

}  // namespace
}  // namespace mfp::security::tls
