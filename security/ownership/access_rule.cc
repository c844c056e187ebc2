#include "security/ownership/access_rule.h"

#include <array>

namespace mfp::security::ownership {

namespace {

using enum Operation;
using enum ObjectKind;

// What each kind of object offers its owner.
// Jobs: the guide's Private Print / Scan / Copy / Fax Send lists: preview, print, delete the
// data, change the number of copies, cancel, restart; plus seeing one's own jobs.
constexpr OperationSet kJobOps{view_details, list,   read,  release, cancel,
                               delete_,      modify, print, preview};
// Stored data of a job (documents, page stores): preview, print, delete, change settings.
constexpr OperationSet kDataOps{view_details, list, read, delete_, modify, print, preview};
// Folder files: Retrieve, Print, Delete (fax), Preview, Print, Delete, change copies or paper
// (scan to folder), the File List (CWIS). Storing a file (create) is granted separately.
constexpr OperationSet kFolderFileOps{view_details, list, read, delete_, modify, print, preview};
constexpr OperationSet kCreate{create};
constexpr OperationSet kCertificateOps{list, view_details, read, create, modify, delete_};

constexpr std::string_view kOwnJobs =
    "General User can perform [preview, print, delete, change the number of copies, cancel] "
    "for the data and the jobs stored his/her own ... But General User cannot operate the "
    "print data and the job stored by others.";
constexpr std::string_view kAdminJobs =
    "System Administrator (including Key Operator) can operate all the print data and jobs "
    "regardless of owner.";
constexpr std::string_view kFolderFiles =
    "The following operations are allowed to the owner of the folder in which the data was "
    "stored. ... The user who doesn't have the ownership for the folder cannot operate the "
    "received fax data. However, Key Operator can operate the data stored in all the folder "
    "regardless of the owner.";
constexpr std::string_view kKoFolderFiles =
    "However, Key Operator can operate the data stored in all the folder regardless of the "
    "owner. / when you log in as Key Operator, you can see the list of files for all folders.";
constexpr std::string_view kFolderList =
    "By clicking [Send from Folder] button, the list of folder is shown. ... This page "
    "displays the folder number and folder name.";
constexpr std::string_view kOwnFolders =
    "You can operate create, edit, delete the folder (DESIGN: a general user operates only on "
    "their own jobs and folders).";
constexpr std::string_view kAdminFolders =
    "the Key Operator and System Administrators operate on all of them (DESIGN section 1); "
    "their files stay owner-and-Key-Operator only.";
constexpr std::string_view kOwnAccount = "A general user changes only their own password.";
constexpr std::string_view kAdminAccounts =
    "System Administrator users can register and change system settings (users and roles); "
    "the Key Operator's own account is changed only by the Key Operator.";
constexpr std::string_view kAdminSettings =
    "General User ... cannot be allowed to configure the system settings.";
constexpr std::string_view kAdminAudit =
    "The audit log is exported by a system administrator (ALOGEXPT.CMD over HTTPS).";
constexpr std::string_view kUnauthenticated =
    "Unauthenticated User cannot use the device at all; a submitted job is held as Private "
    "Charge Print or deleted.";
constexpr std::string_view kCustomerEngineer =
    "Service Representative Restricted Operation: the customer engineer performs device "
    "maintenance only when it is allowed, never on user data.";
constexpr std::string_view kAdminCertificates =
    "Configuring Certificates: the System Administrator creates, imports and deletes the "
    "device certificate and the trusted CA certificates.";
constexpr std::string_view kRestoreDefaults =
    "Restore Factory Defaults is performed by the Key Operator (the built-in System "
    "Administrator) only.";
constexpr std::string_view kDeviceStatus =
    "The [Home] service displays the information of machine, trays, consumables, counter.";

// Access table: every grant in OpenMFP. Anything not granted here is denied.
constexpr std::array kRules = {
    // ---- Key Operator (built-in system administrator) ----
    AccessRule{Role::key_operator, job, kJobOps, Scope::any, Condition::none, kAdminJobs},
    AccessRule{Role::key_operator, job, kCreate, Scope::own, Condition::none, kAdminJobs},
    AccessRule{Role::key_operator, document, kDataOps, Scope::any, Condition::none, kAdminJobs},
    AccessRule{Role::key_operator, document, kCreate, Scope::own, Condition::none, kAdminJobs},
    AccessRule{Role::key_operator, page_store, kDataOps, Scope::any, Condition::none, kAdminJobs},
    AccessRule{Role::key_operator, page_store, kCreate, Scope::own, Condition::none, kAdminJobs},
    AccessRule{Role::key_operator,
               folder,
               {list, view_details, modify, delete_},
               Scope::any,
               Condition::none,
               kAdminFolders},
    AccessRule{Role::key_operator, folder, kCreate, Scope::own, Condition::none, kOwnFolders},
    AccessRule{Role::key_operator, folder_file, kFolderFileOps, Scope::any, Condition::none,
               kKoFolderFiles},
    AccessRule{Role::key_operator, folder_file, kCreate, Scope::own, Condition::none, kFolderFiles},
    AccessRule{Role::key_operator,
               user_account,
               {list, view_details, create, modify, delete_, set_password},
               Scope::any,
               Condition::none,
               kAdminAccounts},
    AccessRule{Role::key_operator,
               setting,
               {list, view_details, read, modify},
               Scope::any,
               Condition::none,
               kAdminSettings},
    AccessRule{Role::key_operator,
               audit_log,
               {list, view_details, read, export_},
               Scope::any,
               Condition::none,
               kAdminAudit},
    AccessRule{Role::key_operator,
               device,
               {view_details, maintain},
               Scope::any,
               Condition::none,
               kAdminSettings},
    AccessRule{Role::key_operator,
               device,
               {restore_defaults},
               Scope::any,
               Condition::none,
               kRestoreDefaults},
    AccessRule{Role::key_operator, certificate, kCertificateOps, Scope::any, Condition::none,
               kAdminCertificates},

    // ---- System Administrator (users given the role) ----
    AccessRule{Role::system_administrator, job, kJobOps, Scope::any, Condition::none, kAdminJobs},
    AccessRule{Role::system_administrator, job, kCreate, Scope::own, Condition::none, kAdminJobs},
    AccessRule{Role::system_administrator, document, kDataOps, Scope::any, Condition::none,
               kAdminJobs},
    AccessRule{Role::system_administrator, document, kCreate, Scope::own, Condition::none,
               kAdminJobs},
    AccessRule{Role::system_administrator, page_store, kDataOps, Scope::any, Condition::none,
               kAdminJobs},
    AccessRule{Role::system_administrator, page_store, kCreate, Scope::own, Condition::none,
               kAdminJobs},
    AccessRule{Role::system_administrator,
               folder,
               {list, view_details, modify, delete_},
               Scope::any,
               Condition::none,
               kAdminFolders},
    AccessRule{Role::system_administrator, folder, kCreate, Scope::own, Condition::none,
               kOwnFolders},
    // Not Scope::any: folder contents are the folder owner's and the Key Operator's only.
    AccessRule{Role::system_administrator, folder_file, kFolderFileOps | kCreate, Scope::own,
               Condition::none, kFolderFiles},
    AccessRule{Role::system_administrator,
               user_account,
               {list, view_details, create},
               Scope::any,
               Condition::none,
               kAdminAccounts},
    AccessRule{Role::system_administrator,
               user_account,
               {modify, delete_, set_password},
               Scope::any_but_key_operator,
               Condition::none,
               kAdminAccounts},
    AccessRule{Role::system_administrator,
               setting,
               {list, view_details, read, modify},
               Scope::any,
               Condition::none,
               kAdminSettings},
    AccessRule{Role::system_administrator,
               audit_log,
               {list, view_details, read, export_},
               Scope::any,
               Condition::none,
               kAdminAudit},
    AccessRule{Role::system_administrator,
               device,
               {view_details, maintain},
               Scope::any,
               Condition::none,
               kAdminSettings},
    AccessRule{Role::system_administrator, certificate, kCertificateOps, Scope::any,
               Condition::none, kAdminCertificates},

    // ---- General User ----
    AccessRule{Role::general_user, job, kJobOps | kCreate, Scope::own, Condition::none, kOwnJobs},
    AccessRule{Role::general_user, document, kDataOps | kCreate, Scope::own, Condition::none,
               kOwnJobs},
    AccessRule{Role::general_user, page_store, kDataOps | kCreate, Scope::own, Condition::none,
               kOwnJobs},
    AccessRule{Role::general_user,
               folder,
               {create, view_details, modify, delete_},
               Scope::own,
               Condition::none,
               kOwnFolders},
    AccessRule{Role::general_user, folder, {list}, Scope::any, Condition::none, kFolderList},
    AccessRule{Role::general_user, folder_file, kFolderFileOps | kCreate, Scope::own,
               Condition::none, kFolderFiles},
    AccessRule{Role::general_user,
               user_account,
               {view_details, set_password},
               Scope::own,
               Condition::none,
               kOwnAccount},
    AccessRule{
        Role::general_user, device, {view_details}, Scope::any, Condition::none, kDeviceStatus},

    // ---- Unauthenticated: submit a job (owned by nobody), nothing else ----
    AccessRule{Role::unauthenticated, job, kCreate, Scope::own, Condition::none, kUnauthenticated},
    AccessRule{Role::unauthenticated, document, kCreate, Scope::own, Condition::none,
               kUnauthenticated},

    // ---- Customer Engineer: device maintenance only, and only when allowed ----
    AccessRule{Role::customer_engineer,
               device,
               {view_details, maintain},
               Scope::any,
               Condition::maintenance_allowed,
               kCustomerEngineer},
};

}  // namespace

std::span<const AccessRule> access_rules() noexcept {
  return kRules;
}

}  // namespace mfp::security::ownership
