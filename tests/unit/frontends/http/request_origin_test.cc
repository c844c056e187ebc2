// request_origin(): same-origin, absent and cross-site as Sec-Fetch-Site, Origin and Referer
// say, table-driven.

#include "frontends/http/request_origin.h"

#include <gtest/gtest.h>

#include <vector>

namespace mfp::frontends::http {
namespace {

struct Case {
  std::vector<std::pair<std::string, std::string>> fields;
  bool tls;
  RequestOrigin want;
};

TEST(RequestOrigin, Table) {
  const std::pair<std::string, std::string> host{"Host", "127.0.0.1:8443"};
  const Case cases[] = {
      {{host}, true, RequestOrigin::absent},
      {{host, {"Origin", "https://127.0.0.1:8443"}}, true, RequestOrigin::same_origin},
      {{host, {"Origin", "http://127.0.0.1:8443"}}, true, RequestOrigin::cross_site},
      {{host, {"Origin", "https://127.0.0.1:8444"}}, true, RequestOrigin::cross_site},
      {{host, {"Origin", "null"}}, true, RequestOrigin::cross_site},
      {{host, {"Sec-Fetch-Site", "same-origin"}}, true, RequestOrigin::same_origin},
      {{host, {"Sec-Fetch-Site", "none"}}, true, RequestOrigin::same_origin},
      {{host, {"Sec-Fetch-Site", "same-site"}}, true, RequestOrigin::cross_site},
      {{host, {"Sec-Fetch-Site", "cross-site"}}, true, RequestOrigin::cross_site},
      {{host, {"Referer", "https://127.0.0.1:8443/home/index.html"}},
       true,
       RequestOrigin::same_origin},
      {{host, {"Referer", "https://127.0.0.1:8443"}}, true, RequestOrigin::same_origin},
      {{host, {"Referer", "https://evil.example/127.0.0.1:8443"}}, true, RequestOrigin::cross_site},
      {{host, {"Referer", "not a url"}}, true, RequestOrigin::cross_site},
      {{host, {"Origin", "https://127.0.0.1:8443"}, {"Referer", "https://evil.example/"}},
       true,
       RequestOrigin::cross_site},
      {{{"Origin", "https://127.0.0.1:8443"}}, true, RequestOrigin::cross_site},  // no Host
      {{host, {"Origin", "http://127.0.0.1:8443"}}, false, RequestOrigin::same_origin},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    HttpRequestHead h;
    h.fields = cases[i].fields;
    EXPECT_EQ(request_origin(h, cases[i].tls), cases[i].want) << "case " << i;
  }
}

}  // namespace
}  // namespace mfp::frontends::http
