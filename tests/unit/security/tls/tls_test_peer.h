#pragma once
// Test code only: an in-memory TLS client and a handshake pump over a BIO pair (no sockets),
// driving a server SSL made from a server context and a client SSL made from ClientOptions.

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "security/tls/detail/openssl_ptr.h"
#include "security/tls/handshake_failure.h"

namespace mfp::security::tls::testing {

struct ClientOptions {
  int min_version = TLS1_2_VERSION;
  int max_version = TLS1_2_VERSION;
  std::string cipher_list = "DEFAULT";  // TLS 1.2 and below, OpenSSL names
  std::string ciphersuites =
      "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:"
      "TLS_CHACHA20_POLY1305_SHA256";
  std::string groups;      // "" = OpenSSL's default
  int security_level = 1;  // 0 lets the client offer TLS 1.0/1.1 at all
};

// One client and one server SSL joined by a BIO pair.
class Connection {
 public:
  Connection(SSL_CTX* server_ctx, const ClientOptions& options) {
    client_ctx_.reset(SSL_CTX_new(TLS_client_method()));
    SSL_CTX* c = client_ctx_.get();
    SSL_CTX_set_security_level(c, options.security_level);
    SSL_CTX_set_min_proto_version(c, options.min_version);
    SSL_CTX_set_max_proto_version(c, options.max_version);
    SSL_CTX_set_cipher_list(c, options.cipher_list.c_str());
    SSL_CTX_set_ciphersuites(c, options.ciphersuites.c_str());
    if (!options.groups.empty()) SSL_CTX_set1_groups_list(c, options.groups.c_str());
    SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
    client_.reset(SSL_new(c));
    server_.reset(SSL_new(server_ctx));
    BIO* client_bio = nullptr;
    BIO* server_bio = nullptr;
    BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
    SSL_set_bio(client_.get(), client_bio, client_bio);
    SSL_set_bio(server_.get(), server_bio, server_bio);
    SSL_set_connect_state(client_.get());
    SSL_set_accept_state(server_.get());
    SSL_set_app_data(client_.get(), this);
    SSL_set_info_callback(client_.get(), &Connection::on_client_info);
    ERR_clear_error();
  }

  // Runs both sides until each has finished or failed. True when both finished.
  bool handshake() {
    for (int round = 0; round < 64 && !(client_settled() && server_settled()); ++round) {
      if (!client_settled()) step(client_.get(), client_done_, client_failed_, nullptr);
      if (!server_settled()) step(server_.get(), server_done_, server_failed_, &server_reason_);
    }
    return client_done_ && server_done_;
  }

  SSL* client() { return client_.get(); }
  SSL* server() { return server_.get(); }
  // The last alert description the client received (-1: none), e.g. 70 protocol_version.
  int client_alert_received() const { return client_alert_; }
  // Every alert description the client received, in order.
  const std::vector<int>& client_alerts() const { return client_alerts_; }
  // describe_handshake_failure() of the server's failure ("" when it did not fail).
  const std::string& server_reason() const { return server_reason_; }
  std::string cipher() const { return SSL_get_cipher_name(server_.get()); }
  int version() const { return SSL_version(server_.get()); }

 private:
  bool client_settled() const { return client_done_ || client_failed_; }
  bool server_settled() const { return server_done_ || server_failed_; }

  static void step(SSL* ssl, bool& done, bool& failed, std::string* reason) {
    ERR_clear_error();
    const int rc = SSL_do_handshake(ssl);
    if (rc == 1) {
      done = true;
      return;
    }
    const int error = SSL_get_error(ssl, rc);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
    failed = true;
    if (reason != nullptr) {
      *reason = describe_handshake_failure(error);
    } else {
      ERR_clear_error();
    }
  }

  static void on_client_info(const SSL* ssl, int where, int value) {
    if ((where & SSL_CB_READ_ALERT) != 0) {
      auto* self = static_cast<Connection*>(SSL_get_app_data(ssl));
      self->client_alert_ = value & 0xff;
      self->client_alerts_.push_back(value & 0xff);
    }
  }

  detail::SslCtxPtr client_ctx_;
  detail::SslPtr client_;
  detail::SslPtr server_;
  bool client_done_ = false;
  bool client_failed_ = false;
  bool server_done_ = false;
  bool server_failed_ = false;
  int client_alert_ = -1;
  std::vector<int> client_alerts_;
  std::string server_reason_;
};

}  // namespace mfp::security::tls::testing
