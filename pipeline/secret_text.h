#pragma once
// SecretText: a short secret a job carries to a stage (a PDF's document-password), zeroed when
// destroyed. Shared read-only through JobOptions; never logged or stored by the pipeline.

#include <string>
#include <string_view>

namespace mfp::pipeline {

class SecretText {
 public:
  explicit SecretText(std::string text) noexcept : text_(std::move(text)) {}
  SecretText(const SecretText&) = delete;
  SecretText& operator=(const SecretText&) = delete;
  ~SecretText() {
    // volatile stores so the zeroing is not elided as a dead store before the free.
    volatile char* p = text_.data();
    for (std::size_t i = 0; i < text_.capacity(); ++i) p[i] = 0;
  }
  [[nodiscard]] std::string_view view() const noexcept { return text_; }

 private:
  std::string text_;
};

}  // namespace mfp::pipeline
