// Hostile and broken PDFs: each ends in a clear job status (or a correct page where MuPDF can
// repair the file), within its page budget, and prints nothing partial.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bench/pdf_workloads.h"
#include "frontends/cli/print_rig.h"
#include "stages/rip/document_format.h"
#include "tests/support/documents.h"
#include "tests/support/pdf_documents.h"
#include "tests/support/print_rigs.h"
#include "tests/support/temp_dir.h"

namespace mfp {
namespace {

using frontends::cli::JobReport;
using frontends::cli::PrintRig;
using pipeline::JobOptions;
using pipeline::StatusCode;

class PdfBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    rig_ = testing::unthrottled_rig();
    ASSERT_NE(rig_, nullptr);
  }

  JobReport print(std::vector<std::uint8_t> bytes, JobOptions options = {}) {
    if (options.dpi == 600) options.dpi = 300;  // bad input needs no fine raster
    const std::uint64_t before = rig_->engine().output_tray().delivered();
    const auto start = std::chrono::steady_clock::now();
    auto report =
        testing::print_one(*rig_, std::string(stages::rip::kPdf), std::move(bytes), options);
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    printed_ = rig_->engine().output_tray().delivered() - before;
    return report;
  }

  // A failed job prints nothing: pages are kept sealed until the job's last page is rendered.
  void expect_failed(const JobReport& r, StatusCode code, const std::string& words) {
    EXPECT_EQ(r.status.code(), code) << r.status.to_string();
    EXPECT_NE(r.status.message().find(words), std::string::npos) << r.status.to_string();
    EXPECT_EQ(printed_, 0u);
  }

  std::unique_ptr<PrintRig> rig_;
  double seconds_ = 0;
  std::uint64_t printed_ = 0;
};

TEST_F(PdfBadInput, GarbageIsMalformed) {
  const std::string text = "%PDF-1.7\nthis is not a PDF at all\n%%EOF\n";
  auto r = print({text.begin(), text.end()});
  EXPECT_FALSE(r.status.is_ok());
  EXPECT_EQ(printed_, 0u);
}

TEST_F(PdfBadInput, EmptyDocumentIsMalformed) {
  auto r = print({});
  EXPECT_FALSE(r.status.is_ok());
  EXPECT_EQ(printed_, 0u);
}

TEST_F(PdfBadInput, TruncatedDocumentIsRepairedOrRefused) {
  auto pdf = bench::make_office_pdf(3);
  for (double keep : {0.9, 0.5, 0.1}) {
    auto cut = pdf;
    cut.resize(static_cast<std::size_t>(cut.size() * keep));
    auto r = print(cut);
    if (r.status.is_ok()) {
      EXPECT_GE(printed_, 1u) << keep;  // MuPDF's repair recovered whole pages
    } else {
      EXPECT_EQ(r.status.code(), StatusCode::malformed_data) << r.status.to_string();
    }
  }
}

TEST_F(PdfBadInput, LoopingXrefEndsWithAStatus) {
  auto r = print(testing::looping_xref_pdf());
  EXPECT_TRUE(r.status.is_ok() || r.status.code() == StatusCode::malformed_data)
      << r.status.to_string();
  EXPECT_LT(seconds_, 10.0);
}

TEST_F(PdfBadInput, HugePageIsRefusedWithItsSize) {
  auto r = print(testing::sized_pdf(200 * 72, 200 * 72));
  expect_failed(r, StatusCode::limit_exceeded, "200 x 200 in");
}

TEST_F(PdfBadInput, EmptyPageBoxGetsAStatusOrADefaultPage) {
  auto r = print(testing::sized_pdf(0, 0));
  if (r.status.is_ok()) {
    EXPECT_EQ(printed_, 1u);  // MuPDF replaces an empty MediaBox with US Letter
  } else {
    EXPECT_EQ(r.status.code(), StatusCode::malformed_data) << r.status.to_string();
  }
}

TEST_F(PdfBadInput, ContentBombRunsIntoThePageBudget) {
  JobOptions o;
  o.page_time_budget_ms = 300;
  auto r = print(testing::content_bomb_pdf(std::size_t{600} << 20), o);
  expect_failed(r, StatusCode::limit_exceeded, "page budget of 300 ms");
  EXPECT_LT(seconds_, 5.0);
}

TEST_F(PdfBadInput, ImageBombGetsAStatusOrAPage) {
  // 60000 x 60000 RGB declares 10.8 GB: over MuPDF's memory budget unless subsampled.
  auto r = print(testing::image_bomb_pdf(60000, 60000));
  EXPECT_TRUE(r.status.is_ok() || r.status.code() == StatusCode::resource_exhausted ||
              r.status.code() == StatusCode::malformed_data)
      << r.status.to_string();
  EXPECT_LT(seconds_, 30.0);
}

TEST_F(PdfBadInput, DeeplyNestedFormsEndWithAStatusOrAPage) {
  auto r = print(testing::nested_forms_pdf(1000));
  EXPECT_TRUE(r.status.is_ok() || r.status.code() == StatusCode::malformed_data ||
              r.status.code() == StatusCode::limit_exceeded)
      << r.status.to_string();
}

TEST_F(PdfBadInput, TensOfThousandsOfObjectsPrint) {
  auto r = print(testing::many_objects_pdf(50000));
  ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
  EXPECT_EQ(printed_, 1u);
}

TEST_F(PdfBadInput, MissingFontIsSubstituted) {
  auto r = print(testing::missing_font_pdf());
  ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
  auto rec = rig_->engine().output_tray().last();
  ASSERT_TRUE(rec.has_value());
  EXPECT_GT(rec->coverage[3], 0.0005);  // the text printed in MuPDF's built-in font
}

// Encrypted with qpdf (AES-256): refused without the document-password, refused with a wrong
// one, printed with the right one.
TEST_F(PdfBadInput, EncryptedDocumentNeedsItsPassword) {
  testing::TempDir dir;
  const auto plain = dir.path() / "plain.pdf";
  const auto locked = dir.path() / "locked.pdf";
  {
    auto bytes = bench::make_office_pdf(1);
    std::ofstream(plain, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  const std::string cmd = "qpdf --encrypt 'open sesame' owner-pass 256 -- '" + plain.string() +
                          "' '" + locked.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream f(locked, std::ios::binary);
  std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(f), {}};
  ASSERT_GT(bytes.size(), 1000u);

  expect_failed(print(bytes), StatusCode::permission_denied, "no document-password");
  JobOptions wrong;
  wrong.document_password = std::make_shared<pipeline::SecretText>("guess");
  expect_failed(print(bytes, wrong), StatusCode::permission_denied, "document-password is wrong");
  JobOptions right;
  right.document_password = std::make_shared<pipeline::SecretText>("open sesame");
  auto r = print(bytes, right);
  ASSERT_TRUE(r.status.is_ok()) << r.status.to_string();
  EXPECT_EQ(printed_, 1u);
}

TEST_F(PdfBadInput, AFailedPdfJobDoesNotDisturbTheNext) {
  auto bad = print(testing::sized_pdf(200 * 72, 10));
  EXPECT_FALSE(bad.status.is_ok());
  auto good = print(bench::make_office_pdf(1));
  ASSERT_TRUE(good.status.is_ok()) << good.status.to_string();
  EXPECT_EQ(printed_, 1u);
}

}  // namespace
}  // namespace mfp
