#include "stages/color/color_stage.h"

#include <lcms2.h>
#include <strings.h>

#include <array>
#include <cmath>
#include <cstring>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "stages/color/detail/icc_profiles.h"
#include "stages/color/detail/k_only_mapping.h"
#include "stages/color/detail/lcms_context.h"
#include "stages/color/detail/lcms_handles.h"
#include "stages/color/detail/plane_ops.h"
#include "stages/color/detail/tetrahedral_kernels.h"
#include "stages/color/device_link.h"

namespace mfp::stages::color {

namespace {

using pipeline::Band;
using pipeline::BufferPool;
using pipeline::ColorSpace;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

std::uint8_t to_ink8(double ink01) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(ink01, 0.0, 1.0) * 255.0));
}

// Per-thread scratch: the Lab row of the monochrome CMYK path.
class ColorState final : public pipeline::StageState {
 public:
  std::vector<std::uint16_t> lab;
  std::vector<std::uint8_t> cmyk;  // a row through an output intent, before deinterleaving
  ColorState() = default;
  ColorState(const ColorState&) = delete;
  ColorState& operator=(const ColorState&) = delete;
  ~ColorState() override {  // the row held page data
    if (!cmyk.empty()) explicit_bzero(cmyk.data(), cmyk.size());
  }
};

// Output intents whose conversions a stage keeps (one per document that has one).
constexpr std::size_t kMaxIntentLinks = 8;

class ColorStage final : public pipeline::Stage {
 public:
  ColorStage(const pipeline::StageConfig& config, std::vector<std::uint8_t> profile,
             std::string profile_name, std::unique_ptr<detail::LcmsContext> lcms)
      : mono_(config.options.color_mode == pipeline::ColorMode::monochrome),
        automatic_(config.options.color_mode == pipeline::ColorMode::automatic),
        intent_(config.options.intent),
        profile_bytes_(std::move(profile)),
        profile_name_(std::move(profile_name)),
        lcms_(std::move(lcms)),
        avx2_(detail::cpu_has_avx2()) {
    traits_.name = std::string(kStageName);
    traits_.inputs = {PixelFormat::gray8, PixelFormat::rgb8, PixelFormat::rgb16,
                      PixelFormat::cmyk8};
    traits_.output = mono_ ? PixelFormat::k8 : PixelFormat::cmyk8_planar;
    traits_.concurrency = pipeline::Concurrency::parallel;
    traits_.row_fusable = true;
  }

  [[nodiscard]] const pipeline::StageTraits& traits() const noexcept override { return traits_; }

  [[nodiscard]] std::unique_ptr<pipeline::StageState> make_state() const override {
    return std::make_unique<ColorState>();
  }

  [[nodiscard]] Status process_rows(const Band& in, std::uint32_t in_row, std::uint32_t rows,
                                    Band& out, std::uint32_t out_row,
                                    pipeline::StageState* state) const noexcept override {
    return contained([&]() -> Status {
      MFP_RETURN_IF_ERROR(check_band(in));
      if (out.format != *traits_.output || out.encoding != pipeline::BandEncoding::raw ||
          out.width() != in.width() || in_row + rows > in.rows || out_row + rows > out.rows ||
          out.data.size() < out.raw_bytes()) {
        return Status(StatusCode::invalid_argument, "color: rows outside the bands");
      }
      return convert_rows(in, in_row, rows, out, out_row, dynamic_cast<ColorState*>(state));
    });
  }

  [[nodiscard]] Result<Band> process(Band in, pipeline::StageState* state,
                                     BufferPool& pool) const noexcept override {
    return contained([&]() -> Result<Band> {
      return convert(std::move(in), dynamic_cast<ColorState*>(state), pool);
    });
  }

 private:
  // Runs `body`, turning any exception into the stage's status (none leaves the stage).
  template <typename Body>
  static auto contained(Body&& body) noexcept -> decltype(body()) {
    try {
      return body();
    } catch (const std::bad_alloc&) {
      return Status(StatusCode::resource_exhausted, "color: out of memory");
    } catch (const std::exception& e) {
      return Status(StatusCode::internal, std::string("color: ") + e.what());
    } catch (...) {
      return Status(StatusCode::internal, "color: unexpected exception");
    }
  }

