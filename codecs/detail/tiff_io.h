#pragma once
// libtiff plumbing shared by TiffReader and TiffWriter (private to codecs/): RAII handles,
// in-memory client procs, and per-handle error/warning capture that never prints.

#include <tiffio.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace mfp::codecs::detail {

struct CloseTiff {
  void operator()(TIFF* t) const noexcept { TIFFClose(t); }
};
using TiffHandle = std::unique_ptr<TIFF, CloseTiff>;

struct FreeTiffOpenOptions {
  void operator()(TIFFOpenOptions* o) const noexcept { TIFFOpenOptionsFree(o); }
};
using TiffOpenOptionsHandle = std::unique_ptr<TIFFOpenOptions, FreeTiffOpenOptions>;

// Messages libtiff reported for one handle. Must outlive the handle.
struct TiffMessages {
  char first_error[512] = {};
  int errors = 0;
  int warnings = 0;
  void clear() noexcept {
    first_error[0] = '\0';
    errors = 0;
    warnings = 0;
  }
};

// Read-only view of caller memory. Must outlive the handle.
struct TiffMemoryReadFile {
  const std::uint8_t* data = nullptr;
  std::uint64_t size = 0;
  std::uint64_t pos = 0;
};

// Growable in-memory file for writing. Must outlive the handle.
struct TiffMemoryWriteFile {
  std::vector<std::uint8_t> bytes;
  std::uint64_t pos = 0;
  bool failed = false;  // an allocation failed
};

// Opens a TIFF over memory for reading (memory-mapped, never written). `max_alloc` caps any
// single libtiff allocation. Returns null on failure (see msgs).
TiffHandle open_tiff_read(TiffMemoryReadFile* file, TiffMessages* msgs,
                          std::uint64_t max_alloc) noexcept;

// Opens a TIFF over memory for writing. Returns null on failure (see msgs).
TiffHandle open_tiff_write(TiffMemoryWriteFile* file, TiffMessages* msgs) noexcept;

}  // namespace mfp::codecs::detail
