#include "stages/color/detail/lcms_context.h"

namespace mfp::stages::color::detail {

LcmsContext::LcmsContext() noexcept : context_(cmsCreateContext(nullptr, this)) {
  if (context_) cmsSetLogErrorHandlerTHR(context_.get(), &LcmsContext::on_error);
}

void LcmsContext::on_error(cmsContext context, cmsUInt32Number /*code*/,
                           const char* text) noexcept {
  auto* self = static_cast<LcmsContext*>(cmsGetContextUserData(context));
  if (self == nullptr || text == nullptr) return;
  try {
    std::lock_guard lock(self->mutex_);
    self->last_error_ = text;
  } catch (...) {
    // Out of memory while recording an error message: keep the previous one.
  }
}

std::string LcmsContext::take_error(std::string fallback) {
  std::lock_guard lock(mutex_);
  if (last_error_.empty()) return fallback;
  std::string message = std::move(last_error_);
  last_error_.clear();
  return message;
}

pipeline::Status LcmsContext::error(pipeline::StatusCode code, const std::string& what) {
  return pipeline::Status(code, what + ": " + take_error("Little CMS failed"));
}

}  // namespace mfp::stages::color::detail
