#include "bench/ipp_load.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "bench/client_connection.h"
#include "frontends/ipp/ipp_message.h"
#include "frontends/ipp/ipp_reader.h"
#include "frontends/ipp/ipp_writer.h"

namespace mfp::bench {

namespace {

using frontends::ipp::IppAttribute;
using frontends::ipp::IppGroupTag;
using frontends::ipp::IppMessage;
using frontends::ipp::IppValue;
using frontends::ipp::IppValueTag;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

std::string basic(const IppTarget& t) {
  if (t.user.empty()) return {};
  const std::string plain = t.user + ":" + t.password;
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()),
                                static_cast<int>(plain.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Authorization: Basic " + out + "\r\n";
}

IppMessage request(const IppTarget& t, frontends::ipp::IppOperation op, std::int32_t id) {
  IppMessage m;
  m.code = static_cast<std::uint16_t>(op);
  m.request_id = id;
  m.add(IppGroupTag::operation,
        IppAttribute("attributes-charset", IppValue::string(IppValueTag::charset, "utf-8")));
  m.add(IppGroupTag::operation,
        IppAttribute("attributes-natural-language",
                     IppValue::string(IppValueTag::natural_language, "en")));
  m.add(IppGroupTag::operation,
        IppAttribute("printer-uri", IppValue::string(IppValueTag::uri, t.uri())));
  m.add(IppGroupTag::operation,
        IppAttribute("requesting-user-name", IppValue::string(IppValueTag::name_without_language,
                                                              t.user.empty() ? "bench" : t.user)));
  return m;
}

std::string http_head(const IppTarget& t, std::uint64_t length) {
  return "POST " + t.path + " HTTP/1.1\r\nHost: localhost:" + std::to_string(t.port) +
         "\r\nContent-Type: application/ipp\r\nContent-Length: " + std::to_string(length) + "\r\n" +
         basic(t) + "\r\n";
}

// Sends one IPP request without document; the IPP status code of the answer.
Result<std::pair<int, std::string>> exchange(ClientConnection& c, const IppTarget& t,
                                             const IppMessage& m) {
  MFP_ASSIGN_OR_RETURN(auto bytes, frontends::ipp::IppWriter::encode(m));
  std::string wire = http_head(t, bytes.size());
  wire.append(bytes.begin(), bytes.end());
  MFP_RETURN_IF_ERROR(c.write_all(wire.data(), wire.size()));
  MFP_ASSIGN_OR_RETURN(auto response, c.read_response());
  if (response.first != 200 || response.second.size() < 8) {
    return make_error(StatusCode::io_error, "HTTP " + std::to_string(response.first));
  }
  const int ipp = (static_cast<std::uint8_t>(response.second[2]) << 8) |
                  static_cast<std::uint8_t>(response.second[3]);
  return std::make_pair(ipp, std::move(response.second));
}

// Polls until the printer is idle with no queued job (at most 10 minutes).
Status wait_idle(const IppTarget& t, SSL_CTX* ctx) {
  MFP_ASSIGN_OR_RETURN(auto c, ClientConnection::open(t.host, t.port, ctx));
  for (int i = 0; i < 6000; ++i) {
    IppMessage m = request(t, frontends::ipp::IppOperation::get_printer_attributes, i + 1);
    m.add(IppGroupTag::operation,
          IppAttribute("requested-attributes",
                       std::vector<IppValue>{IppValue::keyword("printer-state"),
                                             IppValue::keyword("queued-job-count")}));
    MFP_ASSIGN_OR_RETURN(auto answer, exchange(*c, t, m));
    const auto* p = reinterpret_cast<const std::uint8_t*>(answer.second.data());
    auto parsed = frontends::ipp::IppReader::parse(std::span(p, answer.second.size()), {});
    if (parsed) {
      const auto* state = parsed.value().message.find(IppGroupTag::printer, "printer-state");
      const auto* queued = parsed.value().message.find(IppGroupTag::printer, "queued-job-count");
      const bool idle = state != nullptr && !state->values.empty() &&
                        state->values.front().as_integer() != nullptr &&
                        *state->values.front().as_integer() == 3;
      const bool empty = queued == nullptr || (!queued->values.empty() &&
                                               queued->values.front().as_integer() != nullptr &&
                                               *queued->values.front().as_integer() == 0);
      if (idle && empty) return Status::ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return make_error(StatusCode::io_error, "the printer did not become idle");
}

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

}  // namespace

Result<IppTarget> IppTarget::from_uri(const std::string& uri) {
  IppTarget t;
  std::string rest;
  if (uri.rfind("ipps://", 0) == 0) {
    rest = uri.substr(7);
  } else {
    return make_error(StatusCode::invalid_argument, "an ipps:// URI");
  }
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  t.path = slash == std::string::npos ? "/ipp/print" : rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    return make_error(StatusCode::invalid_argument, "credentials go in the environment");
  }
  std::size_t colon = authority.rfind(':');
  if (colon == std::string::npos || authority.find(']', colon) != std::string::npos) {
    return make_error(StatusCode::invalid_argument, "the URI needs a port");
  }
  t.host = authority.substr(0, colon);
  if (t.host.size() > 2 && t.host.front() == '[') t.host = t.host.substr(1, t.host.size() - 2);
  t.port = static_cast<std::uint16_t>(std::strtoul(authority.c_str() + colon + 1, nullptr, 10));
  if (!loopback(t.host)) {
    return make_error(StatusCode::invalid_argument, "benchmarks run on loopback only");
  }
  return t;
}

std::string IppTarget::uri() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "ipps://" + h + ":" + std::to_string(port) + path;
}

Result<AttributesLoad> printer_attributes_load(const IppTarget& target, unsigned clients,
                                               std::chrono::milliseconds duration) {
  if (!loopback(target.host)) return make_error(StatusCode::invalid_argument, "loopback only");
  SslCtxPtr ctx = client_context();
  if (!ctx) return make_error(StatusCode::internal, "TLS client context");
  std::atomic<std::uint64_t> ok{0}, errors{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  std::vector<std::unique_ptr<ClientConnection>> connections(clients);
  // Connect everyone first: the measured window is steady-state requests.
  for (unsigned i = 0; i < clients; ++i) {
    MFP_ASSIGN_OR_RETURN(connections[i],
                         ClientConnection::open(target.host, target.port, ctx.get()));
  }
  const auto start = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      ClientConnection& c = *connections[i];
      std::int32_t id = 1;
      while (!stop.load(std::memory_order_relaxed)) {
        IppMessage m = request(target, frontends::ipp::IppOperation::get_printer_attributes, id++);
        m.add(IppGroupTag::operation,
              IppAttribute("requested-attributes", IppValue::keyword("all")));
        auto answer = exchange(c, target, m);
        if (answer && answer.value().first == 0) {
          ok.fetch_add(1, std::memory_order_relaxed);
        } else {
          errors.fetch_add(1, std::memory_order_relaxed);
          if (!answer) break;  // the connection is gone
        }
      }
    });
  }
  std::this_thread::sleep_for(duration);
  stop = true;
  for (auto& t : threads) t.join();
  AttributesLoad out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.requests = ok;
  out.errors = errors;
  return out;
}

