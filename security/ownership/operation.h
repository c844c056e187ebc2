#pragma once
// Operation and OperationSet: what a subject asks to do to an object, in the guide's terms
// (preview, print, delete, change the number of copies, cancel, retrieve, ...).

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace mfp::security::ownership {

enum class Operation : std::uint8_t {
  view_details,      // see an object's details (job owner, name, status; a folder's settings)
  list,              // see that the object exists in a list (job list, folder list, file list)
  read,              // read or retrieve the content (download a folder file, read a setting)
  release,           // release a held job (Private Charge Print) or restart a paused one
  cancel,            // cancel a processing job
  delete_,           // delete the object
  modify,            // change it (number of copies, paper selection, a setting, an account)
  print,             // print stored data
  preview,           // preview stored or scanned images
  create,            // create (submit a job, create a folder or an account, store a file)
  export_,           // export (the audit log)
  set_password,      // change an account's password
  maintain,          // device maintenance (diagnostics, counters, service functions)
  restore_defaults,  // Restore Factory Defaults: every key, store and setting wiped
};

inline constexpr std::array<Operation, 14> kAllOperations = {
    Operation::view_details, Operation::list,
    Operation::read,         Operation::release,
    Operation::cancel,       Operation::delete_,
    Operation::modify,       Operation::print,
    Operation::preview,      Operation::create,
    Operation::export_,      Operation::set_password,
    Operation::maintain,     Operation::restore_defaults};

[[nodiscard]] constexpr std::string_view to_string(Operation op) noexcept {
  switch (op) {
    case Operation::view_details:
      return "view_details";
    case Operation::list:
      return "list";
    case Operation::read:
      return "read";
    case Operation::release:
      return "release";
    case Operation::cancel:
      return "cancel";
    case Operation::delete_:
      return "delete";
    case Operation::modify:
      return "modify";
    case Operation::print:
      return "print";
    case Operation::preview:
      return "preview";
    case Operation::create:
      return "create";
    case Operation::export_:
      return "export";
    case Operation::set_password:
      return "set_password";
    case Operation::maintain:
      return "maintain";
    case Operation::restore_defaults:
      return "restore_defaults";
  }
  return "unknown";
}

// A set of operations (one rule of the access table grants a set).
class OperationSet {
 public:
  constexpr OperationSet() noexcept = default;
  constexpr OperationSet(std::initializer_list<Operation> ops) noexcept {
    for (Operation op : ops) bits_ |= bit(op);
  }
  [[nodiscard]] constexpr bool contains(Operation op) const noexcept {
    return (bits_ & bit(op)) != 0;
  }
  [[nodiscard]] constexpr OperationSet operator|(OperationSet other) const noexcept {
    OperationSet out;
    out.bits_ = static_cast<std::uint16_t>(bits_ | other.bits_);
    return out;
  }

 private:
  static constexpr std::uint16_t bit(Operation op) noexcept {
    return static_cast<std::uint16_t>(1u << static_cast<unsigned>(op));
  }
  std::uint16_t bits_ = 0;
};

}  // namespace mfp::security::ownership
