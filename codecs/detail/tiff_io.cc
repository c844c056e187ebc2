#include "codecs/detail/tiff_io.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>

namespace mfp::codecs::detail {

namespace {

// Process-wide handlers are silenced once, so that messages libtiff emits without a handle
// (none expected with TIFFOpenOptions, but kept as a guard) never reach stderr.
void silence_global_handlers() noexcept {
  static std::once_flag once;
  std::call_once(once, [] {
    TIFFSetErrorHandler(nullptr);
    TIFFSetWarningHandler(nullptr);
  });
}

int on_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
  auto* m = static_cast<TiffMessages*>(user);
  if (m->errors++ == 0) {
    char text[448];
    std::vsnprintf(text, sizeof text, fmt, ap);
    std::snprintf(m->first_error, sizeof m->first_error, "%s%s%s", module ? module : "",
                  module ? ": " : "", text);
  }
  return 1;  // handled: do not call the global handler
}

int on_warning(TIFF*, void* user, const char*, const char*, va_list) {
  ++static_cast<TiffMessages*>(user)->warnings;
  return 1;
}

TiffOpenOptionsHandle make_options(TiffMessages* msgs, std::uint64_t max_alloc) noexcept {
  TiffOpenOptionsHandle opts(TIFFOpenOptionsAlloc());
  if (!opts) {
    return opts;
  }
  TIFFOpenOptionsSetErrorHandlerExtR(opts.get(), on_error, msgs);
  TIFFOpenOptionsSetWarningHandlerExtR(opts.get(), on_warning, msgs);
  if (max_alloc > 0) {
    const std::uint64_t cap = std::min<std::uint64_t>(
        max_alloc, static_cast<std::uint64_t>(std::numeric_limits<tmsize_t>::max()));
    TIFFOpenOptionsSetMaxSingleMemAlloc(opts.get(), static_cast<tmsize_t>(cap));
  }
  return opts;
}

toff_t seek_to(std::uint64_t& pos, std::uint64_t size, toff_t off, int whence) {
  std::uint64_t base = 0;
  switch (whence) {
    case SEEK_SET:
      base = 0;
      break;
    case SEEK_CUR:
      base = pos;
      break;
    case SEEK_END:
      base = size;
      break;
    default:
      return static_cast<toff_t>(-1);
  }
  // off is unsigned; libtiff passes negative relative offsets as wrapped values.
  const std::uint64_t target = base + off;
  if (target > (std::uint64_t{1} << 62)) {
    return static_cast<toff_t>(-1);
  }
  pos = target;
  return pos;
}

// ---- read-only memory file ----
tmsize_t mr_read(thandle_t h, void* buf, tmsize_t n) {
  auto* f = static_cast<TiffMemoryReadFile*>(h);
  if (n <= 0 || f->pos >= f->size) {
    return 0;
  }
  const std::uint64_t k = std::min<std::uint64_t>(static_cast<std::uint64_t>(n), f->size - f->pos);
  std::memcpy(buf, f->data + f->pos, k);
  f->pos += k;
  return static_cast<tmsize_t>(k);
}
tmsize_t mr_write(thandle_t, void*, tmsize_t) {
  return -1;
}
toff_t mr_seek(thandle_t h, toff_t off, int whence) {
  auto* f = static_cast<TiffMemoryReadFile*>(h);
  return seek_to(f->pos, f->size, off, whence);
}
int mr_close(thandle_t) {
  return 0;
}
toff_t mr_size(thandle_t h) {
  return static_cast<TiffMemoryReadFile*>(h)->size;
}
int mr_map(thandle_t h, void** base, toff_t* size) {
  auto* f = static_cast<TiffMemoryReadFile*>(h);
  *base = const_cast<std::uint8_t*>(f->data);  // opened read-only: libtiff does not write
  *size = f->size;
  return 1;
}
void mr_unmap(thandle_t, void*, toff_t) {}

// ---- growable memory file ----
tmsize_t mw_read(thandle_t h, void* buf, tmsize_t n) {
  auto* f = static_cast<TiffMemoryWriteFile*>(h);
  const std::uint64_t size = f->bytes.size();
  if (n <= 0 || f->pos >= size) {
    return 0;
  }
  const std::uint64_t k = std::min<std::uint64_t>(static_cast<std::uint64_t>(n), size - f->pos);
  std::memcpy(buf, f->bytes.data() + f->pos, k);
  f->pos += k;
  return static_cast<tmsize_t>(k);
}
tmsize_t mw_write(thandle_t h, void* buf, tmsize_t n) {
  auto* f = static_cast<TiffMemoryWriteFile*>(h);
  if (n < 0) {
    return -1;
  }
  const std::uint64_t end = f->pos + static_cast<std::uint64_t>(n);
  try {
    if (end > f->bytes.size()) {
      f->bytes.resize(end);
    }
  } catch (const std::bad_alloc&) {
    f->failed = true;
    return -1;
  } catch (...) {
    f->failed = true;
    return -1;
  }
  if (n > 0) {
    std::memcpy(f->bytes.data() + f->pos, buf, static_cast<std::size_t>(n));
  }
  f->pos = end;
  return n;
}
toff_t mw_seek(thandle_t h, toff_t off, int whence) {
  auto* f = static_cast<TiffMemoryWriteFile*>(h);
  return seek_to(f->pos, f->bytes.size(), off, whence);
}
int mw_close(thandle_t) {
  return 0;
}
toff_t mw_size(thandle_t h) {
  return static_cast<TiffMemoryWriteFile*>(h)->bytes.size();
}
int mw_map(thandle_t, void**, toff_t*) {
  return 0;
}
void mw_unmap(thandle_t, void*, toff_t) {}

}  // namespace

TiffHandle open_tiff_read(TiffMemoryReadFile* file, TiffMessages* msgs,
                          std::uint64_t max_alloc) noexcept {
  silence_global_handlers();
  TiffOpenOptionsHandle opts = make_options(msgs, max_alloc);
  if (!opts) {
    return nullptr;
  }
  return TiffHandle(TIFFClientOpenExt("memory", "r", file, mr_read, mr_write, mr_seek, mr_close,
                                      mr_size, mr_map, mr_unmap, opts.get()));
}

TiffHandle open_tiff_write(TiffMemoryWriteFile* file, TiffMessages* msgs) noexcept {
  silence_global_handlers();
  TiffOpenOptionsHandle opts = make_options(msgs, 0);
  if (!opts) {
    return nullptr;
  }
  return TiffHandle(TIFFClientOpenExt("memory", "w", file, mw_read, mw_write, mw_seek, mw_close,
                                      mw_size, mw_map, mw_unmap, opts.get()));
}

}  // namespace mfp::codecs::detail
