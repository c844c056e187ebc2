#include "security/crypto/secure_bytes.h"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <cstring>
#include <new>
#include <utility>

namespace mfp::security::crypto {
namespace {

// Secrets up to this size (keys, passwords, seeds) go to the secure heap; larger buffers
// (document chunks) would exhaust it and leave OpenSSL's own key allocations, which have no
// fallback, without room.
constexpr std::size_t kSecureHeapMaxAllocation = 4096;

// Secret memory comes from OpenSSL's secure heap (mlocked, guard pages) when the process has
// initialised one (CRYPTO_secure_malloc_init) and it is small, and from the ordinary heap
// otherwise or when the secure heap is full. Either way it starts zeroed and is cleansed
// before it is freed.
std::uint8_t* allocate_zeroed(std::size_t n) {
  if (n == 0) return nullptr;
  void* p = nullptr;
  if (n <= kSecureHeapMaxAllocation && CRYPTO_secure_malloc_initialized() != 0) {
    // A full heap is not an error here: keep the thread's OpenSSL error queue clean.
    ERR_set_mark();
    p = OPENSSL_secure_zalloc(n);
    ERR_pop_to_mark();
  }
  if (p == nullptr) p = OPENSSL_zalloc(n);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<std::uint8_t*>(p);
}

void release(std::uint8_t* p, std::size_t n) noexcept {
  if (p == nullptr) return;
  if (CRYPTO_secure_allocated(p) != 0) {
    OPENSSL_secure_clear_free(p, n);
  } else {
    OPENSSL_clear_free(p, n);
  }
}

}  // namespace

void secure_zero(std::span<std::uint8_t> bytes) noexcept {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

bool constant_time_equal(std::span<const std::uint8_t> a,
                         std::span<const std::uint8_t> b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecureBytes::SecureBytes(std::size_t n) : data_(allocate_zeroed(n)), size_(n) {}

SecureBytes SecureBytes::copy_of(std::span<const std::uint8_t> bytes) {
  SecureBytes out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data_, bytes.data(), bytes.size());
  return out;
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept {
  if (this != &other) {
    release(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecureBytes::~SecureBytes() {
  release(data_, size_);
}

void SecureBytes::clear() noexcept {
  release(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

}  // namespace mfp::security::crypto
