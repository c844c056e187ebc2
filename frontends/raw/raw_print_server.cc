#include "frontends/raw/raw_print_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

#include "engine_hw/media_size.h"
#include "frontends/http/connection_limiter.h"
#include "frontends/raw/raw_document_stream.h"
#include "security/settings/setting_keys.h"
#include "stages/rip/document_format.h"
#include "stages/rip/pjl_parser.h"

namespace mfp::frontends::raw {

using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;  // the PJL header must end within this

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(Fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd = o.fd;
      o.fd = -1;
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() noexcept {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// The MIME type of a PJL language, or empty for one the device does not print.
// The PWG media name of a PJL PAPER keyword; empty for one the device does not know.
std::string media_of_paper(std::string_view paper) {
  static constexpr std::pair<std::string_view, std::string_view> kPapers[] = {
      {"A3", "iso_a3_297x420mm"},       {"A4", "iso_a4_210x297mm"},
      {"A5", "iso_a5_148x210mm"},       {"B5", "jis_b5_182x257mm"},
      {"LETTER", "na_letter_8.5x11in"}, {"LEGAL", "na_legal_8.5x14in"},
      {"LEDGER", "na_ledger_11x17in"},  {"EXECUTIVE", "na_executive_7.25x10.5in"},
  };
  for (const auto& [keyword, media] : kPapers) {
    if (keyword == paper) return std::string(media);
  }
  return {};
}

std::string mime_of_language(const std::string& language) {
  if (language == "PDF") return std::string(stages::rip::kPdf);
  if (language == "PWG" || language == "PWGRASTER") return std::string(stages::rip::kPwgRaster);
  if (language == "URF") return std::string(stages::rip::kUrf);
  if (language == "JPEG") return std::string(stages::rip::kJpeg);
  if (language == "TIFF") return std::string(stages::rip::kTiff);
  return {};
}

std::string peer_of(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = {};
  std::uint16_t port = 0;
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
    port = ntohs(v6->sin6_port);
  }
  return std::string(host) + ":" + std::to_string(port);
}

std::string host_of_peer(const std::string& peer) {
  return peer.substr(0, peer.rfind(':'));
}

Result<Fd> listen_on(const std::string& address, std::uint16_t port) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
      ::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof(sockaddr_in);
  } else if (auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
             ::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof(sockaddr_in6);
  } else {
    return make_error(StatusCode::invalid_argument, "raw print: bad address " + address);
  }
  Fd fd(::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.fd < 0) return make_error(StatusCode::io_error, "raw print: socket failed");
  const int one = 1;
  ::setsockopt(fd.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (ss.ss_family == AF_INET6) ::setsockopt(fd.fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (::bind(fd.fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd.fd, 16) != 0) {
    return make_error(StatusCode::io_error, "raw print: cannot listen on " + address + ":" +
                                                std::to_string(port) + ": " + std::strerror(errno));
  }
  return fd;
}

}  // namespace

struct RawPrintServer::Impl {
  Impl(pipeline::device::DeviceServices& d, RawPrintOptions o)
      : device(d),
        options(std::move(o)),
        limiter(options.max_connections, options.max_connections_per_source) {}

  struct Connection {
    Fd fd;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  pipeline::device::DeviceServices& device;
  RawPrintOptions options;
  http::ConnectionLimiter limiter;
  std::vector<Fd> listen_fds;
  std::vector<std::uint16_t> ports;
  Fd wake_read, wake_write;  // a byte on the pipe stops the accept loop
  std::thread acceptor;
  std::mutex mu;
  std::list<Connection> connections;  // guarded by mu
  bool stopping = false;              // guarded by mu

  void log(std::string_view message,
           const std::vector<std::pair<std::string, std::string>>& fields) {
    if (options.log) options.log(message, fields);
  }

  void accept_loop() {
    std::vector<pollfd> polls;
    for (const Fd& l : listen_fds) polls.push_back({l.fd, POLLIN, 0});
    polls.push_back({wake_read.fd, POLLIN, 0});
    while (true) {
      if (::poll(polls.data(), polls.size(), -1) < 0 && errno != EINTR) return;
      if (polls.back().revents != 0) return;
      for (std::size_t i = 0; i + 1 < polls.size(); ++i) {
        if ((polls[i].revents & POLLIN) == 0) continue;
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        Fd fd(::accept4(polls[i].fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC));
        if (fd.fd < 0) continue;
        const std::string who = peer_of(peer);
        auto slot = limiter.try_acquire(host_of_peer(who));
        if (!slot) {
          log("raw print: connection refused (limit)", {{"peer", who}});
          continue;  // closed at once
        }
        reap();
        std::lock_guard lock(mu);
        if (stopping) return;
        Connection& c = connections.emplace_back();
        c.fd = std::move(fd);
        c.thread = std::thread(
            [this, &c, who, s = std::make_shared<http::ConnectionSlot>(std::move(*slot))] {
              serve(c.fd.fd, who);
              c.done = true;
            });
      }
    }
  }

