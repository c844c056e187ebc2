#pragma once
// RAII owners for Little CMS handles: one unique_ptr alias per handle type.
//
// Each alias closes its handle exactly once when it goes out of scope; a null handle is never
// passed to Little CMS. Handles made on a context (the *THR functions) must be destroyed before
// that context, so owners declare the context first.

#include <lcms2.h>

#include <memory>
#include <type_traits>

namespace mfp::stages::color::detail {

struct ContextDeleter {
  void operator()(cmsContext c) const noexcept { cmsDeleteContext(c); }
};
struct ProfileDeleter {
  void operator()(cmsHPROFILE p) const noexcept { cmsCloseProfile(p); }
};
struct TransformDeleter {
  void operator()(cmsHTRANSFORM t) const noexcept { cmsDeleteTransform(t); }
};
struct ToneCurveDeleter {
  void operator()(cmsToneCurve* c) const noexcept { cmsFreeToneCurve(c); }
};

using ContextHandle = std::unique_ptr<std::remove_pointer_t<cmsContext>, ContextDeleter>;
using ProfileHandle = std::unique_ptr<void, ProfileDeleter>;      // cmsHPROFILE
using TransformHandle = std::unique_ptr<void, TransformDeleter>;  // cmsHTRANSFORM
using ToneCurveHandle = std::unique_ptr<cmsToneCurve, ToneCurveDeleter>;

}  // namespace mfp::stages::color::detail
