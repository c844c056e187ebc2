#pragma once
// FaxLine: a telephone line as the controller's fax modem sees it: calls out and in, and 8 kHz
// linear audio exchanged in 20 ms chunks while a call is up. The device's T.30 endpoint
// (SpanDSP) runs above it and only ITU-T G3 fax is ever spoken on it; nothing on the line
// reaches the network (the guide's "PSTN fax – network separation"). A real device implements
// it over its fax modem; the fax issue brings the simulated telephone network.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/status.h"

namespace mfp::engine_hw {

// One call, connected. Not thread-safe: the one T.30 session on it drives it. Destroying it
// hangs up.
class FaxCall {
 public:
  static constexpr std::uint32_t kSampleRate = 8000;
  static constexpr std::size_t kChunk = 160;  // samples per exchange(): 20 ms

  virtual ~FaxCall() = default;
  // The calling number on an incoming call (caller ID; empty when withheld), the dialled one on
  // an outgoing call.
  [[nodiscard]] virtual std::string remote_number() const = 0;
  // Sends kChunk samples and receives the kChunk the line carried meanwhile: one 20 ms step of
  // the call (a simulated line counts steps, so calls are deterministic and take no real time).
  // unavailable once the far end hung up (the call is over); invalid_argument for other sizes.
  [[nodiscard]] virtual pipeline::Status exchange(std::span<const std::int16_t> transmit,
                                                  std::span<std::int16_t> receive) noexcept = 0;
  virtual void hang_up() noexcept = 0;
};

// Every method is thread-safe and never throws.
class FaxLine {
 public:
  virtual ~FaxLine() = default;
  [[nodiscard]] virtual std::string_view id() const noexcept = 0;  // "line-1"
  // Calls `number` and waits up to `ring_timeout` for an answer. unavailable with the reason
  // "busy", "no-answer" or "no-dial-tone"; invalid_argument for a number that is not digits.
  [[nodiscard]] virtual pipeline::Result<std::unique_ptr<FaxCall>> dial(
      std::string_view number, std::chrono::milliseconds ring_timeout) noexcept = 0;
  // Answers the next incoming call, waiting up to `wait`: nullptr when none rang meanwhile.
  [[nodiscard]] virtual pipeline::Result<std::unique_ptr<FaxCall>> answer(
      std::chrono::milliseconds wait) noexcept = 0;
};

}  // namespace mfp::engine_hw
