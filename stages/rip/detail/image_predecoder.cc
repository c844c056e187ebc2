#include "stages/rip/detail/image_predecoder.h"

#include <cmath>

namespace mfp::stages::rip::detail {

namespace {

thread_local ImagePredecoder* t_active = nullptr;

// Images below this many decoded bytes are left to MuPDF: its store keeps small images whole.
constexpr std::size_t kMinBytes = std::size_t{256} << 10;

void fill_image(fz_context* ctx, fz_device* dev, fz_image* image, fz_matrix ctm, float alpha,
                fz_color_params params) {
  ImagePredecoder& p = *t_active;
  fz_image* use = p.substitute(ctx, image, ctm);
  fz_try(ctx) {
    p.original().fill_image(ctx, dev, use, ctm, alpha, params);
  }
  fz_always(ctx) {
    fz_drop_image(ctx, use);
  }
  fz_catch(ctx) {
    fz_rethrow(ctx);
  }
}

void fill_image_mask(fz_context* ctx, fz_device* dev, fz_image* image, fz_matrix ctm,
                     fz_colorspace* cs, const float* color, float alpha, fz_color_params params) {
  ImagePredecoder& p = *t_active;
  fz_image* use = p.substitute(ctx, image, ctm);
  fz_try(ctx) {
    p.original().fill_image_mask(ctx, dev, use, ctm, cs, color, alpha, params);
  }
  fz_always(ctx) {
    fz_drop_image(ctx, use);
  }
  fz_catch(ctx) {
    fz_rethrow(ctx);
  }
}

void clip_image_mask(fz_context* ctx, fz_device* dev, fz_image* image, fz_matrix ctm,
                     fz_rect scissor) {
  ImagePredecoder& p = *t_active;
  fz_image* use = p.substitute(ctx, image, ctm);
  fz_try(ctx) {
    p.original().clip_image_mask(ctx, dev, use, ctm, scissor);
  }
  fz_always(ctx) {
    fz_drop_image(ctx, use);
  }
  fz_catch(ctx) {
    fz_rethrow(ctx);
  }
}

}  // namespace

ImagePredecoder::ImagePredecoder(fz_device* list_device, float scale,
                                 std::size_t budget_bytes) noexcept
    : device_(list_device), scale_(scale), budget_(budget_bytes) {
  if (device_ == nullptr || t_active != nullptr) return;
  original_ = {device_->fill_image, device_->fill_image_mask, device_->clip_image_mask};
  if (original_.fill_image) device_->fill_image = fill_image;
  if (original_.fill_image_mask) device_->fill_image_mask = fill_image_mask;
  if (original_.clip_image_mask) device_->clip_image_mask = clip_image_mask;
  t_active = this;
}

ImagePredecoder::~ImagePredecoder() {
  if (t_active != this) return;
  t_active = nullptr;
  device_->fill_image = original_.fill_image;
  device_->fill_image_mask = original_.fill_image_mask;
  device_->clip_image_mask = original_.clip_image_mask;
}

fz_image* ImagePredecoder::substitute(fz_context* ctx, fz_image* image, fz_matrix ctm) {
  const std::size_t full = static_cast<std::size_t>(image->w) * static_cast<std::size_t>(image->h) *
                           std::max<std::size_t>(1, image->n);
  // Already pixels (nothing to gain), small, or past the page's budget.
  if (fz_compressed_image_buffer(ctx, image) == nullptr || full < kMinBytes ||
      decoded_ >= budget_) {
    return fz_keep_image(ctx, image);
  }
  // The size it prints at: MuPDF picks the subsampling that stays at or above it.
  fz_matrix device = fz_concat(ctm, fz_scale(scale_, scale_));
  int w = static_cast<int>(std::ceil(std::hypot(device.a, device.b)));
  int h = static_cast<int>(std::ceil(std::hypot(device.c, device.d)));
  fz_pixmap* pixels = fz_get_pixmap_from_image(ctx, image, nullptr, &device, &w, &h);
  fz_image* mask = nullptr;
  fz_image* decoded = nullptr;
  fz_var(mask);
  fz_var(decoded);
  fz_try(ctx) {
    const std::size_t bytes = static_cast<std::size_t>(pixels->stride) * pixels->h;
    decoded_ += bytes;
    if (image->mask != nullptr) mask = substitute(ctx, image->mask, ctm);
    decoded = fz_new_image_from_pixmap(ctx, pixels, mask);
    decoded->interpolate = image->interpolate;
  }
  fz_always(ctx) {
    fz_drop_pixmap(ctx, pixels);
    fz_drop_image(ctx, mask);
  }
  fz_catch(ctx) {
    fz_rethrow(ctx);
  }
  return decoded;
}

}  // namespace mfp::stages::rip::detail
