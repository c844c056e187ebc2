#pragma once
// MemoryExchange: an HttpExchange over memory for tests of route handlers: the request head
// and body given up front (over TLS from 127.0.0.1 unless told otherwise), the answer kept.
// Test code only.

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "frontends/http/http_exchange.h"

namespace mfp::testing {

class MemoryExchange final : public frontends::http::HttpExchange {
 public:
  MemoryExchange(std::string method, std::string target, std::string body = {}) {
    head_.method = std::move(method);
    head_.target = std::move(target);
    body_ = std::move(body);
    head_.has_body = !body_.empty();
    head_.content_length = body_.size();
    connection_.listener = "https";
    connection_.peer_address = "127.0.0.1";
    connection_.tls = true;
  }

  void add_field(std::string name, std::string value) {
    head_.fields.emplace_back(std::move(name), std::move(value));
  }
  frontends::http::ConnectionInfo& connection_info() { return connection_; }

  const frontends::http::HttpRequestHead& head() const noexcept override { return head_; }
  const frontends::http::ConnectionInfo& connection() const noexcept override {
    return connection_;
  }
  pipeline::Result<std::size_t> read_body(std::span<std::uint8_t> out) override {
    const std::size_t n = std::min(out.size(), body_.size() - read_);
    if (n > 0) std::memcpy(out.data(), body_.data() + read_, n);
    read_ += n;
    return n;
  }
  bool body_complete() const noexcept override { return read_ == body_.size(); }
  pipeline::Status respond(frontends::http::HttpResponse response) override {
    response_ = std::move(response);
    responded_ = true;
    return pipeline::Status::ok();
  }
  bool responded() const noexcept override { return responded_; }

  const frontends::http::HttpResponse& response() const { return response_; }
  // The first response field named `name` (exact case), or "".
  std::string field(std::string_view name) const {
    for (const auto& [k, v] : response_.fields) {
      if (k == name) return v;
    }
    return {};
  }

 private:
  frontends::http::HttpRequestHead head_;
  frontends::http::ConnectionInfo connection_;
  std::string body_;
  std::size_t read_ = 0;
  frontends::http::HttpResponse response_;
  bool responded_ = false;
};

}  // namespace mfp::testing
