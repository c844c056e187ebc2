#include "pipeline/device/folder_operations.h"

#include "pipeline/device/authorize.h"

namespace mfp::pipeline::device {

Result<std::vector<jobs::FolderSummary>> FolderOperations::list(const Caller& caller) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folders_list));
  return core_.folders().list_folders(caller.subject);
}

Result<jobs::Folder> FolderOperations::view(const Caller& caller, std::uint32_t number) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_view));
  return core_.folders().get_folder(caller.subject, number);
}

Status FolderOperations::create(const Caller& caller, const FolderSettings& folder) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_create));
  return core_.folders().create_folder(caller.subject, folder.number, folder.name,
                                       folder.check_passcode);
}

Status FolderOperations::edit(const Caller& caller, const FolderSettings& folder) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_edit));
  return core_.folders().edit_folder(caller.subject, folder.number, folder.name,
                                     folder.check_passcode);
}

Status FolderOperations::remove(const Caller& caller, std::uint32_t number) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_delete));
  return core_.folders().delete_folder(caller.subject, number);
}

Result<std::vector<jobs::FolderFile>> FolderOperations::files(const Caller& caller,
                                                              std::uint32_t number) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_files));
  return core_.folders().list_files(caller.subject, number);
}

Result<security::crypto::SecureBytes> FolderOperations::retrieve(const Caller& caller,
                                                                 std::uint32_t number,
                                                                 std::uint64_t file_id,
                                                                 std::uint64_t max_bytes) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_file_retrieve));
  return core_.folders().retrieve_file(caller.subject, number, file_id, max_bytes);
}

Status FolderOperations::remove_file(const Caller& caller, std::uint32_t number,
                                     std::uint64_t file_id) {
  MFP_RETURN_IF_ERROR(authorize(policy_, caller, OperationId::folder_file_delete));
  return core_.folders().delete_file(caller.subject, number, file_id);
}

}  // namespace mfp::pipeline::device
