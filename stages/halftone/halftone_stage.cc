#include "stages/halftone/halftone_stage.h"

#include <array>
#include <optional>
#include <string>

#include "stages/halftone/detail/error_diffuser.h"
#include "stages/halftone/detail/screen_kernels.h"
#include "stages/halftone/threshold_screen.h"

namespace mfp::stages::halftone {

namespace {

using pipeline::Band;
using pipeline::BufferPool;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

// Per-job state of the error-diffusion screen: one diffuser per plane and where the job is.
class DiffusionState final : public pipeline::StageState {
 public:
  detail::ErrorDiffuser diffuser;
  const pipeline::PageGeometry* page = nullptr;  // page of the last band
  std::uint32_t next_row = 0;                    // first row expected next
};

class HalftoneStage final : public pipeline::Stage {
 public:
  HalftoneStage(const pipeline::StageConfig& config, std::array<ThresholdScreen, 4> screens)
      : bits_(config.options.engine_bits),
        diffusion_(config.options.screen == pipeline::Screen::error_diffusion),
        screens_(std::move(screens)),
        avx2_(detail::cpu_has_avx2()) {
    const bool mono = config.options.color_mode == pipeline::ColorMode::monochrome;
    traits_.name = std::string(kStageName);
    traits_.inputs = {PixelFormat::cmyk8_planar, PixelFormat::k8};
    traits_.output = output_for(mono ? PixelFormat::k8 : PixelFormat::cmyk8_planar);
    traits_.concurrency =
        diffusion_ ? pipeline::Concurrency::ordered : pipeline::Concurrency::parallel;
    traits_.row_fusable = !diffusion_;  // a screen's rows are independent; diffusion's are not
  }

  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }

  [[nodiscard]] std::unique_ptr<pipeline::StageState> make_state() const override {
    if (!diffusion_) return nullptr;
    return std::make_unique<DiffusionState>();
  }

  [[nodiscard]] Status process_rows(const Band& in, std::uint32_t in_row, std::uint32_t rows,
                                    Band& out, std::uint32_t out_row,
                                    pipeline::StageState* /*state*/) const noexcept override {
    try {
      if (diffusion_) {
        return Status(StatusCode::unsupported,
                      "halftone: error diffusion runs whole bands in order");
      }
      MFP_RETURN_IF_ERROR(check_band(in));
      if (out.format != output_for(in.format) || out.encoding != pipeline::BandEncoding::raw ||
          out.width() != in.width() || in_row + rows > in.rows || out_row + rows > out.rows ||
          out.data.size() < out.raw_bytes()) {
        return Status(StatusCode::invalid_argument, "halftone: rows outside the bands");
      }
      screen(in, in_row, rows, out, out_row);
      return Status::ok();
    } catch (const std::bad_alloc&) {
      return Status(StatusCode::resource_exhausted, "halftone: out of memory");
    }
  }

  [[nodiscard]] Result<Band> process(Band in, pipeline::StageState* state,
                                     BufferPool& pool) const noexcept override {
    try {
      MFP_RETURN_IF_ERROR(check_band(in));
      MFP_ASSIGN_OR_RETURN(Band out, pipeline::make_band_like(in, output_for(in.format), pool));
      if (diffusion_) {
        auto* diffusion = dynamic_cast<DiffusionState*>(state);
        if (diffusion == nullptr) {
          return Status(StatusCode::internal,
                        "halftone: error diffusion needs the state from make_state()");
        }
        diffuse(in, out, *diffusion);
      } else {
        screen(in, 0, in.rows, out, 0);
      }
      return out;
    } catch (const std::bad_alloc&) {
      return Status(StatusCode::resource_exhausted, "halftone: out of memory");
    } catch (const std::exception& e) {
      return Status(StatusCode::internal, std::string("halftone: ") + e.what());
    }
  }

 private:
  [[nodiscard]] PixelFormat output_for(PixelFormat in) const noexcept {
    if (in == PixelFormat::k8) return bits_ == 1 ? PixelFormat::k1 : PixelFormat::k2;
    return bits_ == 1 ? PixelFormat::cmyk1_planar : PixelFormat::cmyk2_planar;
  }

  [[nodiscard]] Status check_band(const Band& in) const {
    if (in.encoding != pipeline::BandEncoding::raw) {
      return Status(StatusCode::invalid_argument, "halftone: cannot screen a compressed band");
    }
    if (!traits_.inputs.contains(in.format)) {
      return Status(StatusCode::invalid_argument, "halftone: cannot screen " +
                                                      std::string(to_string(in.format)) +
                                                      " bands (accepts cmyk8_planar and k8)");
    }
    if (!in.page || in.page->width == 0) {
      return Status(StatusCode::invalid_argument, "halftone: band without page geometry");
    }
    if (in.stride < in.width()) {
      return Status(StatusCode::invalid_argument, "halftone: stride " + std::to_string(in.stride) +
                                                      " below width " + std::to_string(in.width()));
    }
    if (in.data.size() < in.raw_bytes()) {
      return Status(StatusCode::invalid_argument,
                    "halftone: band holds " + std::to_string(in.data.size()) + " bytes, needs " +
                        std::to_string(in.raw_bytes()));
    }
    return Status::ok();
  }