Result<IngestResult> print_job_ingest(const IppTarget& target,
                                      const std::filesystem::path& document, unsigned repeat) {
  if (!loopback(target.host)) return make_error(StatusCode::invalid_argument, "loopback only");
  SslCtxPtr ctx = client_context();
  if (!ctx) return make_error(StatusCode::internal, "TLS client context");
  std::string format = "application/octet-stream";
  const std::string ext = document.extension().string();
  if (ext == ".pwg") format = "image/pwg-raster";
  if (ext == ".jpg" || ext == ".jpeg") format = "image/jpeg";
  if (ext == ".urf") format = "image/urf";
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(document, ec);
  if (ec) return make_error(StatusCode::io_error, "cannot read " + document.string());
  std::vector<double> times;
  for (unsigned r = 0; r < repeat; ++r) {
    MFP_RETURN_IF_ERROR(wait_idle(target, ctx.get()));
    MFP_ASSIGN_OR_RETURN(auto c, ClientConnection::open(target.host, target.port, ctx.get()));
    IppMessage m = request(target, frontends::ipp::IppOperation::print_job, 1);
    m.add(IppGroupTag::operation,
          IppAttribute("job-name", IppValue::string(IppValueTag::name_without_language, "ingest")));
    m.add(IppGroupTag::operation,
          IppAttribute("document-format", IppValue::string(IppValueTag::mime_media_type, format)));
    MFP_ASSIGN_OR_RETURN(auto header, frontends::ipp::IppWriter::encode(m));
    std::ifstream in(document, std::ios::binary);
    std::vector<char> chunk(1 << 20);
    const auto t0 = std::chrono::steady_clock::now();
    const std::string head = http_head(target, header.size() + size);
    MFP_RETURN_IF_ERROR(c->write_all(head.data(), head.size()));
    MFP_RETURN_IF_ERROR(c->write_all(header.data(), header.size()));
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0) break;
      MFP_RETURN_IF_ERROR(c->write_all(chunk.data(), n));
    }
    MFP_ASSIGN_OR_RETURN(auto response, c->read_response());
    const auto t1 = std::chrono::steady_clock::now();
    if (response.first != 200 || response.second.size() < 8 || response.second[2] != 0) {
      return make_error(StatusCode::io_error,
                        "Print-Job refused (HTTP " + std::to_string(response.first) + ")");
    }
    times.push_back(std::chrono::duration<double>(t1 - t0).count());
  }
  std::sort(times.begin(), times.end());
  IngestResult out;
  out.bytes = size;
  out.best_seconds = times.front();
  out.median_seconds = times[times.size() / 2];
  return out;
}

}  // namespace mfp::bench
