#pragma once
// LcmsContext: a private Little CMS context whose error messages are captured, not printed.
//
// Every profile and transform of a color stage is made on its stage's context, so Little CMS
// errors become Status messages instead of going to the process-wide log handler. Not copyable
// or movable (Little CMS keeps a pointer to it). Thread-safe: errors from several threads are
// serialized; take_error() returns the most recent one.

#include <lcms2.h>

#include <mutex>
#include <string>

#include "pipeline/status.h"
#include "stages/color/detail/lcms_handles.h"

namespace mfp::stages::color::detail {

class LcmsContext {
 public:
  // Creates the context; get() is null when Little CMS could not allocate it.
  LcmsContext() noexcept;
  LcmsContext(const LcmsContext&) = delete;
  LcmsContext& operator=(const LcmsContext&) = delete;

  [[nodiscard]] cmsContext get() const noexcept { return context_.get(); }

  // The last error Little CMS reported on this context (cleared), or `fallback` when none.
  [[nodiscard]] std::string take_error(std::string fallback);
  // `what` + ": " + take_error(), as a Status of `code`.
  [[nodiscard]] pipeline::Status error(pipeline::StatusCode code, const std::string& what);

 private:
  static void on_error(cmsContext context, cmsUInt32Number code, const char* text) noexcept;

  std::mutex mutex_;
  std::string last_error_;
  ContextHandle context_;
};

}  // namespace mfp::stages::color::detail