 private:
  // A conversion built on first use, shared by all threads afterwards.
  struct LinkSlot {
    std::once_flag once;
    Status status;
    std::unique_ptr<const DeviceLink> link;
    bool white_is_blank = false;  // white converts to no ink: all-white rows are skipped
  };
  struct TableSlot {
    std::once_flag once;
    Status status;
    std::array<std::uint32_t, 256> ink{};  // C, M, Y, K packed little-endian
  };
  // CMYK samples made for a document's output intent, to the engine's CMYK.
  struct IntentSlot {
    std::once_flag once;
    Status status;
    detail::TransformHandle transform;  // TYPE_CMYK_8 -> TYPE_CMYK_8, NOCACHE (shared)
    bool white_is_blank = false;
  };
  struct CmykMonoSlot {
    std::once_flag once;
    Status status;
    detail::TransformHandle to_lab;  // TYPE_CMYK_8 -> TYPE_Lab_16, NOCACHE (shared)
    std::array<std::uint8_t, 4096> k_of_lightness{};  // indexed by L16 >> 4
  };
  struct MappingSlot {
    std::once_flag once;
    Status status;
    std::optional<detail::KOnlyMapping> mapping;
  };

  // Runs `build` once for `slot` (serialized with all other builds); returns its status.
  template <typename Slot, typename Build>
  Status build_once(Slot& slot, Build&& build) const {
    std::call_once(slot.once, [&] {
      std::lock_guard lock(build_mutex_);
      try {
        slot.status = build(slot);
      } catch (const std::bad_alloc&) {
        slot.status = Status(StatusCode::resource_exhausted, "color: out of memory");
      } catch (const std::exception& e) {
        slot.status = Status(StatusCode::internal, std::string("color: ") + e.what());
      }
    });
    return slot.status;
  }

  Result<detail::ProfileHandle> open_engine() const {
    return detail::open_engine_profile(*lcms_, profile_bytes_, profile_name_, intent_);
  }

  Result<const detail::KOnlyMapping*> k_mapping() const {
    MFP_RETURN_IF_ERROR(build_once(k_mapping_, [&](MappingSlot& slot) -> Status {
      MFP_ASSIGN_OR_RETURN(detail::ProfileHandle engine, open_engine());
      MFP_ASSIGN_OR_RETURN(detail::KOnlyMapping mapping,
                           detail::KOnlyMapping::measure(*lcms_, engine.get()));
      slot.mapping = mapping;
      return Status::ok();
    }));
    return &*k_mapping_.mapping;
  }

  // Transform from a source space to the engine (color) or to Lab (monochrome), float in/out.
  Result<detail::TransformHandle> source_transform(ColorSpace space, cmsUInt32Number in_type,
                                                   cmsUInt32Number out_type, bool k_only) const {
    MFP_ASSIGN_OR_RETURN(detail::ProfileHandle source, detail::make_source_profile(*lcms_, space));
    detail::ProfileHandle target;
    detail::IntentSpec spec{INTENT_RELATIVE_COLORIMETRIC, 0};
    if (k_only) {
      MFP_ASSIGN_OR_RETURN(target, detail::make_lab_profile(*lcms_));
    } else {
      MFP_ASSIGN_OR_RETURN(target, open_engine());
      spec = detail::intent_spec(intent_);
    }
    detail::TransformHandle transform(cmsCreateTransformTHR(lcms_->get(), source.get(), in_type,
                                                            target.get(), out_type, spec.intent,
                                                            spec.flags | cmsFLAGS_NOCACHE));
    if (!transform) {
      return lcms_->error(StatusCode::internal,
                          "color: " + std::string(to_string(space)) + " transform");
    }
    return transform;
  }

