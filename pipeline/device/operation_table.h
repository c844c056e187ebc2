#pragma once
// The operation table: every management function of the device (OperationSpec rows), the one
// list that mfpctl's command table, the coming HTTP route tables and panel screens read. The
// table is static and lives for the whole program; lookups never fail silently (a missing row
// is a programming error caught by the table test).

#include <optional>
#include <span>
#include <string_view>

#include "pipeline/device/operation_spec.h"

namespace mfp::pipeline::device {

// Every row, in OperationId order.
[[nodiscard]] std::span<const OperationSpec> operation_table() noexcept;
// The row of `id`.
[[nodiscard]] const OperationSpec& spec_of(OperationId id) noexcept;
// The row named `name` ("job-release"); nullptr when there is none.
[[nodiscard]] const OperationSpec* find_operation(std::string_view name) noexcept;

}  // namespace mfp::pipeline::device
