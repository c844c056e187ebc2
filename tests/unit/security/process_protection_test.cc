#include "security/process_protection.h"

#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "security/crypto/secure_bytes.h"

namespace mfp::security {
namespace {

// The child's checks, as an exit code (0: all hold).
int protected_child() {
  auto report = protect_process();
  if (!report) return 10;
  if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) return 11;
  rlimit core{};
  if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0) return 12;
  const rlimit raise{RLIM_INFINITY, RLIM_INFINITY};
  if (::setrlimit(RLIMIT_CORE, &raise) == 0 && ::geteuid() != 0) return 13;
  const std::string_view key = "a key of 32 bytes, not a real 1";
  auto secret = crypto::SecureBytes::copy_of(
      std::span(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
  if (CRYPTO_secure_allocated(secret.data()) == 0) return 14;
  if (CRYPTO_secure_used() == 0) return 15;
  return 0;
}

// In a child process (the protection cannot be undone): no core dumps, core limit 0 that
// cannot be raised again, and SecureBytes come from OpenSSL's secure heap.
TEST(ProcessProtectionDeathTest, NoCoreDumpsAndSecretsOnTheSecureHeap) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(std::_Exit(protected_child()), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace mfp::security
