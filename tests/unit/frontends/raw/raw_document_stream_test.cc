// The raw port's document stream: the document ends at the connection's end or at a UEL, even
// one split across reads (no part of it is passed on), and a stalled sender is an error.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "frontends/raw/raw_document_stream.h"

namespace mfp::frontends::raw {
namespace {

struct Pair {
  int fds[2] = {-1, -1};
  Pair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0); }
  ~Pair() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
};

std::string read_all(RawDocumentStream& s, pipeline::Status* status = nullptr) {
  std::string out;
  std::uint8_t buf[7];  // small reads exercise the held-back tail
  while (true) {
    auto n = s.read(buf);
    if (!n.is_ok()) {
      if (status != nullptr) *status = n.status();
      return out;
    }
    if (n.value() == 0) return out;
    out.append(reinterpret_cast<const char*>(buf), n.value());
  }
}

// Writes `chunks` one by one (with pauses so they arrive as separate reads), then closes.
void feed(int fd, std::vector<std::string> chunks) {
  for (const auto& c : chunks) {
    ASSERT_EQ(::write(fd, c.data(), c.size()), static_cast<ssize_t>(c.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::shutdown(fd, SHUT_WR);
}

TEST(RawDocumentStream, EndsAtTheConnectionsEnd) {
  Pair p;
  std::thread w(feed, p.fds[1], std::vector<std::string>{"%PDF-1.7 body ", "and more"});
  std::uint64_t delivered = 0;
  RawDocumentStream s(p.fds[0], {'<', '>'}, delivered);
  EXPECT_EQ(read_all(s), "<>%PDF-1.7 body and more");
  EXPECT_FALSE(s.ended_at_uel());
  w.join();
}

TEST(RawDocumentStream, EndsAtAUelSplitAcrossReads) {
  Pair p;
  std::thread w(feed, p.fds[1],
                std::vector<std::string>{"document bytes\x1B%-12", "345X@PJL EOJ\r\n\x1B%-12345X"});
  std::uint64_t delivered = 0;
  RawDocumentStream s(p.fds[0], {}, delivered);
  EXPECT_EQ(read_all(s), "document bytes");
  EXPECT_TRUE(s.ended_at_uel());
  EXPECT_EQ(delivered, 14u);
  w.join();
}

TEST(RawDocumentStream, AUelInThePrefixEndsTheDocument) {
  Pair p;
  const std::string prefix = "abc\x1B%-12345Xtrailer";
  std::uint64_t delivered = 0;
  RawDocumentStream s(p.fds[0], {prefix.begin(), prefix.end()}, delivered);
  EXPECT_EQ(read_all(s), "abc");
}

TEST(RawDocumentStream, AStalledSenderIsAnError) {
  Pair p;
  timeval tv{0, 100'000};  // 100 ms
  ASSERT_EQ(::setsockopt(p.fds[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
  ASSERT_EQ(::write(p.fds[1], "partial document", 16), 16);
  std::uint64_t delivered = 0;
  RawDocumentStream s(p.fds[0], {}, delivered);
  pipeline::Status status;
  read_all(s, &status);
  EXPECT_EQ(status.code(), pipeline::StatusCode::io_error) << status.to_string();
  EXPECT_NE(status.message().find("stopped sending"), std::string::npos);
}

}  // namespace
}  // namespace mfp::frontends::raw
