#pragma once
// FolderOperations: Send from Folder folders and their files as device-service operations
// (list, view, create, edit, delete; the File List, retrieve, delete a file). The gate checks
// the interface and, for listing and creating, AccessPolicy; the folder service asks the same
// policy with each folder's recorded owner (a folder's files are its owner's and the Key
// Operator's only) and applies Force Delete.
//
// Errors: the folder service's (permission_denied, not_found, conflict, invalid_argument,
// limit_exceeded). Borrows the core, which must outlive it.

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/device/caller.h"
#include "pipeline/device/device_core.h"
#include "security/crypto/secure_bytes.h"

namespace mfp::pipeline::device {

struct FolderSettings {
  std::uint32_t number = 0;  // 1..999
  std::string name;
  bool check_passcode = false;
};

class FolderOperations {
 public:
  explicit FolderOperations(DeviceCore& core) : core_(core) {}

  [[nodiscard]] Result<std::vector<jobs::FolderSummary>> list(const Caller& caller);
  [[nodiscard]] Result<jobs::Folder> view(const Caller& caller, std::uint32_t number);
  [[nodiscard]] Status create(const Caller& caller, const FolderSettings& folder);
  [[nodiscard]] Status edit(const Caller& caller, const FolderSettings& folder);
  [[nodiscard]] Status remove(const Caller& caller, std::uint32_t number);
  [[nodiscard]] Result<std::vector<jobs::FolderFile>> files(const Caller& caller,
                                                            std::uint32_t number);
  // The file's bytes (zeroed when dropped); limit_exceeded above `max_bytes`.
  [[nodiscard]] Result<security::crypto::SecureBytes> retrieve(const Caller& caller,
                                                               std::uint32_t number,
                                                               std::uint64_t file_id,
                                                               std::uint64_t max_bytes);
  [[nodiscard]] Status remove_file(const Caller& caller, std::uint32_t number,
                                   std::uint64_t file_id);

 private:
  DeviceCore& core_;
  security::ownership::AccessPolicy policy_;
};

}  // namespace mfp::pipeline::device
