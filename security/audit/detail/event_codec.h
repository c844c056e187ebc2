#pragma once
// The plaintext encoding of one AuditEvent inside a sealed log record, and the fitting that
// makes every event encodable in a fixed-size record: text repaired to valid UTF-8, an empty
// user shown as "-", and overlong fields cut on a character boundary and ended with
// kTruncationMarker (so a reader can see that they were cut).
//
// Encoding (little-endian): version u8 = 1 | event id u16 | time i64 (nanoseconds since the
// Unix epoch) | name | user | description | status | item count u8 | items as key, value;
// each string is a u16 byte length followed by that many bytes of UTF-8.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "security/audit/audit_event.h"

namespace mfp::security::audit::detail {

inline constexpr std::string_view kTruncationMarker = "[truncated]";
inline constexpr std::size_t kMaxFieldBytes = 256;  // before any budget cut
inline constexpr std::size_t kMaxItems = 16;        // further items are summarised in one

// `event` normalised for storage so that encoded_size(result) <= capacity (capacity must be at
// least 256). Only allocation can fail (std::bad_alloc).
[[nodiscard]] AuditEvent fit_event(AuditEvent event, std::size_t capacity);

// The number of bytes encode_event() writes for `event` (strings are assumed to fit u16).
[[nodiscard]] std::size_t encoded_size(const AuditEvent& event) noexcept;

// Writes the encoding of `event` at the start of `out`; false (nothing promised about `out`)
// when it does not fit or a string is longer than 65535 bytes or there are > 255 items.
[[nodiscard]] bool encode_event(const AuditEvent& event, std::span<std::uint8_t> out) noexcept;

// Decodes exactly `in`; nullopt when it is not a well-formed encoding with UTF-8 strings. Only
// allocation can throw.
[[nodiscard]] std::optional<AuditEvent> decode_event(std::span<const std::uint8_t> in);

}  // namespace mfp::security::audit::detail
