#pragma once
// RawDocumentStream: the page-description bytes of a raw (port 9100) job as a DocumentStream:
// the bytes already read past the PJL header, then the socket, up to the connection's end or
// the next Universal Exit Language (UEL) — the PJL trailer ("UEL @PJL EOJ UEL") is not part of
// the document. The last 8 bytes read are held back until more arrive, so a UEL split across
// two reads is never passed on in part.
//
// Failure: io_error when the socket fails, or when no byte arrives for the socket's receive
// timeout (a stalled sender); the job then aborts and nothing of it prints. Borrows the socket,
// and `delivered`, which counts the bytes passed on: the job manager drops the stream once it
// has spooled it, so the count the caller logs must outlive the stream.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pipeline/stage.h"

namespace mfp::frontends::raw {

class RawDocumentStream final : public pipeline::DocumentStream {
 public:
  RawDocumentStream(int fd, std::vector<std::uint8_t> prefix, std::uint64_t& delivered) noexcept;
  ~RawDocumentStream() override;
  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept override;
  // True once the stream stopped at a UEL (the connection may still hold the PJL trailer).
  [[nodiscard]] bool ended_at_uel() const noexcept { return uel_; }

 private:
  int fd_;
  std::vector<std::uint8_t> pending_;  // read but not yet delivered (zeroed when dropped)
  bool eof_ = false;
  bool uel_ = false;
  std::uint64_t& delivered_;
};

}  // namespace mfp::frontends::raw
