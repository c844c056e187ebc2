#pragma once
// libjpeg error handling shared by the JPEG decoder and encoder (private to codecs/).
// libjpeg reports fatal errors through error_exit, which here longjmps back to the setjmp of the
// guarded call. Rule for every function that calls setjmp or is crossed by the longjmp: no live
// object with a non-trivial destructor between the setjmp and any libjpeg call.

#include <csetjmp>
#include <cstdio>
// clang-format off
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

#include "pipeline/status.h"

namespace mfp::codecs::detail {

struct JpegErrorMgr {
  jpeg_error_mgr pub;  // first member: libjpeg sees a jpeg_error_mgr*
  std::jmp_buf jump;
  pipeline::StatusCode code = pipeline::StatusCode::ok;  // set when the failure is ours
  char message[JMSG_LENGTH_MAX + 64] = {};
  int corrupt_warnings = 0;
};

// Installs the handlers into err and returns &err->pub (for cinfo.err).
jpeg_error_mgr* install_jpeg_error_handlers(JpegErrorMgr* err) noexcept;

// Records a failure of our own (code + message) and longjmps through error_exit.
[[noreturn]] void jpeg_fail(j_common_ptr cinfo, pipeline::StatusCode code,
                            const char* message) noexcept;

// The Status for the failure recorded in err, prefixed with `what`.
[[nodiscard]] pipeline::Status jpeg_error_status(const JpegErrorMgr& err, const char* what);

}  // namespace mfp::codecs::detail
