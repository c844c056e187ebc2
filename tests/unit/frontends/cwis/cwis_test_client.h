#pragma once
// CwisTestClient: a browser's part in the browser interface's HTTP-level tests: one device
// (DeviceFixture) with its services and the CWIS routes, and a client that keeps its session
// cookie, sends same-origin requests as a browser would, and reads the CSRF token off the
// pages. Test code only.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontends/cwis/cwis_site.h"
#include "frontends/http/route_table.h"
#include "pipeline/device/device_services.h"
#include "security/settings/setting_keys.h"
#include "tests/support/device_fixture.h"
#include "tests/support/memory_exchange.h"

namespace mfp::testing {

inline constexpr std::string_view kTestHost = "127.0.0.1:8443";

// The settings pages' form field of a setting: "s:" and its key.
template <typename T>
std::string setting_field(security::settings::SettingKey<T> key) {
  return "s:" + std::string(key.name);
}
inline constexpr std::string_view kTestOrigin = "https://127.0.0.1:8443";

struct CwisAnswer {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> fields;

  [[nodiscard]] std::string field(std::string_view name) const {
    for (const auto& [k, v] : fields) {
      if (k == name) return v;
    }
    return {};
  }
  [[nodiscard]] std::vector<std::string> all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : fields) {
      if (k == name) out.push_back(v);
    }
    return out;
  }
};

// The device and its routes.
class CwisDevice {
 public:
  explicit CwisDevice(std::shared_ptr<engine_hw::Clock> clock = nullptr)
      : fixture_(std::move(clock)) {
    open();
  }
  void open() {
    services_ = std::make_unique<pipeline::device::DeviceServices>(fixture_.core());
    auto site = frontends::cwis::CwisSite::create(*services_);
    ASSERT_TRUE(site.is_ok()) << site.status().message();
    site_ = std::move(site).value();
    routes_ = std::make_unique<frontends::http::RouteTable>();
    ASSERT_TRUE(site_->mount(*routes_).is_ok());
  }
  DeviceFixture& fixture() { return fixture_; }
  pipeline::device::DeviceServices& services() { return *services_; }
  const frontends::http::RouteTable& routes() const { return *routes_; }

 private:
  DeviceFixture fixture_;
  std::unique_ptr<pipeline::device::DeviceServices> services_;
  std::unique_ptr<frontends::cwis::CwisSite> site_;
  std::unique_ptr<frontends::http::RouteTable> routes_;
};

class CwisTestClient {
 public:
  explicit CwisTestClient(CwisDevice& device) : device_(device) {}

  // One request. Same-origin fields (Host, Origin on POST, Sec-Fetch-Site) unless `extra`
  // replaces them; the session cookie when the client has one.
  CwisAnswer request(std::string method, std::string target, std::string body = {},
                     std::vector<std::pair<std::string, std::string>> extra = {},
                     bool browser_fields = true) {
    MemoryExchange e(method, target, body);
    e.add_field("Host", std::string(kTestHost));
    if (browser_fields) {
      if (method == "POST") e.add_field("Origin", std::string(kTestOrigin));
      e.add_field("Sec-Fetch-Site", "same-origin");
    }
    if (method == "POST") e.add_field("Content-Type", "application/x-www-form-urlencoded");
    if (!cookie_.empty()) e.add_field("Cookie", std::string(kCookieName) + "=" + cookie_);
    for (auto& [k, v] : extra) e.add_field(std::move(k), std::move(v));
    device_.routes().dispatch(e);
    CwisAnswer a{e.response().status, e.response().body, e.response().fields};
    for (const auto& set : a.all("Set-Cookie")) take_cookie(set);
    if (a.status == 200) {
      static const std::regex csrf(R"re(name="csrf" value="([0-9a-f]+)")re");
      std::smatch m;
      if (std::regex_search(a.body, m, csrf)) csrf_ = m[1];
    }
    return a;
  }
  CwisAnswer get(std::string target) { return request("GET", std::move(target)); }
  // A POST of `body` with this session's CSRF token added.
  CwisAnswer post(std::string target, std::string body = {}) {
    if (!body.empty()) body += "&";
    body += "csrf=" + csrf_;
    return request("POST", std::move(target), std::move(body));
  }
  // Logs in through the login form; then reads a page so the CSRF token is known.
  CwisAnswer login(std::string_view user, std::string_view password) {
    auto a = request(
        "POST", "/login",
        "user=" + std::string(user) + "&password=" + encode(password) + "&next=/home/index.html");
    if (a.status == 303 && a.field("Location") == "/home/index.html") get("/home/index.html");
    if (a.status == 303 && a.field("Location") == "/password.html") get("/password.html");
    return a;
  }

  [[nodiscard]] const std::string& cookie() const { return cookie_; }
  void set_cookie(std::string c) { cookie_ = std::move(c); }
  [[nodiscard]] const std::string& csrf() const { return csrf_; }
  void set_csrf(std::string c) { csrf_ = std::move(c); }

  // application/x-www-form-urlencoded escaping of a value.
  static std::string encode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back('%');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
    }
    return out;
  }

  static constexpr std::string_view kCookieName = "__Host-mfp-session";

 private:
  void take_cookie(const std::string& set) {
    const std::string prefix = std::string(kCookieName) + "=";
    if (!set.starts_with(prefix)) return;
    const std::string value = set.substr(prefix.size(), set.find(';') - prefix.size());
    cookie_ = set.find("Max-Age=0") != std::string::npos ? std::string() : value;
  }

  CwisDevice& device_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace mfp::testing
