#pragma once
// SecureBytes: owned secret bytes that are zeroed when destroyed, shrunk or moved from, plus
// secure_zero() and constant_time_equal(). Every key, password, session secret and plaintext
// scratch buffer in security/ lives in one of these.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mfp::security::crypto {

// Zeroes memory in a way the compiler may not elide (OPENSSL_cleanse).
void secure_zero(std::span<std::uint8_t> bytes) noexcept;

// Compares two byte strings in time that depends only on their lengths (CRYPTO_memcmp). The
// lengths themselves are not secret: different lengths compare unequal at once.
[[nodiscard]] bool constant_time_equal(std::span<const std::uint8_t> a,
                                       std::span<const std::uint8_t> b) noexcept;

// Move-only, heap-allocated, fixed-capacity secret buffer. Never copies itself implicitly.
class SecureBytes {
 public:
  SecureBytes() noexcept = default;
  // `n` zero bytes. Aborts the process only if memory is exhausted (as new does).
  explicit SecureBytes(std::size_t n);
  // A copy of `bytes` (the caller zeroes its own copy).
  static SecureBytes copy_of(std::span<const std::uint8_t> bytes);
  SecureBytes(SecureBytes&& other) noexcept;
  SecureBytes& operator=(SecureBytes&& other) noexcept;
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;
  ~SecureBytes();

  [[nodiscard]] std::uint8_t* data() noexcept { return data_; }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {data_, size_}; }
  [[nodiscard]] std::span<const std::uint8_t> span() const noexcept { return {data_, size_}; }
  // Zeroes and frees now.
  void clear() noexcept;

 private:
  std::uint8_t* data_ = nullptr;  // owned; freed with OPENSSL_clear_free
  std::size_t size_ = 0;
};

}  // namespace mfp::security::crypto
