// The operation table as data: one row per OperationId, unique names, reads never mutate,
// every operation is offered at the local maintenance interface, and lookups by name and id.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pipeline/device/operation_table.h"

namespace mfp::pipeline::device {
namespace {

using security::ownership::Operation;

TEST(OperationTable, OneRowPerOperationWithAUniqueName) {
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& row : operation_table()) {
    EXPECT_EQ(static_cast<std::size_t>(row.id), i++) << row.name;
    EXPECT_TRUE(names.insert(std::string(row.name)).second) << row.name;
    EXPECT_FALSE(row.summary.empty()) << row.name;
    EXPECT_EQ(find_operation(row.name), &row);
    EXPECT_EQ(&spec_of(row.id), &row);
  }
  EXPECT_EQ(find_operation("no-such-operation"), nullptr);
}

TEST(OperationTable, ReadsDoNotMutateAndChangesDo) {
  for (const auto& row : operation_table()) {
    const bool reads = row.permission == Operation::list ||
                       row.permission == Operation::view_details ||
                       row.permission == Operation::read || row.permission == Operation::export_;
    if (reads) {
      EXPECT_FALSE(row.mutates) << row.name;
    } else {
      EXPECT_TRUE(row.mutates) << row.name;
    }
  }
}

TEST(OperationTable, TheMaintenanceToolReachesEveryOperation) {
  for (const auto& row : operation_table()) {
    EXPECT_TRUE(row.interfaces.contains(Interface::local)) << row.name;
  }
}

TEST(OperationTable, ManagementEventsAreThoseOfTheGuide) {
  using security::audit::EventKind;
  EXPECT_EQ(spec_of(OperationId::user_add).audit, EventKind::user_added);
  EXPECT_EQ(spec_of(OperationId::user_delete).audit, EventKind::user_deleted);
  EXPECT_EQ(spec_of(OperationId::user_edit).audit, EventKind::user_edited);
  EXPECT_EQ(spec_of(OperationId::settings_list).audit, EventKind::security_setting_viewed);
  EXPECT_EQ(spec_of(OperationId::setting_set).audit, EventKind::security_setting_changed);
  EXPECT_EQ(spec_of(OperationId::certificate_import).audit, EventKind::security_setting_changed);
  EXPECT_FALSE(spec_of(OperationId::jobs_list).audit.has_value());
}

}  // namespace
}  // namespace mfp::pipeline::device
