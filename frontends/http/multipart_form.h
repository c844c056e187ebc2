#pragma once
// MultipartForm: the parts of a multipart/form-data body (RFC 7578), the way a browser uploads
// files from a form (a certificate, a PKCS#12 identity) with the form's other fields, and
// read_multipart(), which reads a request's whole (small) body into one.
//
// Each part has a name, an optional file name and content type, and its bytes. Parsing is
// strict and bounded: the boundary from the Content-Type (1..70 characters), at most
// kMaxFormParts parts, part headers of at most kMaxPartHeaderBytes, a Content-Disposition of
// form-data with a name on every part, and the closing delimiter.
//
// Failure: parse() returns invalid_argument naming what is malformed (never the data);
// read_multipart() returns the body's read error, limit_exceeded above `limit` bytes, and
// invalid_argument for another content type. Never throws but bad_alloc. Uploads may hold
// secrets (a PKCS#12 password, a private key): the destructor zeroes every part.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/http/http_exchange.h"
#include "pipeline/status.h"

namespace mfp::frontends::http {

inline constexpr std::size_t kMaxFormParts = 64;
inline constexpr std::size_t kMaxPartHeaderBytes = 4096;
inline constexpr std::size_t kMaxUploadBytes = 1024 * 1024;

struct FormPart {
  std::string name;
  std::string file_name;     // empty for a plain field
  std::string content_type;  // as sent; empty when absent
  std::string data;
};

class MultipartForm {
 public:
  MultipartForm() = default;
  MultipartForm(const MultipartForm&) = delete;
  MultipartForm& operator=(const MultipartForm&) = delete;
  MultipartForm(MultipartForm&& other) noexcept = default;
  MultipartForm& operator=(MultipartForm&& other) noexcept;
  ~MultipartForm();

  // `content_type`: the request's Content-Type field (its boundary parameter is used).
  [[nodiscard]] static pipeline::Result<MultipartForm> parse(std::string_view content_type,
                                                             std::string_view body);

  // The first part named `name`, or null.
  [[nodiscard]] const FormPart* part(std::string_view name) const noexcept;
  // The first part named `name`'s data, or "".
  [[nodiscard]] std::string_view value(std::string_view name) const noexcept;
  [[nodiscard]] const std::vector<FormPart>& parts() const noexcept { return parts_; }

 private:
  void wipe() noexcept;
  std::vector<FormPart> parts_;
};

// Reads the request's whole body (at most `limit` bytes) as multipart/form-data.
[[nodiscard]] pipeline::Result<MultipartForm> read_multipart(HttpExchange& exchange,
                                                             std::size_t limit = kMaxUploadBytes);

}  // namespace mfp::frontends::http
