// RouteTable: what add() refuses (a route that changes state on GET, duplicates, bad paths)
// and how dispatch() picks a route (exact before the longest prefix, disabled routes absent,
// 405 with Allow for a known path and another method, 404 otherwise; the query ignored).

#include "frontends/http/route_table.h"

#include <gtest/gtest.h>

#include <string>

namespace mfp::frontends::http {
namespace {

// A request with no body, recording the answer.
class RecordingExchange final : public HttpExchange {
 public:
  RecordingExchange(std::string method, std::string target) {
    head_.method = std::move(method);
    head_.target = std::move(target);
  }
  const HttpRequestHead& head() const noexcept override { return head_; }
  const ConnectionInfo& connection() const noexcept override { return connection_; }
  pipeline::Result<std::size_t> read_body(std::span<std::uint8_t>) override { return 0; }
  bool body_complete() const noexcept override { return true; }
  pipeline::Status respond(HttpResponse response) override {
    response_ = std::move(response);
    responded_ = true;
    return pipeline::Status::ok();
  }
  bool responded() const noexcept override { return responded_; }

  const HttpResponse& response() const { return response_; }
  std::string field(std::string_view name) const {
    for (const auto& [k, v] : response_.fields) {
      if (k == name) return v;
    }
    return {};
  }

 private:
  HttpRequestHead head_;
  ConnectionInfo connection_;
  HttpResponse response_;
  bool responded_ = false;
};

HttpHandler says(std::string body) {
  return [body = std::move(body)](HttpExchange& e) {
    HttpResponse r;
    r.body = body;
    (void)e.respond(std::move(r));
  };
}

Route route(std::string path, PathMatch match, MethodSet methods, bool mutates, std::string body) {
  return Route{std::move(path),      match, methods, RouteAuth::none, mutates, nullptr,
               says(std::move(body))};
}

TEST(RouteTable, ARouteThatChangesStateTakesOnlyPost) {
  RouteTable t;
  EXPECT_FALSE(t.add(route("/jobs/cancel", PathMatch::exact, {Method::get}, true, "x")).is_ok());
  EXPECT_FALSE(
      t.add(route("/jobs/cancel", PathMatch::exact, {Method::get, Method::post}, true, "x"))
          .is_ok());
  EXPECT_TRUE(t.add(route("/jobs/cancel", PathMatch::exact, {Method::post}, true, "x")).is_ok());
  EXPECT_TRUE(t.add(route("/jobs", PathMatch::exact, {Method::get}, false, "x")).is_ok());
}

TEST(RouteTable, RefusesDuplicatesAndMalformedRoutes) {
  RouteTable t;
  ASSERT_TRUE(t.add(route("/a", PathMatch::exact, {Method::get}, false, "1")).is_ok());
  EXPECT_FALSE(
      t.add(route("/a", PathMatch::exact, {Method::get, Method::head}, false, "2")).is_ok());
  EXPECT_TRUE(t.add(route("/a", PathMatch::exact, {Method::post}, true, "3")).is_ok());
  EXPECT_FALSE(t.add(route("a", PathMatch::exact, {Method::get}, false, "x")).is_ok());
  EXPECT_FALSE(t.add(route("/p", PathMatch::prefix, {Method::get}, false, "x")).is_ok());
  EXPECT_FALSE(t.add(route("/b", PathMatch::exact, {}, false, "x")).is_ok());
  EXPECT_FALSE(
      t.add(Route{"/c", PathMatch::exact, {Method::get}, RouteAuth::none, false, nullptr, nullptr})
          .is_ok());
  EXPECT_EQ(t.routes().size(), 2u);
}

TEST(RouteTable, DispatchPicksExactThenLongestPrefix) {
  RouteTable t;
  ASSERT_TRUE(t.add(route("/", PathMatch::prefix, {Method::get}, false, "root")).is_ok());
  ASSERT_TRUE(t.add(route("/icons/", PathMatch::prefix, {Method::get}, false, "icons")).is_ok());
  ASSERT_TRUE(
      t.add(route("/icons/printer-48.png", PathMatch::exact, {Method::get}, false, "48")).is_ok());
  struct Case {
    const char* target;
    const char* body;
  };
  for (const Case& c : {Case{"/", "root"}, Case{"/x/y", "root"}, Case{"/icons/a.png", "icons"},
                        Case{"/icons", "icons"}, Case{"/icons/printer-48.png", "48"},
                        Case{"/icons/printer-48.png?v=2", "48"}}) {
    RecordingExchange e("GET", c.target);
    t.dispatch(e);
    EXPECT_EQ(e.response().status, 200u) << c.target;
    EXPECT_EQ(e.response().body, c.body) << c.target;
  }
}

TEST(RouteTable, KnownPathOtherMethodIs405WithAllow) {
  RouteTable t;
  ASSERT_TRUE(t.add(route("/ipp/print", PathMatch::exact, {Method::post}, true, "ipp")).is_ok());
  ASSERT_TRUE(
      t.add(route("/ipp/print", PathMatch::exact, {Method::get, Method::head}, false, "about"))
          .is_ok());
  RecordingExchange put("PUT", "/ipp/print");
  t.dispatch(put);
  EXPECT_EQ(put.response().status, 405u);
  EXPECT_EQ(put.field("Allow"), "GET, HEAD, POST");
  RecordingExchange post("POST", "/ipp/print");
  t.dispatch(post);
  EXPECT_EQ(post.response().body, "ipp");
  RecordingExchange missing("GET", "/nothing");
  t.dispatch(missing);
  EXPECT_EQ(missing.response().status, 404u);
}

TEST(RouteTable, ADisabledRouteIsNotFound) {
  RouteTable t;
  bool on = false;
  ASSERT_TRUE(t.add(Route{"/ipp",
                          PathMatch::exact,
                          {Method::post},
                          RouteAuth::basic,
                          true,
                          [&on] { return on; },
                          says("ipp")})
                  .is_ok());
  RecordingExchange off("POST", "/ipp");
  t.dispatch(off);
  EXPECT_EQ(off.response().status, 404u);
  on = true;
  RecordingExchange now("POST", "/ipp");
  t.dispatch(now);
  EXPECT_EQ(now.response().body, "ipp");
}

}  // namespace
}  // namespace mfp::frontends::http
