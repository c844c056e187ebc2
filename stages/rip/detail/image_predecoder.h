#pragma once
// ImagePredecoder: makes the display list of a page hold its large images already decoded, at
// the resolution they print. MuPDF's draw device decodes an image for every band it touches and
// decodes only the band's part: a JPEG must be decoded from its top to reach any row, so a
// full-page photo cost the sum of all band prefixes (7.3 s of CPU per 600 dpi page at 128-row
// bands). Decoded once while the list is built (on the source's thread, overlapping the previous
// page's render), each band only scales or copies its rows.
//
// It hooks the list device's three image entry points for the duration of one fz_run_page on
// the calling thread (MuPDF gives a device no user pointer; the hook's state is thread-local).
// Decoded pixels are bounded per page by `budget_bytes`: past it, images are left to MuPDF's
// lazy decoding (slower, never more memory).

#include <mupdf/fitz.h>

#include <cstddef>

namespace mfp::stages::rip::detail {

class ImagePredecoder {
 public:
  // Hooks `list_device` (made by fz_new_list_device) for pages rendered at `scale` device pixels
  // per point. Only one predecoder may be active per thread.
  ImagePredecoder(fz_device* list_device, float scale, std::size_t budget_bytes) noexcept;
  ~ImagePredecoder();
  ImagePredecoder(const ImagePredecoder&) = delete;
  ImagePredecoder& operator=(const ImagePredecoder&) = delete;

  [[nodiscard]] std::size_t decoded_bytes() const noexcept { return decoded_; }

  // Entry points installed in the device (public for the C callbacks only).
  struct Original {
    decltype(fz_device::fill_image) fill_image;
    decltype(fz_device::fill_image_mask) fill_image_mask;
    decltype(fz_device::clip_image_mask) clip_image_mask;
  };
  [[nodiscard]] const Original& original() const noexcept { return original_; }
  // A new reference to the image to record: a decoded copy of `image` drawn with `ctm`, or
  // `image` itself when it is small, already decoded, or over the budget. May throw (MuPDF).
  fz_image* substitute(fz_context* ctx, fz_image* image, fz_matrix ctm);

 private:
  fz_device* device_;
  float scale_;
  std::size_t budget_;
  std::size_t decoded_ = 0;
  Original original_{};
};

}  // namespace mfp::stages::rip::detail