  // `k_only`: the conversion to black ink alone (monochrome jobs, black-only pages).
  Result<const LinkSlot*> rgb_link(ColorSpace space, bool k_only) const {
    LinkSlot& slot = (space == ColorSpace::adobe_rgb ? adobe_ : srgb_)[k_only ? 1 : 0];
    MFP_RETURN_IF_ERROR(build_once(slot, [&](LinkSlot& s) -> Status {
      const detail::KOnlyMapping* mapping = nullptr;
      if (k_only) {
        MFP_ASSIGN_OR_RETURN(mapping, k_mapping());
      }
      MFP_ASSIGN_OR_RETURN(
          detail::TransformHandle transform,
          source_transform(space, TYPE_RGB_FLT, k_only ? TYPE_Lab_FLT : TYPE_CMYK_FLT, k_only));
      cmsHTRANSFORM xf = transform.get();
      std::vector<float> lab;
      auto sampler = [&](std::span<const float> rgb, std::span<float> ink) -> Status {
        const auto n = static_cast<cmsUInt32Number>(rgb.size() / 3);
        if (!k_only) {
          cmsDoTransform(xf, rgb.data(), ink.data(), n);
          for (float& v : ink) v /= 100.0f;  // Little CMS float CMYK is 0..100
          return Status::ok();
        }
        lab.resize(static_cast<std::size_t>(n) * 3);
        cmsDoTransform(xf, rgb.data(), lab.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
          ink[4 * i + 0] = ink[4 * i + 1] = ink[4 * i + 2] = 0.0f;
          ink[4 * i + 3] = static_cast<float>(mapping->k_for_source_lightness(lab[3 * i]));
        }
        return Status::ok();
      };
      MFP_ASSIGN_OR_RETURN(s.link, DeviceLink::sample(sampler));
      s.white_is_blank = s.link->convert(255, 255, 255) == std::array<std::uint8_t, 4>{};
      return Status::ok();
    }));
    return &slot;
  }

  Result<const TableSlot*> gray_table(bool k_only) const {
    TableSlot& slot = gray_[k_only ? 1 : 0];
    MFP_RETURN_IF_ERROR(build_once(slot, [&](TableSlot& s) -> Status {
      const detail::KOnlyMapping* mapping = nullptr;
      if (k_only) {
        MFP_ASSIGN_OR_RETURN(mapping, k_mapping());
      }
      MFP_ASSIGN_OR_RETURN(detail::TransformHandle transform,
                           source_transform(ColorSpace::gray, TYPE_GRAY_FLT,
                                            k_only ? TYPE_Lab_FLT : TYPE_CMYK_FLT, k_only));
      std::array<float, 256> gray{};
      for (unsigned v = 0; v < 256; ++v) gray[v] = static_cast<float>(v) / 255.0f;
      std::vector<float> out(256 * (k_only ? 3 : 4));
      cmsDoTransform(transform.get(), gray.data(), out.data(), 256);
      for (unsigned v = 0; v < 256; ++v) {
        if (k_only) {
          s.ink[v] = std::uint32_t{to_ink8(mapping->k_for_source_lightness(out[3 * v]))} << 24;
          continue;
        }
        std::uint32_t packed = 0;
        for (unsigned c = 0; c < 4; ++c) {
          packed |= std::uint32_t{to_ink8(out[4 * v + c] / 100.0)} << (8 * c);
        }
        s.ink[v] = packed;
      }
      return Status::ok();
    }));
    return &slot;
  }

  // The conversion from a document's CMYK output intent to the engine, built on first use and
  // kept for the last kMaxIntentLinks intents (slots in use stay alive with their users).
  Result<std::shared_ptr<IntentSlot>> intent_link(
      const std::shared_ptr<const std::vector<std::uint8_t>>& profile) const {
    std::shared_ptr<IntentSlot> slot;
    {
      std::lock_guard lock(intents_mu_);
      for (const auto& [key, s] : intents_) {
        if (key == profile) slot = s;
      }
      if (!slot) {
        slot = std::make_shared<IntentSlot>();
        if (intents_.size() >= kMaxIntentLinks) intents_.erase(intents_.begin());
        intents_.emplace_back(profile, slot);
      }
    }
    MFP_RETURN_IF_ERROR(build_once(*slot, [&](IntentSlot& s) -> Status {
      detail::ProfileHandle source(cmsOpenProfileFromMemTHR(
          lcms_->get(), profile->data(), static_cast<cmsUInt32Number>(profile->size())));
      if (!source || cmsGetColorSpace(source.get()) != cmsSigCmykData) {
        return Status(StatusCode::malformed_data, "color: the output intent is not a CMYK profile");
      }
      MFP_ASSIGN_OR_RETURN(detail::ProfileHandle engine, open_engine());
      const detail::IntentSpec spec = detail::intent_spec(intent_);
      s.transform.reset(cmsCreateTransformTHR(lcms_->get(), source.get(), TYPE_CMYK_8, engine.get(),
                                              TYPE_CMYK_8, spec.intent,
                                              spec.flags | cmsFLAGS_NOCACHE));
      if (!s.transform) {
        return lcms_->error(StatusCode::malformed_data, "color: output intent transform");
      }
      const std::array<std::uint8_t, 4> paper{};
      std::array<std::uint8_t, 4> ink{1, 1, 1, 1};
      cmsDoTransform(s.transform.get(), paper.data(), ink.data(), 1);
      s.white_is_blank = ink == std::array<std::uint8_t, 4>{};
      return Status::ok();
    }));
    return slot;
  }

