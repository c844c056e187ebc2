#pragma once
// Status and Result<T>: the one error model of OpenMFP. Errors are values; no exception crosses
// a node, codec or C-library boundary. This header stands alone so codecs/ may include it.

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace mfp::pipeline {

// The small, closed set of failure kinds. One table (status_map.h) maps each to IPP and HTTP.
enum class StatusCode : std::uint8_t {
  ok = 0,
  invalid_argument,    // a caller-supplied value is out of range or inconsistent
  unsupported,         // well-formed, but a format, feature or value the device does not support
  malformed_data,      // document bytes violate their format
  truncated,           // document ended before its declared data
  limit_exceeded,      // a size, count or budget limit was hit before allocation
  permission_denied,   // the caller's identity may not do this
  not_found,           // no such job, document, page or object
  cancelled,           // the job was cancelled
  conflict,            // state does not allow the operation now
  resource_exhausted,  // memory, storage or tokens exhausted
  io_error,            // the operating system refused a read or write
  integrity_error,     // tamper or corruption detected
  internal,            // a bug or an unexpected exception
};

// Stable lowercase name of a code ("malformed_data"), used in logs and JSON.
std::string_view to_string(StatusCode code) noexcept;

// A status code with a human-readable message. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() noexcept { return Status(); }

  [[nodiscard]] bool is_ok() const noexcept { return code_ == StatusCode::ok; }
  explicit operator bool() const noexcept { return is_ok(); }
  [[nodiscard]] StatusCode code() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  // "malformed_data: PWG header: width 0" style text for logs and errors.
  [[nodiscard]] std::string to_string() const;

  // Explicitly discards a status where ignoring it is the intended behaviour.
  void ignore() const noexcept {}

  friend bool operator==(const Status& a, const Status& b) noexcept {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::ok;
  std::string message_;
};

// Shorthand constructors: make_error(StatusCode::truncated, "PWG page 2: ").
inline Status make_error(StatusCode code, std::string message) {
  return Status(code, std::move(message));
}

// The one exception policy: the Status of the exception being handled, for a catch block at a
// node, codec, C-library or request boundary. std::bad_alloc is resource_exhausted
// ("<what>: out of memory"); any other std::exception is internal with its message ("<what>:
// <e.what()>"); anything else is internal ("<what>: unknown exception"). Never throws: when
// even the message cannot be built, the code comes without one.
[[nodiscard]] Status current_exception_status(std::string_view what) noexcept;

// A value or a non-ok Status. Access to value() on an error is a bug (checked in debug builds).
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "Result<Status> is meaningless");

 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    if (std::get<1>(v_).is_ok()) {
      v_.template emplace<1>(StatusCode::internal, "Result built from an ok Status");
    }
  }

  [[nodiscard]] bool is_ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return is_ok(); }

  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }

  // The error, or ok() when a value is held.
  [[nodiscard]] Status status() const { return is_ok() ? Status::ok() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mfp::pipeline

// Propagates a non-ok Status from an expression returning Status.
#define MFP_RETURN_IF_ERROR(expr)                 \
  do {                                            \
    ::mfp::pipeline::Status mfp_status_ = (expr); \
    if (!mfp_status_.is_ok()) return mfp_status_; \
  } while (false)

#define MFP_CONCAT_INNER_(a, b) a##b
#define MFP_CONCAT_(a, b) MFP_CONCAT_INNER_(a, b)
// Declares `lhs` from a Result expression, or returns its Status on error.
#define MFP_ASSIGN_OR_RETURN(lhs, expr) \
  MFP_ASSIGN_OR_RETURN_IMPL_(MFP_CONCAT_(mfp_result_, __LINE__), lhs, expr)
#define MFP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.is_ok()) return tmp.status();           \
  lhs = std::move(tmp).value()
