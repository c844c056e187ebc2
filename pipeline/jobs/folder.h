#pragma once
// Folder: one "Send from Folder" folder (guide, "Create Folder for Fax receive", "App" > "Send
// from Folder") and the records shown about it and its files: the folder list (number and
// name), a folder's settings, and the File List (type, name, date, page count). Plain values;
// FolderService owns the stored folders and decides who sees them.

#include <cstddef>
#include <cstdint>
#include <string>

#include "pipeline/owner_tag.h"

namespace mfp::pipeline::jobs {

// Folder numbers are three digits on the panel ("001".."999").
inline constexpr std::uint32_t kMinFolderNumber = 1;
inline constexpr std::uint32_t kMaxFolderNumber = 999;
// Folder names are 1..20 characters (Unicode code points, stored as UTF-8).
inline constexpr std::size_t kMaxFolderNameChars = 20;
// File names are 1..128 characters; file types ("scan", "fax") 1..16 of [a-z0-9_-].
inline constexpr std::size_t kMaxFolderFileNameChars = 128;
inline constexpr std::size_t kMaxFolderFileTypeChars = 16;
// Fax lines a Folder Selector entry may name (the device has at most a few; the bound only
// keeps stored values sane).
inline constexpr std::uint32_t kMaxFaxLine = 8;

// The job-id half of the OwnerTag of every object stored in a folder is this base plus the
// folder number, so folder files never collide with a real job's objects (job ids stay far
// below it) and a file cannot be opened as if it belonged to another folder.
inline constexpr std::uint64_t kFolderJobIdBase = 1ull << 62;

// The owner tag of the sealed objects holding folder `number`'s files.
[[nodiscard]] constexpr OwnerTag folder_owner_tag(std::uint64_t owner_user_id,
                                                  std::uint32_t number) noexcept {
  return OwnerTag{owner_user_id, kFolderJobIdBase + number};
}

// A folder's settings.
struct Folder {
  std::uint32_t number = 0;
  std::string name;                 // UTF-8, no control characters
  std::uint64_t owner_user_id = 0;  // who created it; owns every file stored in it
  bool check_passcode = false;      // "Check Folder Passcode" (the flag only: see FolderService)
  std::int64_t created = 0;         // unix seconds
};

// One row of the folder list: what everyone allowed to list folders sees.
struct FolderSummary {
  std::uint32_t number = 0;
  std::string name;
};

// One row of a folder's File List.
struct FolderFile {
  std::uint64_t id = 0;      // unique on the device, never reused
  std::uint32_t folder = 0;  // the folder holding it
  std::string type;          // the job type that stored it: "scan", "fax", ...
  std::string name;          // UTF-8, no control characters
  std::int64_t stored = 0;   // unix seconds
  std::uint32_t pages = 0;
  std::uint64_t size = 0;  // bytes
};

// What a producer (scan to folder, fax receive) says about a file it stores.
struct NewFolderFile {
  std::string type;
  std::string name;
  std::uint32_t pages = 0;
};

}  // namespace mfp::pipeline::jobs
