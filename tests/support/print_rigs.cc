#include "tests/support/print_rigs.h"

#include <gtest/gtest.h>

#include "tests/support/documents.h"

namespace mfp::testing {

std::unique_ptr<frontends::cli::PrintRig> unthrottled_rig(std::size_t max_records, bool previews) {
  frontends::cli::PrintRigOptions o;
  o.engine.pacing = engine_hw::sim::Pacing::unthrottled;
  o.engine.output.max_records = max_records;
  o.engine.output.capture_previews = previews;
  auto rig = frontends::cli::PrintRig::create(o);
  EXPECT_TRUE(rig.is_ok()) << rig.status().to_string();
  return rig.is_ok() ? std::move(rig).value() : nullptr;
}

frontends::cli::JobReport print_one(frontends::cli::PrintRig& rig, const std::string& format,
                                    std::vector<std::uint8_t> bytes,
                                    const pipeline::JobOptions& options) {
  std::vector<stages::PrintDocument> docs;
  docs.push_back(document(format, std::move(bytes)));
  return rig.print_documents(std::move(docs), options, "test");
}

}  // namespace mfp::testing
