#include "pipeline/status.h"

#include <gtest/gtest.h>

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
