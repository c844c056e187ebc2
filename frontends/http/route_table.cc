#include "frontends/http/route_table.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace mfp::frontends::http {

namespace {

using pipeline::make_error;
using pipeline::Status;
using pipeline::StatusCode;

constexpr std::array kMethods = {Method::get, Method::head, Method::post};

bool path_matches(const Route& r, std::string_view path) {
  if (r.match == PathMatch::exact) return path == r.path;
  const std::string_view prefix = r.path;
  return path.starts_with(prefix) || path == prefix.substr(0, prefix.size() - 1);
}

bool overlaps(const Route& a, const Route& b) {
  if (a.path != b.path || a.match != b.match) return false;
  return std::any_of(kMethods.begin(), kMethods.end(),
                     [&](Method m) { return a.methods.contains(m) && b.methods.contains(m); });
}

void answer(HttpExchange& exchange, unsigned status, std::string allow = {}) {
  HttpResponse r;
  r.status = status;
  r.set("Content-Type", "text/plain");
  if (!allow.empty()) r.set("Allow", std::move(allow));
  r.body = status == 404 ? "Not found\n" : "Method not allowed\n";
  (void)exchange.respond(std::move(r));
}

}  // namespace

std::optional<Method> method_of(std::string_view name) noexcept {
  for (Method m : kMethods) {
    if (to_string(m) == name) return m;
  }
  return std::nullopt;
}

Status RouteTable::add(Route route) {
  if (route.methods.empty() || !route.handler) {
    return make_error(StatusCode::invalid_argument,
                      "route " + route.path + ": no method or handler");
  }
  if (route.path.empty() || route.path.front() != '/' ||
      (route.match == PathMatch::prefix && route.path.back() != '/')) {
    return make_error(StatusCode::invalid_argument, "route " + route.path + ": bad path");
  }
  if (route.mutates && !route.methods.only(Method::post)) {
    return make_error(StatusCode::invalid_argument,
                      "route " + route.path + ": a route that changes state takes only POST");
  }
  for (const auto& r : routes_) {
    if (overlaps(r, route)) {
      return make_error(StatusCode::invalid_argument, "route " + route.path + ": taken twice");
    }
  }
  routes_.push_back(std::move(route));
  return Status::ok();
}

std::vector<const Route*> RouteTable::matches(std::string_view path) const {
  std::vector<const Route*> out;
  for (const auto& r : routes_) {
    if (path_matches(r, path) && (!r.enabled || r.enabled())) out.push_back(&r);
  }
  std::stable_sort(out.begin(), out.end(), [](const Route* a, const Route* b) {
    if (a->match != b->match) return a->match == PathMatch::exact;
    return a->path.size() > b->path.size();
  });
  return out;
}

void RouteTable::dispatch(HttpExchange& exchange) const {
  try {
    const auto& head = exchange.head();
    const std::string_view target = head.target;
    const std::string_view path = target.substr(0, target.find('?'));
    const auto found = matches(path);
    if (found.empty()) return answer(exchange, 404);
    const auto method = method_of(head.method);
    // The best path first: its routes decide; a method only a worse match takes is not taken.
    const std::string_view best = found.front()->path;
    MethodSet allowed;
    for (const Route* r : found) {
      if (r->path != best) break;
      if (method && r->methods.contains(*method)) return r->handler(exchange);
      allowed.add(r->methods);
    }
    std::string allow;
    for (Method m : kMethods) {
      if (!allowed.contains(m)) continue;
      if (!allow.empty()) allow += ", ";
      allow += to_string(m);
    }
    answer(exchange, 405, std::move(allow));
  } catch (...) {
    // A handler that returns without responding gets a 500 from the server.
  }
}

}  // namespace mfp::frontends::http
