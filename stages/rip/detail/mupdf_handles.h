#pragma once
// RAII owners of MuPDF handles, and fz_guard(): MuPDF's setjmp-based errors turned into a
// Status so none crosses into C++ code. A handle's owner keeps the context it was made in; it
// must be destroyed on the thread that currently uses that context.

#include <mupdf/fitz.h>

#include <memory>
#include <string>
#include <string_view>

#include "pipeline/status.h"

namespace mfp::stages::rip::detail {

template <typename T, void (*Drop)(fz_context*, T*)>
struct FzDrop {
  fz_context* ctx = nullptr;
  void operator()(T* p) const noexcept {
    if (p != nullptr) Drop(ctx, p);
  }
};

using FzDocument = std::unique_ptr<fz_document, FzDrop<fz_document, fz_drop_document>>;
using FzPage = std::unique_ptr<fz_page, FzDrop<fz_page, fz_drop_page>>;
using FzDisplayList =
    std::unique_ptr<fz_display_list, FzDrop<fz_display_list, fz_drop_display_list>>;
using FzDevice = std::unique_ptr<fz_device, FzDrop<fz_device, fz_drop_device>>;
using FzPixmap = std::unique_ptr<fz_pixmap, FzDrop<fz_pixmap, fz_drop_pixmap>>;
using FzStream = std::unique_ptr<fz_stream, FzDrop<fz_stream, fz_drop_stream>>;
using FzBuffer = std::unique_ptr<fz_buffer, FzDrop<fz_buffer, fz_drop_buffer>>;

struct FzContextDrop {
  void operator()(fz_context* c) const noexcept { fz_drop_context(c); }
};
using FzContext = std::unique_ptr<fz_context, FzContextDrop>;

// The status for a MuPDF error code: memory -> resource_exhausted, abort -> limit_exceeded,
// anything else (syntax, generic) -> malformed_data.
[[nodiscard]] pipeline::StatusCode status_for_fz_error(int code) noexcept;

// Runs `body` inside fz_try on `ctx` and returns ok, or the caught error as a Status whose
// message is "<what>: <MuPDF's message>". `body` must not create objects with destructors:
// a MuPDF error longjmps out of it.
template <typename Body>
[[nodiscard]] pipeline::Status fz_guard(fz_context* ctx, std::string_view what,
                                        Body&& body) noexcept {
  // volatile: both are set after MuPDF's longjmp and read after it.
  volatile int code = FZ_ERROR_NONE;
  const char* volatile message = nullptr;
  fz_try(ctx) {
    body();
  }
  fz_catch(ctx) {
    code = fz_caught(ctx);
    message = fz_caught_message(ctx);
  }
  if (code == FZ_ERROR_NONE) return pipeline::Status::ok();
  try {
    return pipeline::Status(status_for_fz_error(code),
                            std::string(what) + ": " + (message != nullptr ? message : "error"));
  } catch (...) {
    return pipeline::Status(pipeline::StatusCode::resource_exhausted, "out of memory");
  }
}

}  // namespace mfp::stages::rip::detail