  // Screen of input plane p: C, M, Y, K for cmyk8_planar; K for k8.
  [[nodiscard]] const ThresholdScreen& screen_of(const Band& in, unsigned p) const noexcept {
    return screens_[in.format == PixelFormat::k8 ? 3 : p];
  }

  // Screens rows [in_row, in_row + rows) of `in` into rows from `out_row` of `out` (zeroed).
  void screen(const Band& in, std::uint32_t in_row, std::uint32_t rows, Band& out,
              std::uint32_t out_row) const noexcept {
    const std::uint32_t w = in.width();
    for (unsigned p = 0; p < pipeline::planes_of(in.format); ++p) {
      const ThresholdScreen& s = screen_of(in, p);
      for (std::uint32_t r = 0; r < rows; ++r) {
        const std::uint8_t* src = in.row(in_row + r, p);
        if (detail::is_zero(src, w)) continue;  // no ink, no dots (the output is zeroed)
        const std::uint32_t y = in.first_row + in_row + r;
        std::uint8_t* dst = out.row(out_row + r, p);
        if (bits_ == 1) {
          (avx2_ ? detail::screen_1bit_avx2 : detail::screen_1bit_scalar)(src, w, s.row(y),
                                                                          s.tile(), dst);
        } else {
          const std::uint8_t* const thr[3] = {s.row(y, 0), s.row(y, 1), s.row(y, 2)};
          (avx2_ ? detail::screen_2bit_avx2 : detail::screen_2bit_scalar)(src, w, thr, s.tile(),
                                                                          dst);
        }
      }
    }
  }

  void diffuse(const Band& in, Band& out, DiffusionState& state) const {
    const std::uint32_t w = in.width();
    const unsigned planes = pipeline::planes_of(in.format);
    // A new page (or a gap, which an ordered stage should never see) starts without error.
    if (in.first_row == 0 || state.page != in.page.get() || state.next_row != in.first_row ||
        state.diffuser.width() != w || state.diffuser.planes() != planes) {
      state.diffuser.reset(w, planes);
    }
    state.page = in.page.get();
    state.next_row = in.first_row + in.rows;
    for (std::uint32_t r = 0; r < in.rows; ++r) {
      const std::uint8_t* src[detail::ErrorDiffuser::kMaxPlanes] = {};
      std::uint8_t* dst[detail::ErrorDiffuser::kMaxPlanes] = {};
      for (unsigned p = 0; p < planes; ++p) {
        src[p] = in.row(r, p);
        dst[p] = out.row(r, p);
      }
      state.diffuser.diffuse(src, dst, bits_, in.first_row + r);
    }
  }

  pipeline::StageTraits traits_;
  unsigned bits_;
  bool diffusion_;
  std::array<ThresholdScreen, 4> screens_;  // C, M, Y, K
  bool avx2_;
};

}  // namespace

Result<std::shared_ptr<const pipeline::Stage>> make_halftone_stage(
    const pipeline::StageConfig& config) {
  const pipeline::JobOptions& options = config.options;
  if (options.engine_bits != 1 && options.engine_bits != 2) {
    return Status(
        StatusCode::invalid_argument,
        "halftone: engine bits " + std::to_string(options.engine_bits) + " (supported: 1, 2)");
  }
  if (options.dpi == 0) return Status(StatusCode::invalid_argument, "halftone: dpi 0");
  try {
    const unsigned levels = options.engine_bits == 1 ? 1 : 3;
    auto make = [&](Colorant c) {
      return ThresholdScreen::make(default_screen_vector(c, options.dpi), levels);
    };
    MFP_ASSIGN_OR_RETURN(ThresholdScreen cyan, make(Colorant::cyan));
    MFP_ASSIGN_OR_RETURN(ThresholdScreen magenta, make(Colorant::magenta));
    MFP_ASSIGN_OR_RETURN(ThresholdScreen yellow, make(Colorant::yellow));
    MFP_ASSIGN_OR_RETURN(ThresholdScreen black, make(Colorant::black));
    return std::shared_ptr<const pipeline::Stage>(std::make_shared<HalftoneStage>(
        config, std::array<ThresholdScreen, 4>{std::move(cyan), std::move(magenta),
                                               std::move(yellow), std::move(black)}));
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "halftone: out of memory");
  }
}

}  // namespace mfp::stages::halftone
