#pragma once
// FormData: the fields of an application/x-www-form-urlencoded body or of a query string, and
// read_form(), which reads a request's whole (small) body into one.
//
// "%XX" escapes are decoded; '+' is a space (PlusSign::space, what HTML forms send) or itself
// (PlusSign::literal: the guide's audit-log script posts base64 values unescaped, and base64's
// '+' must survive). Field order is kept; names and values may repeat.
//
// Failure: parse() returns invalid_argument for a bad escape ("%G1", a '%' at the end), a NUL
// byte, or more than kMaxFormFields fields; read_form() returns the body's read error,
// limit_exceeded for a body over `limit` bytes and invalid_argument for another content type.
// Never throws but bad_alloc. Secrets pass through forms (passwords): the destructor zeroes
// every name and value, and read_form() zeroes the raw body it read.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontends/http/http_exchange.h"
#include "pipeline/status.h"

namespace mfp::frontends::http {

inline constexpr std::size_t kMaxFormFields = 256;
inline constexpr std::size_t kMaxFormBytes = 64 * 1024;

enum class PlusSign : std::uint8_t { space, literal };

class FormData {
 public:
  FormData() = default;
  FormData(const FormData&) = delete;
  FormData& operator=(const FormData&) = delete;
  FormData(FormData&& other) noexcept = default;
  FormData& operator=(FormData&& other) noexcept;
  ~FormData();

  [[nodiscard]] static pipeline::Result<FormData> parse(std::string_view text,
                                                        PlusSign plus = PlusSign::space);

  // The first value of `name`, or nullopt.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const noexcept;
  // The first value of `name`, or "".
  [[nodiscard]] std::string_view value(std::string_view name) const noexcept;
  // The first value of `name` as bytes ("" when absent), for the password and passcode
  // operations that take bytes. The span lives as long as this form.
  [[nodiscard]] std::span<const std::uint8_t> bytes(std::string_view name) const noexcept;
  // Whether a field named `name` was sent (a checkbox that is ticked).
  [[nodiscard]] bool has(std::string_view name) const noexcept { return get(name).has_value(); }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& fields() const noexcept {
    return fields_;
  }

 private:
  void wipe() noexcept;
  std::vector<std::pair<std::string, std::string>> fields_;
};

// The query string of a request target ("a=1" of "/jobs?a=1"), parsed; an empty FormData
// when there is none.
[[nodiscard]] pipeline::Result<FormData> query_of(std::string_view target);

// Reads the request's whole body (at most `limit` bytes) as a form. A request whose
// Content-Type is not application/x-www-form-urlencoded is refused; a missing Content-Type is
// taken as a form (the guide's script sends none in some PowerShell versions).
[[nodiscard]] pipeline::Result<FormData> read_form(HttpExchange& exchange,
                                                   PlusSign plus = PlusSign::space,
                                                   std::size_t limit = kMaxFormBytes);

// Reads the request's whole body (at most `limit` bytes). limit_exceeded beyond it.
[[nodiscard]] pipeline::Result<std::string> read_body_text(HttpExchange& exchange,
                                                           std::size_t limit);

}  // namespace mfp::frontends::http
