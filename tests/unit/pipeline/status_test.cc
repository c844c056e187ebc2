#include "pipeline/status.h"

#include <gtest/gtest.h>

#include <new>
#include <stdexcept>

namespace mfp::pipeline {
namespace {

Result<int> parse(int v) {
  if (v < 0) return make_error(StatusCode::invalid_argument, "negative");
  return v * 2;
}

Result<int> chain(int v) {
  MFP_ASSIGN_OR_RETURN(int doubled, parse(v));
  return doubled + 1;
}

TEST(Status, OkAndErrors) {
  EXPECT_TRUE(Status::ok().is_ok());
  Status e = make_error(StatusCode::truncated, "page 2");
  EXPECT_FALSE(e.is_ok());
  EXPECT_EQ(e.to_string(), "truncated: page 2");
}

TEST(Result, ValueOrStatusPropagates) {
  EXPECT_EQ(chain(3).value(), 7);
  auto r = chain(-1);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::invalid_argument);
}

TEST(Result, OkStatusIsNotAValue) {
  Result<int> r{Status::ok()};
  EXPECT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::internal);
}

}  // namespace
}  // namespace mfp::pipeline

namespace mfp::pipeline {
namespace {

// The one exception policy: bad_alloc is resource_exhausted, every other exception internal with
// its message (an out_of_range is not reported as "out of memory").
TEST(CurrentExceptionStatus, MapsEachKindOfException) {
  const auto caught = [](auto thrower) {
    try {
      thrower();
    } catch (...) {
      return current_exception_status("job recovery");
    }
    return Status::ok();
  };
  Status s = caught([] { throw std::bad_alloc(); });
  EXPECT_EQ(s.code(), StatusCode::resource_exhausted);
  EXPECT_EQ(s.message(), "job recovery: out of memory");
  s = caught([] { throw std::out_of_range("key 'id' not found"); });
  EXPECT_EQ(s.code(), StatusCode::internal);
  EXPECT_EQ(s.message(), "job recovery: key 'id' not found");
  s = caught([] { throw 42; });
  EXPECT_EQ(s.code(), StatusCode::internal);
  EXPECT_EQ(s.message(), "job recovery: unknown exception");
  EXPECT_EQ(current_exception_status("outside").code(), StatusCode::internal);
}

}  // namespace
}  // namespace mfp::pipeline
