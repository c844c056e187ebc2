#pragma once
// UTF-8 helpers for audit text: validation, repair and truncation on a character boundary, so
// that every stored and exported audit field is valid UTF-8 whatever a producer handed in.
// Pure functions; they allocate only for the strings they return (std::bad_alloc propagates).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfp::security::audit::detail {

// One decoded code point and how many bytes it took.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// Decodes the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or nullopt when `s` is empty or does not start with one.
[[nodiscard]] std::optional<CodePoint> decode_utf8(std::string_view s) noexcept;

// Appends the UTF-8 encoding of `cp` (which must be a Unicode scalar value) to `out`.
void append_utf8(std::string& out, char32_t cp);

// True when `s` is entirely well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

// `s` with each byte that does not start a well-formed sequence replaced by U+FFFD.
[[nodiscard]] std::string sanitize_utf8(std::string_view s);

// The largest length <= `max_bytes` at which `s` (valid UTF-8) can be cut without splitting a
// character.
[[nodiscard]] std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) noexcept;

}  // namespace mfp::security::audit::detail
