#include "codecs/detail/jpeg_error.h"

#include <cstring>
#include <string>

namespace mfp::codecs::detail {

using pipeline::StatusCode;

namespace {

constexpr int kMaxCorruptWarnings = 32;

JpegErrorMgr* mgr_of(j_common_ptr cinfo) {
  return reinterpret_cast<JpegErrorMgr*>(cinfo->err);
}

StatusCode code_for(int msg_code) {
  switch (msg_code) {
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
      return StatusCode::limit_exceeded;
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOTIMPL:
    case JERR_NOT_COMPILED:
      return StatusCode::unsupported;
    default:
      return StatusCode::malformed_data;
  }
}

void on_error_exit(j_common_ptr cinfo) {
  JpegErrorMgr* err = mgr_of(cinfo);
  if (err->code == StatusCode::ok) {
    err->code = code_for(err->pub.msg_code);
    (*err->pub.format_message)(cinfo, err->message);
  }
  std::longjmp(err->jump, 1);
}

void on_emit_message(j_common_ptr cinfo, int msg_level) {
  if (msg_level >= 0) {
    return;  // trace messages
  }
  JpegErrorMgr* err = mgr_of(cinfo);
  ++err->pub.num_warnings;
  if (err->pub.msg_code == JWRN_JPEG_EOF) {
    err->code = StatusCode::truncated;
    (*err->pub.format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
  }
  if (err->pub.msg_code == JWRN_HUFF_BAD_CODE || ++err->corrupt_warnings > kMaxCorruptWarnings) {
    err->code = StatusCode::malformed_data;
    (*err->pub.format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
  }
}

void on_output_message(j_common_ptr) {}  // never print

}  // namespace

jpeg_error_mgr* install_jpeg_error_handlers(JpegErrorMgr* err) noexcept {
  jpeg_std_error(&err->pub);
  err->pub.error_exit = on_error_exit;
  err->pub.emit_message = on_emit_message;
  err->pub.output_message = on_output_message;
  err->code = StatusCode::ok;
  err->message[0] = '\0';
  err->corrupt_warnings = 0;
  return &err->pub;
}

void jpeg_fail(j_common_ptr cinfo, StatusCode code, const char* message) noexcept {
  JpegErrorMgr* err = mgr_of(cinfo);
  err->code = code;
  std::snprintf(err->message, sizeof(err->message), "%s", message);
  std::longjmp(err->jump, 1);
}

pipeline::Status jpeg_error_status(const JpegErrorMgr& err, const char* what) {
  const StatusCode code = err.code == StatusCode::ok ? StatusCode::internal : err.code;
  return pipeline::make_error(code, std::string(what) + ": " + err.message);
}

}  // namespace mfp::codecs::detail
