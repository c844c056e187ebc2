#include "frontends/http/network_services.h"

#include <arpa/inet.h>

#include <cstdlib>

#include "frontends/http/host_header.h"
#include "frontends/http/printer_icon.h"
#include "frontends/ipp/printer_description.h"
#include "security/settings/setting_keys.h"
#include "security/tls/server_context.h"
#include "security/tls/tls_policy.h"

namespace mfp::frontends::http {

namespace {

namespace setting = security::settings;

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

bool is_ipv6(const std::string& address) {
  in6_addr a6{};
  return inet_pton(AF_INET6, address.c_str(), &a6) == 1;
}

// A request-target safe to echo into a Location field.
bool safe_target(std::string_view target) {
  if (target.empty() || target.front() != '/' || target.size() > 2048) return false;
  if (target.size() > 1 && target[1] == '/') return false;  // "//evil.example": not a path
  for (char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

struct NetworkServices::Plan {
  bool tls = false;
  bool ipp = false;
  bool raw = false;
  std::vector<std::string> addresses;
  std::string key;
};

NetworkServices::NetworkServices(pipeline::device::DeviceServices& device, NetworkLog log,
                                 NetworkOptions options)
    : device_(device), log_(std::move(log)), options_(std::move(options)) {}

void NetworkServices::log(bool error, std::string_view message,
                          const std::vector<std::pair<std::string, std::string>>& fields) const {
  if (log_) log_(error, message, fields);
}

NetworkServices::~NetworkServices() {
  stop();
}

pipeline::Result<std::unique_ptr<NetworkServices>> NetworkServices::start(
    pipeline::device::DeviceServices& device, NetworkLog log, NetworkOptions options) {
  std::unique_ptr<NetworkServices> services(
      new NetworkServices(device, std::move(log), std::move(options)));  // NOLINT: private
  ipp::IppPrinterOptions printer;
  printer.default_port = services->options_.ipps_port;
  // A stable identity for this device (it changes with the master key, at a factory reset).
  printer.uuid = device.protocol().printer_uuid();
  services->printer_ = std::make_unique<ipp::IppPrinter>(device, std::move(printer));
  MFP_ASSIGN_OR_RETURN(services->site_, cwis::CwisSite::create(device));
  MFP_RETURN_IF_ERROR(services->mount_https());
  MFP_RETURN_IF_ERROR(services->mount_http());
  MFP_RETURN_IF_ERROR(services->apply());
  return services;
}

NetworkServices::Plan NetworkServices::plan() const {
  Plan p;
  p.tls = device_.protocol().setting(setting::kTls);
  p.raw = device_.protocol().setting(setting::kPort9100);
  p.ipp = device_.protocol().setting(setting::kIpp);
  const auto mode = device_.protocol().setting(setting::kIpMode);
  for (const auto& a : options_.addresses) {
    const bool v6 = is_ipv6(a);
    if ((mode == security::settings::IpMode::ipv4 && v6) ||
        (mode == security::settings::IpMode::ipv6 && !v6)) {
      continue;
    }
    p.addresses.push_back(a);
  }
  p.key = std::string(p.tls ? "tls;" : "-;") + (p.ipp ? "ipp;" : "-;");
  for (const auto& a : p.addresses) p.key += a + ";";
  return p;
}

Status NetworkServices::apply() {
  std::lock_guard lock(mu_);
  const Plan p = plan();
  security::tls::detail::SslCtxPtr context;
  if (p.tls) {
    MFP_ASSIGN_OR_RETURN(auto policy, device_.protocol().tls_policy());
    auto certificate = device_.protocol().device_certificate();
    if (!certificate) return make_error(StatusCode::internal, "no device certificate");
    auto made = security::tls::make_server_context(policy, *certificate);
    if (!made) {
      // Fail closed: nothing TLS stays up on a policy the device cannot honour.
      if (server_) server_->stop();
      server_.reset();
      bound_.clear();
      plan_key_.clear();
      log(true, "TLS is unavailable", {{"reason", made.status().message()}});
      return made.status();
    }
    context = std::move(made).value();
  }
  MFP_RETURN_IF_ERROR(apply_raw(p));
  if (server_ && p.key == plan_key_) {
    if (context) server_->set_tls_context(context.get());
    return Status::ok();
  }
  if (server_) server_->stop();
  server_.reset();
  bound_.clear();
  std::vector<ListenerConfig> listeners;
  for (const auto& address : p.addresses) {
    if (p.tls && p.ipp) {
      // The IPPS port serves the printer's icons and pages too: IPP clients fetch the
      // printer-icons and printer-more-info URIs on the port they print to.
      listeners.push_back({"ipps", address, options_.ipps_port, true,
                           [this](HttpExchange& e) { https_routes_.dispatch(e); }});
    }
    if (p.tls) {
      listeners.push_back({"https", address, options_.https_port, true,
                           [this](HttpExchange& e) { https_routes_.dispatch(e); }});
    }
    listeners.push_back({"http", address, options_.http_port, false,
                         [this](HttpExchange& e) { http_routes_.dispatch(e); }});
  }
  HttpServerOptions server_options;
  server_options.limits = options_.limits;
  server_options.on_handshake_failure = [this](const HandshakeFailure& f) {
    const std::string protocol = f.listener == "ipps" ? "IPPS (TLS)" : "HTTPS (TLS)";
    const std::string peer = f.peer_address + ":" + std::to_string(f.peer_port);
    device_.protocol().trusted_communication_failed(protocol, peer, f.reason);
    log(false, "TLS handshake failed",
        {{"listener", f.listener}, {"peer", peer}, {"reason", f.reason}});
  };
  std::vector<BoundListener> names;
  names.reserve(listeners.size());
  for (const auto& l : listeners) names.push_back({l.name, l.address, 0});
  MFP_ASSIGN_OR_RETURN(
      server_, HttpServer::start(std::move(listeners), context.get(), std::move(server_options)));
  for (std::size_t i = 0; i < names.size(); ++i) {
    names[i].port = server_->port(i);
    if (names[i].name == "https") https_port_ = names[i].port;
    if (names[i].name == "ipps") ipps_port_ = names[i].port;
  }
  bound_ = std::move(names);
  plan_key_ = p.key;
  tls_on_ = p.tls;
  ipp_on_ = p.ipp;
  for (const auto& b : bound_) {
    log(false, "listening",
        {{"service", b.name}, {"address", b.address}, {"port", std::to_string(b.port)}});
  }
  return Status::ok();
}

// Starts, keeps or stops the raw print server as the plan says (mu_ held).
Status NetworkServices::apply_raw(const Plan& p) {
  std::string key;
  if (p.raw) {
    for (const auto& a : p.addresses) key += a + ";";
  }
  if (key == raw_key_) return Status::ok();
  if (raw_server_) raw_server_->stop();
  raw_server_.reset();
  raw_bound_.clear();
  raw_key_.clear();
  if (key.empty()) return Status::ok();
  raw::RawPrintOptions options;
  options.addresses = p.addresses;
  options.port = options_.raw_port;
  options.log = [this](std::string_view message,
                       const std::vector<std::pair<std::string, std::string>>& fields) {
    // Only peers, job ids, counts, status codes and PJL keywords: nothing of the document.
    std::string text;
    for (const auto& [k, v] : fields) {
      if (!text.empty()) text += ' ';
      text += k;
      text += '=';
      text += v;
    }
    log(false, message, {{"detail", text}});
  };
  MFP_ASSIGN_OR_RETURN(raw_server_, raw::RawPrintServer::start(device_, std::move(options)));
  for (std::size_t i = 0; i < raw_server_->listeners(); ++i) {
    raw_bound_.push_back({"raw", p.addresses[i], raw_server_->port(i)});
    log(false, "listening",
        {{"service", "raw"},
         {"address", p.addresses[i]},
         {"port", std::to_string(raw_server_->port(i))}});
  }
  raw_key_ = key;
  return Status::ok();
}

void NetworkServices::stop() noexcept {
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<raw::RawPrintServer> raw_server;
  {
    std::lock_guard lock(mu_);
    server = std::move(server_);
    raw_server = std::move(raw_server_);
    bound_.clear();
    raw_bound_.clear();
    plan_key_.clear();
    raw_key_.clear();
  }
  if (server) server->stop();
  if (raw_server) raw_server->stop();
}

std::vector<BoundListener> NetworkServices::listeners() const {
  std::lock_guard lock(mu_);
  std::vector<BoundListener> all = bound_;
  all.insert(all.end(), raw_bound_.begin(), raw_bound_.end());
  return all;
}

Status NetworkServices::mount_https() {
  for (auto& route :
       printer_->routes([this] { return device_.protocol().setting(setting::kIpp); })) {
    MFP_RETURN_IF_ERROR(https_routes_.add(std::move(route)));
  }
  for (const auto& path : ipp::PrinterDescription{}.icon_paths) {
    // "/icons/printer-48.png" -> 48
    const std::size_t dash = path.rfind('-');
    const std::uint32_t size =
        static_cast<std::uint32_t>(std::strtoul(path.c_str() + dash + 1, nullptr, 10));
    MFP_ASSIGN_OR_RETURN(auto png, printer_icon_png(size));
    auto body = std::make_shared<const std::string>(png.begin(), png.end());
    MFP_RETURN_IF_ERROR(https_routes_.add({path,
                                           PathMatch::exact,
                                           {Method::get, Method::head},
                                           RouteAuth::none,
                                           false,
                                           nullptr,
                                           [body](HttpExchange& e) {
                                             HttpResponse r;
                                             r.set("Content-Type", "image/png");
                                             r.set("Cache-Control", "max-age=86400");
                                             r.body = *body;
                                             (void)e.respond(std::move(r));
                                           }}));
  }
  // The browser interface: its pages, static files and the not-found page for the rest.
  return site_->mount(https_routes_);
}

Status NetworkServices::mount_http() {
  MFP_RETURN_IF_ERROR(http_routes_.add({"/",
                                        PathMatch::prefix,
                                        {Method::get, Method::head},
                                        RouteAuth::none,
                                        false,
                                        nullptr,
                                        [this](HttpExchange& e) { redirect(e); }}));
  // Not a change of state: the answer is a refusal, whatever the body.
  return http_routes_.add({"/",
                           PathMatch::prefix,
                           {Method::post},
                           RouteAuth::none,
                           false,
                           nullptr,
                           [this](HttpExchange& e) { refuse_plain_ipp(e); }});
}

namespace {

// The host the client asked for (never echoed unless plausible), or "localhost".
std::string host_name(const HttpRequestHead& head) {
  if (auto field = head.field("Host")) {
    if (auto host = HostHeader::parse(*field)) return std::move(host->host);
  }
  return "localhost";
}

HttpResponse tls_off() {
  HttpResponse r;
  r.set("Content-Type", "text/plain");
  r.status = 503;
  r.body = "This device serves nothing without TLS, and TLS is switched off.\n";
  return r;
}

}  // namespace

void NetworkServices::redirect(HttpExchange& exchange) const {
  if (!device_.protocol().setting(setting::kTls)) {
    (void)exchange.respond(tls_off());
    return;
  }
  const auto& head = exchange.head();
  HttpResponse r;
  r.set("Content-Type", "text/plain");
  r.status = 301;
  r.set("Location", "https://" + host_name(head) + ":" + std::to_string(https_port_.load()) +
                        (safe_target(head.target) ? head.target : std::string("/")));
  r.body = "Moved to HTTPS\n";
  (void)exchange.respond(std::move(r));
}

void NetworkServices::refuse_plain_ipp(HttpExchange& exchange) const {
  if (!device_.protocol().setting(setting::kTls)) {
    (void)exchange.respond(tls_off());
    return;
  }
  // IPP without TLS: never accepted (credentials and documents travel only over TLS).
  HttpResponse r;
  r.set("Content-Type", "text/plain");
  r.status = 426;
  r.set("Upgrade", "TLS/1.2, HTTP/1.1");
  r.body = "IPP is served over TLS only: ipps://" + host_name(exchange.head()) + ":" +
           std::to_string(ipps_port_.load()) + "/ipp/print\n";
  r.close = true;
  (void)exchange.respond(std::move(r));
}

}  // namespace mfp::frontends::http