  Result<const CmykMonoSlot*> cmyk_mono() const {
    MFP_RETURN_IF_ERROR(build_once(cmyk_mono_, [&](CmykMonoSlot& s) -> Status {
      MFP_ASSIGN_OR_RETURN(const detail::KOnlyMapping* mapping, k_mapping());
      MFP_ASSIGN_OR_RETURN(detail::ProfileHandle engine, open_engine());
      MFP_ASSIGN_OR_RETURN(detail::ProfileHandle lab, detail::make_lab_profile(*lcms_));
      s.to_lab.reset(cmsCreateTransformTHR(lcms_->get(), engine.get(), TYPE_CMYK_8, lab.get(),
                                           TYPE_Lab_16, INTENT_RELATIVE_COLORIMETRIC,
                                           cmsFLAGS_NOCACHE));
      if (!s.to_lab) return lcms_->error(StatusCode::internal, "color: CMYK -> Lab transform");
      for (unsigned i = 0; i < s.k_of_lightness.size(); ++i) {
        const double lightness = (i * 16.0 + 8.0) * 100.0 / 65535.0;
        s.k_of_lightness[i] = to_ink8(mapping->k_for_lightness(lightness));
      }
      return Status::ok();
    }));
    return &cmyk_mono_;
  }

  Status check_band(const Band& in) const {
    if (in.encoding != pipeline::BandEncoding::raw) {
      return Status(StatusCode::invalid_argument, "color: cannot convert a compressed band");
    }
    if (!traits_.inputs.contains(in.format)) {
      return Status(StatusCode::invalid_argument,
                    "color: cannot convert " + std::string(to_string(in.format)) +
                        " bands (accepts gray8, rgb8, rgb16 and cmyk8)");
    }
    if (!in.page || in.page->width == 0) {
      return Status(StatusCode::invalid_argument, "color: band without page geometry");
    }
    const std::size_t row = pipeline::row_bytes(in.format, in.width());
    if (in.stride < row || (in.format == PixelFormat::rgb16 && in.stride % 2 != 0)) {
      return Status(StatusCode::invalid_argument, "color: stride " + std::to_string(in.stride) +
                                                      " does not fit rows of " +
                                                      std::to_string(row) + " bytes");
    }
    if (in.data.size() < in.stride * in.rows) {
      return Status(StatusCode::invalid_argument,
                    "color: band holds " + std::to_string(in.data.size()) + " bytes, needs " +
                        std::to_string(in.stride * in.rows));
    }
    return Status::ok();
  }

  Result<Band> convert(Band in, ColorState* state, BufferPool& pool) const {
    MFP_RETURN_IF_ERROR(check_band(in));
    MFP_ASSIGN_OR_RETURN(Band out, pipeline::make_band_like(in, *traits_.output, pool));
    MFP_RETURN_IF_ERROR(convert_rows(in, 0, in.rows, out, 0, state));
    return out;
  }

  // Where converted row r goes: the engine's four ink planes, or black alone.
  struct InkTarget {
    Band& out;
    std::uint32_t out_row;
    bool mono;    // a monochrome job: the page has one (black) plane
    bool k_only;  // black ink alone in the four planes
    [[nodiscard]] std::array<std::uint8_t*, 4> planes(std::uint32_t r) const {
      const std::uint32_t o = out_row + r;
      if (mono) return {nullptr, nullptr, nullptr, out.row(o, 0)};
      if (k_only) return {nullptr, nullptr, nullptr, out.row(o, 3)};
      return {out.row(o, 0), out.row(o, 1), out.row(o, 2), out.row(o, 3)};
    }
  };