  // Joins the threads of finished connections.
  void reap() {
    std::list<Connection> finished;
    {
      std::lock_guard lock(mu);
      for (auto it = connections.begin(); it != connections.end();) {
        if (it->done) {
          auto next = std::next(it);
          finished.splice(finished.end(), connections, it);
          it = next;
        } else {
          ++it;
        }
      }
    }
    for (auto& c : finished) c.thread.join();
  }

  void serve(int fd, const std::string& peer) noexcept {
    try {
      timeval tv{};
      tv.tv_sec = static_cast<time_t>(options.receive_timeout.count() / 1000);
      tv.tv_usec = static_cast<suseconds_t>(options.receive_timeout.count() % 1000 * 1000);
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::shutdown(fd, SHUT_WR);  // nothing is ever answered on the raw port

      // Read until the PJL header (if any) is complete, or the head decides the format.
      std::vector<std::uint8_t> head;
      head.reserve(4096);
      Result<stages::rip::PjlJob> pjl = make_error(StatusCode::truncated, "");
      while (true) {
        std::uint8_t buf[16384];
        const ssize_t got = ::recv(fd, buf, sizeof buf, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got > 0) head.insert(head.end(), buf, buf + got);
        if (stages::rip::looks_like_http(head)) {
          device.protocol().raw_data_refused(peer, "HTTP request on the raw print port");
          log("raw print: HTTP request dropped", {{"peer", peer}});
          explicit_bzero(head.data(), head.size());
          return;
        }
        pjl = stages::rip::parse_pjl_header(head);
        const bool more = got > 0 && head.size() < kMaxHead;
        if (pjl.status().code() == StatusCode::truncated && more) continue;
        if (pjl.status().code() == StatusCode::not_found && head.size() < 16 && got > 0) continue;
        if (got < 0 && head.empty()) {
          log("raw print: connection failed before any data", {{"peer", peer}});
          return;
        }
        break;
      }
      if (head.empty()) return;  // a port scan or an empty connection: nothing to print
      submit(fd, peer, std::move(head), pjl);
    } catch (...) {
      log("raw print: out of memory", {{"peer", peer}});
    }
  }

  void submit(int fd, const std::string& peer, std::vector<std::uint8_t> head,
              const Result<stages::rip::PjlJob>& pjl) {
    pipeline::jobs::SubmitRequest request;
    request.type = pipeline::JobType::print;
    request.credential = pipeline::jobs::Credential::none;
    request.name = "Port 9100 job";
    // The device's default, as for IPP: pages without color print with black toner only.
    request.options.color_mode = pipeline::ColorMode::automatic;
    std::size_t offset = 0;
    std::string format;
    if (pjl.is_ok()) {
      const stages::rip::PjlJob& j = pjl.value();
      offset = j.payload_offset;
      if (j.job_name) request.name = *j.job_name;
      if (j.user_name) request.user_name = *j.user_name;
      if (j.copies) request.copies = static_cast<std::uint32_t>(*j.copies);
      if (j.resolution_dpi) request.options.dpi = static_cast<std::uint32_t>(*j.resolution_dpi);
      if (j.render_mode == stages::rip::PjlRenderMode::grayscale) {
        request.options.color_mode = pipeline::ColorMode::monochrome;
        request.ticket.print_color_mode = "monochrome";
      } else if (j.render_mode == stages::rip::PjlRenderMode::color) {
        request.options.color_mode = pipeline::ColorMode::color;
        request.ticket.print_color_mode = "color";
      }
      if (j.paper) {
        // The paper the job asked for: its pages are laid on that size (print-scaling auto).
        const std::string media = media_of_paper(*j.paper);
        if (engine_hw::set_layout_media(request.options.layout, media).is_ok()) {
          request.options.layout.margin_mm = engine_hw::kUnprintableMarginMm;
          request.ticket.media = media;
        }
      }
      if (j.duplex.value_or(false)) {
        request.options.sides = j.binding == stages::rip::PjlBinding::short_edge
                                    ? pipeline::Sides::two_sided_short_edge
                                    : pipeline::Sides::two_sided_long_edge;
        request.ticket.sides = std::string(pipeline::to_keyword(request.options.sides));
      }
      audit_dropped(j, peer);
      if (j.language) {
        format = mime_of_language(*j.language);
        if (format.empty()) {
          // The language is the sender's text: not logged.
          log("raw print: job refused, unsupported PJL language", {{"peer", peer}});
          return;
        }
      }
    } else if (pjl.status().code() != StatusCode::not_found) {
      log("raw print: job refused, bad PJL header",
          {{"peer", peer}, {"reason", std::string(pipeline::to_string(pjl.status().code()))}});
      return;
    }
    std::vector<std::uint8_t> rest(head.begin() + static_cast<std::ptrdiff_t>(offset), head.end());
    explicit_bzero(head.data(), head.size());
    std::uint64_t received = 0;  // outlives the stream, which submit() drops after spooling
    auto stream = std::make_unique<RawDocumentStream>(fd, std::move(rest), received);
    pipeline::jobs::SubmitDocument doc;
    doc.format = format;
    doc.name = request.name;
    doc.stream = std::move(stream);
    request.documents.push_back(std::move(doc));
    // No credentials on this port: the unauthenticated caller, as Receive Control expects.
    const pipeline::device::Caller caller{security::ownership::Subject::unauthenticated(),
                                          pipeline::device::Interface::raw, peer};
    auto id = device.jobs().submit(caller, std::move(request));
    if (id) {
      log("raw print: job accepted", {{"peer", peer},
                                      {"job", std::to_string(id.value())},
                                      {"bytes", std::to_string(received)}});
    } else {
      log("raw print: job not accepted",
          {{"peer", peer}, {"reason", std::string(pipeline::to_string(id.status().code()))}});
    }
  }

