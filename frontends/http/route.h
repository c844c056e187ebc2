#pragma once
// Route: one row of an HTTP route table: the path it answers, the methods it takes, how its
// handler authenticates the caller, whether it changes state, and the handler. A route that
// changes state takes only POST; GET and HEAD never change state (RouteTable::add enforces it).

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "frontends/http/http_exchange.h"

namespace mfp::frontends::http {

enum class Method : std::uint8_t { get, head, post };

// "GET", "HEAD", "POST".
[[nodiscard]] constexpr std::string_view to_string(Method m) noexcept {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
  }
  return "";
}

class MethodSet {
 public:
  constexpr MethodSet() noexcept = default;
  constexpr MethodSet(std::initializer_list<Method> list) noexcept {
    for (Method m : list) bits_ |= bit(m);
  }
  [[nodiscard]] constexpr bool contains(Method m) const noexcept { return (bits_ & bit(m)) != 0; }
  [[nodiscard]] constexpr bool only(Method m) const noexcept { return bits_ == bit(m); }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  void add(MethodSet other) noexcept { bits_ |= other.bits_; }

 private:
  static constexpr std::uint8_t bit(Method m) noexcept {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(m));
  }
  std::uint8_t bits_ = 0;
};

// How a route's handler learns who calls: nobody (public), HTTP Basic over TLS (IPP), or the
// browser session (the coming web pages).
enum class RouteAuth : std::uint8_t { none, basic, session };

enum class PathMatch : std::uint8_t {
  exact,   // the path equals `path`
  prefix,  // the path starts with `path` (which ends in '/'), or is `path` without the '/'
};

struct Route {
  std::string path;  // "/ipp/print", "/icons/"
  PathMatch match = PathMatch::exact;
  MethodSet methods;
  RouteAuth auth = RouteAuth::none;
  bool mutates = false;
  // Whether the route answers now (e.g. while its protocol's setting is on); null: always.
  // A disabled route answers 404, as if it did not exist.
  std::function<bool()> enabled;
  HttpHandler handler;
};

}  // namespace mfp::frontends::http
