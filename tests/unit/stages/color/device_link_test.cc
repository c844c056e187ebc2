#include "stages/color/device_link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "stages/color/detail/tetrahedral_kernels.h"
#include "tests/unit/stages/color/color_test_util.h"

namespace mfp::stages::color {
namespace {

using pipeline::ColorSpace;
using pipeline::RenderingIntent;

std::unique_ptr<const DeviceLink> srgb_link(const test_support::Reference& ref) {
  auto link = DeviceLink::sample([&](std::span<const float> rgb, std::span<float> ink) {
    for (std::size_t i = 0; i < rgb.size() / 3; ++i) {
      const double src[3] = {rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]};
      const auto cmyk = ref.cmyk(src);
      for (int c = 0; c < 4; ++c) ink[4 * i + c] = static_cast<float>(cmyk[c] / 100.0);
    }
    return pipeline::Status::ok();
  });
  EXPECT_TRUE(link.is_ok());
  return link.is_ok() ? std::move(link).value() : nullptr;
}

TEST(DeviceLink, GridNodesAreExact) {
  test_support::Reference ref(ColorSpace::srgb, RenderingIntent::perceptual);
  ASSERT_TRUE(ref.ok());
  auto link = srgb_link(ref);
  ASSERT_TRUE(link);
  for (std::uint8_t r : {0, 60, 204, 255}) {
    for (std::uint8_t g : {0, 208, 243, 255}) {
      for (std::uint8_t b : {0, 6, 240, 255}) {
        const double src[3] = {r / 255.0, g / 255.0, b / 255.0};
        const auto cmyk = ref.cmyk(src);
        const auto got = link->convert(r, g, b);
        for (int c = 0; c < 4; ++c) {
          EXPECT_NEAR(got[c], cmyk[c] * 2.55, 0.51) << int(r) << " " << int(g) << " " << int(b);
        }
      }
    }
  }
}

// Accuracy of the sampled link over random colors, against the float transform: reported, and
// bounded a little above the patch-set requirement (the engine profile itself is bumpy near
// paper white; Little CMS's own 8-bit transform reaches 1.5 there).
TEST(DeviceLink, RandomColorsStayCloseToTheFloatTransform) {
  test_support::Reference ref(ColorSpace::srgb, RenderingIntent::perceptual);
  ASSERT_TRUE(ref.ok());
  auto link = srgb_link(ref);
  ASSERT_TRUE(link);
  std::mt19937 rng(5);
  std::vector<double> des;
  for (int i = 0; i < 20000; ++i) {
    const std::uint8_t px[3] = {static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng()),
                                static_cast<std::uint8_t>(rng())};
    const double src[3] = {px[0] / 255.0, px[1] / 255.0, px[2] / 255.0};
    des.push_back(ref.delta_e(src, link->convert(px[0], px[1], px[2])));
  }
  std::sort(des.begin(), des.end());
  const double p99 = des[des.size() * 99 / 100];
  std::printf("  random sRGB: max dE2000 %.3f, p99 %.3f\n", des.back(), p99);
  EXPECT_LE(p99, 0.5);
  EXPECT_LE(des.back(), 1.3);
}

TEST(DeviceLink, Avx2KernelMatchesScalarKernel) {
  if (!detail::cpu_has_avx2()) GTEST_SKIP() << "no AVX2";
  test_support::Reference ref(ColorSpace::srgb, RenderingIntent::perceptual);
  ASSERT_TRUE(ref.ok());
  auto link = srgb_link(ref);
  ASSERT_TRUE(link);
  std::mt19937 rng(9);
  for (std::uint32_t n : {1u, 7u, 8u, 9u, 10u, 17u, 18u, 64u, 333u, 4960u}) {
    std::vector<std::uint8_t> rgb(n * 3);
    for (std::uint32_t x = 0; x < n; ++x) {
      // Mix noise, runs of equal pixels and exact ties between channels.
      const auto mode = rng() % 4;
      for (int c = 0; c < 3; ++c) {
        rgb[3 * x + c] = mode == 0 && x > 0 ? rgb[3 * (x - 1) + c]
                         : mode == 1        ? static_cast<std::uint8_t>(rgb[3 * x])
                                            : static_cast<std::uint8_t>(rng());
      }
      if (mode == 1) rgb[3 * x + 1] = rgb[3 * x + 2] = static_cast<std::uint8_t>(rng());
    }
    std::vector<std::uint8_t> a(n * 4, 0xAA);
    std::vector<std::uint8_t> b(n * 4, 0x55);
    link->convert_rgb8(rgb.data(), n, {&a[0], &a[n], &a[2 * n], &a[3 * n]}, Isa::scalar);
    link->convert_rgb8(rgb.data(), n, {&b[0], &b[n], &b[2 * n], &b[3 * n]}, Isa::avx2);
    ASSERT_EQ(a, b) << n;
    // K only.
    std::vector<std::uint8_t> k(n, 0x11);
    link->convert_rgb8(rgb.data(), n, {nullptr, nullptr, nullptr, k.data()}, Isa::avx2);
    ASSERT_TRUE(std::equal(k.begin(), k.end(), a.begin() + 3 * n)) << n;
  }
}

TEST(DeviceLink, BuiltAdobeRgbMatchesTheSystemProfile) {
  const char* path = "/usr/share/color/icc/compatibleWithAdobeRGB1998.icc";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path;
  detail::LcmsContext context;
  auto built = detail::make_source_profile(context, ColorSpace::adobe_rgb);
  ASSERT_TRUE(built.is_ok());
  detail::ProfileHandle file(cmsOpenProfileFromFileTHR(context.get(), path, "r"));
  ASSERT_TRUE(file);
  auto lab = detail::make_lab_profile(context);
  detail::TransformHandle a(cmsCreateTransformTHR(context.get(), built.value().get(), TYPE_RGB_DBL,
                                                  lab.value().get(), TYPE_Lab_DBL,
                                                  INTENT_RELATIVE_COLORIMETRIC, 0));
  detail::TransformHandle b(cmsCreateTransformTHR(context.get(), file.get(), TYPE_RGB_DBL,
                                                  lab.value().get(), TYPE_Lab_DBL,
                                                  INTENT_RELATIVE_COLORIMETRIC, 0));
  ASSERT_TRUE(a && b);
  double worst = 0;
  for (int r = 0; r <= 255; r += 51) {
    for (int g = 0; g <= 255; g += 51) {
      for (int bl = 0; bl <= 255; bl += 51) {
        const double rgb[3] = {r / 255.0, g / 255.0, bl / 255.0};
        cmsCIELab la{};
        cmsCIELab lb{};
        cmsDoTransform(a.get(), rgb, &la, 1);
        cmsDoTransform(b.get(), rgb, &lb, 1);
        worst = std::max(worst, cmsCIE2000DeltaE(&la, &lb, 1, 1, 1));
      }
    }
  }
  EXPECT_LE(worst, 0.5);
}

}  // namespace
}  // namespace mfp::stages::color
