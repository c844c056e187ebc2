#include "bench/web_load.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/client_connection.h"

namespace mfp::bench {

namespace {

using pipeline::make_error;
using pipeline::Result;
using pipeline::StatusCode;
using Clock = std::chrono::steady_clock;

std::string form_escape(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string host_field(const WebTarget& t) {
  return t.host + ":" + std::to_string(t.port);
}

// Logs in through the login form; the session cookie ("name=value").
Result<std::string> log_in(const WebTarget& t, SSL_CTX* ctx) {
  MFP_ASSIGN_OR_RETURN(auto c, ClientConnection::open(t.host, t.port, ctx));
  const std::string body = "user=" + form_escape(t.user) + "&password=" + form_escape(t.password) +
                           "&next=/home/index.html";
  const std::string request = "POST /login HTTP/1.1\r\nHost: " + host_field(t) +
                              "\r\nOrigin: " + (t.tls ? "https://" : "http://") + host_field(t) +
                              "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                              "Content-Length: " +
                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  MFP_RETURN_IF_ERROR(c->write_all(request.data(), request.size()));
  MFP_ASSIGN_OR_RETURN(auto answer, c->read_response_with_head());
  const auto& [status, head, page] = answer;
  if (status != 303)
    return make_error(StatusCode::io_error, "login answered " + std::to_string(status));
  const std::string field = "set-cookie: ";
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  const std::size_t at = lower.find(field);
  if (at == std::string::npos) return make_error(StatusCode::io_error, "login set no cookie");
  const std::size_t start = at + field.size();
  return head.substr(start, head.find(';', start) - start);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

Result<WebTarget> WebTarget::from_url(const std::string& url) {
  WebTarget t;
  std::string rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    t.tls = false;
    rest = url.substr(7);
  } else {
    return make_error(StatusCode::invalid_argument, "not an http(s) URL: " + url);
  }
  const std::size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  t.target = slash == std::string::npos ? "/" : rest.substr(slash);
  const std::size_t colon = authority.rfind(':');
  if (colon == std::string::npos) return make_error(StatusCode::invalid_argument, "no port");
  t.host = authority.substr(0, colon);
  t.port = static_cast<std::uint16_t>(std::stoi(authority.substr(colon + 1)));
  if (t.host != "127.0.0.1" && t.host != "localhost" && t.host != "[::1]") {
    return make_error(StatusCode::invalid_argument, "loopback only: " + t.host);
  }
  if (t.host == "[::1]") t.host = "::1";
  return t;
}

Result<WebLoad> web_page_load(const WebTarget& target, unsigned clients,
                              std::chrono::milliseconds duration, bool logins_alongside) {
  SslCtxPtr ctx = target.tls ? client_context() : nullptr;
  if (target.tls && !ctx) return make_error(StatusCode::io_error, "TLS: no client context");
  std::vector<std::unique_ptr<ClientConnection>> connections(clients);
  std::vector<std::string> cookies(clients);
  for (unsigned i = 0; i < clients; ++i) {
    if (!target.user.empty()) {
      MFP_ASSIGN_OR_RETURN(cookies[i], log_in(target, ctx.get()));
    }
    MFP_ASSIGN_OR_RETURN(connections[i],
                         ClientConnection::open(target.host, target.port, ctx.get()));
  }
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> page_bytes{0};
  std::mutex mu;
  std::vector<double> latencies;
  std::vector<double> login_latencies;
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (unsigned i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      std::string request =
          "GET " + target.target + " HTTP/1.1\r\nHost: " + host_field(target) + "\r\n";
      if (!cookies[i].empty()) request += "Cookie: " + cookies[i] + "\r\n";
      request += "\r\n";
      std::vector<double> mine;
      while (!stop.load(std::memory_order_relaxed)) {
        const auto t0 = Clock::now();
        if (!connections[i]->write_all(request.data(), request.size()).is_ok()) {
          ++errors;
          break;
        }
        auto r = connections[i]->read_response();
        if (!r) {
          ++errors;
          break;
        }
        if (r->first != 200) {
          ++errors;
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        page_bytes = r->second.size();
      }
      std::lock_guard lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  if (logins_alongside && !target.user.empty()) {
    threads.emplace_back([&] {
      std::vector<double> mine;
      while (!stop.load(std::memory_order_relaxed)) {
        const auto t0 = Clock::now();
        if (!log_in(target, ctx.get())) {
          ++errors;
          break;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      std::lock_guard lock(mu);
      login_latencies = std::move(mine);
    });
  }
  std::this_thread::sleep_for(duration);
  stop = true;
  for (auto& t : threads) t.join();
  WebLoad out;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.requests = latencies.size();
  out.errors = errors.load();
  out.page_bytes = page_bytes.load();
  out.p50_ms = percentile(latencies, 0.50);
  out.p99_ms = percentile(latencies, 0.99);
  out.max_ms = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
  out.logins = login_latencies.size();
  out.login_p50_ms = percentile(login_latencies, 0.50);
  return out;
}

}  // namespace mfp::bench
