#pragma once
// RequestBodyStream: a request body as a DocumentStream: the bytes a handler already read past
// its own header (an IPP message's attributes), then the rest straight from the connection,
// so a document streams into sealed storage while it uploads and never sits whole in memory.
//
// Failure: HttpExchange::read_body()'s errors. Borrows the exchange (it must outlive the
// stream); the copied prefix is zeroed when consumed or destroyed.

#include <cstdint>
#include <span>
#include <vector>

#include "frontends/http/http_exchange.h"
#include "pipeline/stage.h"

namespace mfp::frontends::http {

class RequestBodyStream final : public pipeline::DocumentStream {
 public:
  RequestBodyStream(HttpExchange& exchange, std::span<const std::uint8_t> prefix)
      : exchange_(exchange), prefix_(prefix.begin(), prefix.end()) {}
  ~RequestBodyStream() override;
  RequestBodyStream(const RequestBodyStream&) = delete;
  RequestBodyStream& operator=(const RequestBodyStream&) = delete;

  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) override;
  // Bytes handed out so far.
  [[nodiscard]] std::uint64_t delivered() const noexcept { return delivered_; }

 private:
  HttpExchange& exchange_;
  std::vector<std::uint8_t> prefix_;
  std::size_t prefix_pos_ = 0;
  std::uint64_t delivered_ = 0;
};

}  // namespace mfp::frontends::http
