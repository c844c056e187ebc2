#include "pipeline/stage.h"

namespace mfp::pipeline {

Status Stage::process_rows(const Band& /*in*/, std::uint32_t /*in_row*/, std::uint32_t /*rows*/,
                           Band& /*out*/, std::uint32_t /*out_row*/, StageState* /*state*/) const {
  return make_error(StatusCode::unsupported, traits().name + ": cannot transform rows alone");
}

}  // namespace mfp::pipeline