  // Rows [in_first, in_first + rows) of `in` into rows from `out_row` of `out` (zeroed: rows
  // without ink are skipped).
  Status convert_rows(const Band& in, std::uint32_t in_first, std::uint32_t rows, Band& out,
                      std::uint32_t out_row, ColorState* state) const {
    const ColorSpace space = in.page->color_space;
    // Black ink alone: a monochrome job, or (print-color-mode auto) a page without color. Such a
    // page keeps the color job's four planes, with no cyan, magenta or yellow (the buffer comes
    // zeroed), and counts as a black impression at the engine.
    const bool k_only = mono_ || (automatic_ && (in.page->black_only || space == ColorSpace::gray));
    const InkTarget target{out, out_row, mono_, k_only};
    switch (in.format) {
      case PixelFormat::rgb8:
      case PixelFormat::rgb16:
        return convert_rgb_rows(in, in_first, rows, target);
      case PixelFormat::gray8:
        return convert_gray_rows(in, in_first, rows, target);
      case PixelFormat::cmyk8:
        return convert_cmyk_rows(in, in_first, rows, target, state);
      default:
        return Status::ok();  // rejected by check_band
    }
  }

  Status convert_rgb_rows(const Band& in, std::uint32_t in_first, std::uint32_t rows,
                          const InkTarget& target) const {
    const std::uint32_t w = in.width();
    const std::size_t in_row = pipeline::row_bytes(in.format, w);
    const ColorSpace space = in.page->color_space;
    MFP_ASSIGN_OR_RETURN(
        const LinkSlot* slot,
        rgb_link(space == ColorSpace::adobe_rgb ? ColorSpace::adobe_rgb : ColorSpace::srgb,
                 target.k_only));
    // A row equal to the one before (images scaled up to 600 dpi repeat each row 2-4 times)
    // takes that row's ink instead of converting again.
    const std::uint8_t* prev_src = nullptr;
    std::array<std::uint8_t*, 4> prev{};
    for (std::uint32_t r = 0; r < rows; ++r) {
      const std::uint8_t* src = in.row(in_first + r);
      if (slot->white_is_blank && detail::is_filled(src, in_row, 0xFF)) {
        prev_src = nullptr;
        continue;
      }
      const auto p = target.planes(r);
      if (prev_src != nullptr && std::memcmp(src, prev_src, in_row) == 0) {
        for (unsigned c = 0; c < 4; ++c) {
          if (p[c] != nullptr) std::memcpy(p[c], prev[c], w);
        }
        continue;
      }
      prev_src = src;
      prev = p;
      const InkRow row{p[0], p[1], p[2], p[3]};
      if (in.format == PixelFormat::rgb8) {
        slot->link->convert_rgb8(src, w, row);
      } else {
        slot->link->convert_rgb16(reinterpret_cast<const std::uint16_t*>(src), w, row);
      }
    }
    return Status::ok();
  }

  Status convert_gray_rows(const Band& in, std::uint32_t in_first, std::uint32_t rows,
                           const InkTarget& target) const {
    const std::uint32_t w = in.width();
    if (in.page->color_space == ColorSpace::black) {  // samples are black ink already
      for (std::uint32_t r = 0; r < rows; ++r) {
        std::memcpy(target.planes(r)[3], in.row(in_first + r), w);
      }
      return Status::ok();
    }
    MFP_ASSIGN_OR_RETURN(const TableSlot* slot, gray_table(target.k_only));
    const bool white_is_blank = slot->ink[255] == 0;
    for (std::uint32_t r = 0; r < rows; ++r) {
      const std::uint8_t* src = in.row(in_first + r);
      if (white_is_blank && detail::is_filled(src, w, 0xFF)) continue;
      detail::lookup_ink(slot->ink, src, w, target.planes(r).data(), target.k_only);
    }
    return Status::ok();
  }