  void audit_dropped(const stages::rip::PjlJob& j, const std::string& peer) {
    const bool audited = !device.protocol().setting(security::settings::kPjlFileSystemCommands);
    for (const auto& d : j.dropped) {
      if (d.disposition != stages::rip::PjlDisposition::dangerous) continue;
      if (audited) {
        device.protocol().pjl_command_refused(d.keyword, "Port 9100", peer);
      }
      log("raw print: PJL command dropped", {{"peer", peer}, {"command", d.keyword}});
    }
  }

  void shutdown_all() noexcept {
    {
      std::lock_guard lock(mu);
      stopping = true;
      for (auto& c : connections) ::shutdown(c.fd.fd, SHUT_RDWR);
    }
    if (wake_write.fd >= 0) {
      const char b = 1;
      (void)!::write(wake_write.fd, &b, 1);
    }
    if (acceptor.joinable()) acceptor.join();
    std::list<Connection> all;
    {
      std::lock_guard lock(mu);
      all.swap(connections);
    }
    for (auto& c : all) {
      if (c.thread.joinable()) c.thread.join();
    }
    listen_fds.clear();
  }
};

RawPrintServer::RawPrintServer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

RawPrintServer::~RawPrintServer() {
  stop();
}

Result<std::unique_ptr<RawPrintServer>> RawPrintServer::start(
    pipeline::device::DeviceServices& device, RawPrintOptions options) {
  auto impl = std::make_unique<Impl>(device, std::move(options));
  for (const auto& address : impl->options.addresses) {
    MFP_ASSIGN_OR_RETURN(Fd fd, listen_on(address, impl->options.port));
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(fd.fd, reinterpret_cast<sockaddr*>(&bound), &len);
    impl->ports.push_back(bound.ss_family == AF_INET6
                              ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                              : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port));
    impl->listen_fds.push_back(std::move(fd));
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return make_error(StatusCode::resource_exhausted, "raw print: no pipe");
  }
  impl->wake_read = Fd(pipe_fds[0]);
  impl->wake_write = Fd(pipe_fds[1]);
  Impl* p = impl.get();
  impl->acceptor = std::thread([p] { p->accept_loop(); });
  return std::unique_ptr<RawPrintServer>(new RawPrintServer(std::move(impl)));  // NOLINT: private
}

void RawPrintServer::stop() noexcept {
  if (impl_) impl_->shutdown_all();
}

std::uint16_t RawPrintServer::port(std::size_t i) const noexcept {
  return i < impl_->ports.size() ? impl_->ports[i] : 0;
}

std::size_t RawPrintServer::listeners() const noexcept {
  return impl_->ports.size();
}

}  // namespace mfp::frontends::raw
