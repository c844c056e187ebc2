#pragma once
// RouteTable: an HTTP listener's routes (Route rows) and their dispatch. Listeners mount route
// tables; the IPP printer, the icons and the coming browser pages and eSCL are route tables.
//
// dispatch(): the query is not part of the path. The matching route is the exact one, else
// the longest prefix; a disabled route does not match. A path some route answers, asked with
// a method none of its routes takes, gets 405 with an Allow field; anything else 404. HEAD is
// taken only where a route lists it. Never throws (handlers must not either).
//
// Thread-safety: add() before serving; dispatch() concurrently afterwards.

#include <span>
#include <string_view>
#include <vector>

#include "frontends/http/route.h"
#include "pipeline/status.h"

namespace mfp::frontends::http {

class RouteTable {
 public:
  // Adds a route. invalid_argument for a route without methods or handler, a path that does not
  // start with '/', a prefix path that does not end in '/', a route that mutates but takes
  // another method than POST, or a path and method some route already takes.
  [[nodiscard]] pipeline::Status add(Route route);

  // Answers one request with the matching route's handler, or 404 / 405.
  void dispatch(HttpExchange& exchange) const;

  [[nodiscard]] std::span<const Route> routes() const noexcept { return routes_; }

 private:
  // The routes answering `path` now, best first (exact, then longer prefixes).
  [[nodiscard]] std::vector<const Route*> matches(std::string_view path) const;

  std::vector<Route> routes_;
};

// The method of a request head ("GET" -> Method::get); nullopt for any other.
[[nodiscard]] std::optional<Method> method_of(std::string_view name) noexcept;

}  // namespace mfp::frontends::http