  Status convert_cmyk_rows(const Band& in, std::uint32_t in_first, std::uint32_t rows,
                           const InkTarget& target, ColorState* state) const {
    const std::uint32_t w = in.width();
    const std::size_t in_row = pipeline::row_bytes(in.format, w);
    if (!mono_ && in.page->source_profile) {
      MFP_ASSIGN_OR_RETURN(std::shared_ptr<IntentSlot> slot, intent_link(in.page->source_profile));
      std::vector<std::uint8_t> local;
      std::vector<std::uint8_t>& tmp = state != nullptr ? state->cmyk : local;
      tmp.resize(static_cast<std::size_t>(w) * 4);
      for (std::uint32_t r = 0; r < rows; ++r) {
        const std::uint8_t* src = in.row(in_first + r);
        if (slot->white_is_blank && detail::is_filled(src, in_row, 0)) continue;
        cmsDoTransform(slot->transform.get(), src, tmp.data(), w);
        detail::deinterleave_cmyk(tmp.data(), w, target.planes(r).data(), avx2_);
      }
      if (state == nullptr) explicit_bzero(local.data(), local.size());
      return Status::ok();
    }
    if (!mono_) {
      for (std::uint32_t r = 0; r < rows; ++r) {
        const std::uint8_t* src = in.row(in_first + r);
        if (detail::is_filled(src, in_row, 0)) continue;
        detail::deinterleave_cmyk(src, w, target.planes(r).data(), avx2_);
      }
      return Status::ok();
    }
    MFP_ASSIGN_OR_RETURN(const CmykMonoSlot* slot, cmyk_mono());
    std::vector<std::uint16_t> local;
    std::vector<std::uint16_t>& lab = state != nullptr ? state->lab : local;
    lab.resize(static_cast<std::size_t>(w) * 3);
    const bool white_is_blank = slot->k_of_lightness.back() == 0;
    for (std::uint32_t r = 0; r < rows; ++r) {
      const std::uint8_t* src = in.row(in_first + r);
      if (white_is_blank && detail::is_filled(src, in_row, 0)) continue;
      cmsDoTransform(slot->to_lab.get(), src, lab.data(), w);
      std::uint8_t* k = target.out.row(target.out_row + r, 0);
      for (std::uint32_t x = 0; x < w; ++x) k[x] = slot->k_of_lightness[lab[3 * x] >> 4];
    }
    return Status::ok();
  }

  pipeline::StageTraits traits_;
  bool mono_;
  bool automatic_;  // print-color-mode auto: pages without color print with black ink alone
  pipeline::RenderingIntent intent_;
  std::vector<std::uint8_t> profile_bytes_;
  std::string profile_name_;
  // Declared before the slots: their Little CMS handles must go before the context.
  std::unique_ptr<detail::LcmsContext> lcms_;
  bool avx2_;
  mutable std::recursive_mutex build_mutex_;
  // Index 0: to the engine's four inks; 1: to black alone.
  mutable std::array<LinkSlot, 2> srgb_;
  mutable std::array<LinkSlot, 2> adobe_;
  mutable std::array<TableSlot, 2> gray_;
  mutable CmykMonoSlot cmyk_mono_;
  mutable std::mutex intents_mu_;
  mutable std::vector<
      std::pair<std::shared_ptr<const std::vector<std::uint8_t>>, std::shared_ptr<IntentSlot>>>
      intents_;  // oldest first
  mutable MappingSlot k_mapping_;
};

}  // namespace

bool is_cmyk_output_profile(std::span<const std::uint8_t> icc) noexcept {
  try {
    detail::LcmsContext lcms;
    if (lcms.get() == nullptr || icc.empty()) return false;
    const std::vector<std::uint8_t> bytes(icc.begin(), icc.end());
    return detail::open_engine_profile(lcms, bytes, "output intent",
                                       pipeline::RenderingIntent::relative_colorimetric)
        .is_ok();
  } catch (...) {
    return false;
  }
}

Result<std::shared_ptr<const pipeline::Stage>> make_color_stage(
    const pipeline::StageConfig& config) {
  try {
    const std::string path = config.engine_profile_path.empty()
                                 ? std::string(kFallbackEngineProfile)
                                 : config.engine_profile_path;
    MFP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> bytes, detail::read_profile_file(path));
    auto lcms = std::make_unique<detail::LcmsContext>();
    if (lcms->get() == nullptr) {
      return Status(StatusCode::resource_exhausted, "color: cannot create a Little CMS context");
    }
    // Validate now, so a bad profile fails the job before any band flows.
    MFP_RETURN_IF_ERROR(
        detail::open_engine_profile(*lcms, bytes, path, config.options.intent).status());
    return std::shared_ptr<const pipeline::Stage>(
        std::make_shared<ColorStage>(config, std::move(bytes), path, std::move(lcms)));
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "color: out of memory");
  } catch (const std::exception& e) {
    return Status(StatusCode::internal, std::string("color: ") + e.what());
  }
}

}  // namespace mfp::stages::color
