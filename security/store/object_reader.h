#pragma once
// ObjectReader: reads one sealed object sequentially. Every chunk is authenticated before any
// of its bytes is released; the object's end is accepted only after its final record (bound
// to the object's authenticated length) has been authenticated and nothing follows it, so
// truncation, reordering, chunks moved from another object or owner, and appended data are all
// integrity_error, with a message naming the object id and the chunk. Memory: one chunk of
// plaintext in SecureBytes (zeroed when the reader dies) and one of ciphertext.
//
// Made by ObjectStore::open_object(); must not outlive the store. After the first error every
// later read() returns it. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "pipeline/status.h"
#include "security/crypto/aead.h"
#include "security/crypto/secure_bytes.h"
#include "security/erase/unique_fd.h"
#include "security/store/object_info.h"

namespace mfp::security::store {

class ObjectReader {
 public:
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;
  ~ObjectReader();

  [[nodiscard]] const ObjectInfo& info() const noexcept { return info_; }
  [[nodiscard]] const ObjectId& id() const noexcept { return info_.id; }
  [[nodiscard]] std::uint64_t size() const noexcept { return info_.size; }
  // Plaintext bytes returned so far.
  [[nodiscard]] std::uint64_t position() const noexcept { return position_; }

  // Copies up to out.size() authenticated bytes into `out` and returns how many; 0 means the
  // whole object has been read and verified (or `out` is empty). integrity_error on tamper or
  // truncation; io_error when the file cannot be read.
  [[nodiscard]] pipeline::Result<std::size_t> read(std::span<std::uint8_t> out) noexcept;

 private:
  friend class ObjectStore;
  ObjectReader(ObjectInfo info, std::size_t chunk_bytes, std::unique_ptr<crypto::Aes256Gcm> aead,
               erase::UniqueFd fd) noexcept;
  [[nodiscard]] pipeline::Status next_chunk() noexcept;
  [[nodiscard]] pipeline::Status fail(pipeline::Status error) noexcept;

  const ObjectInfo info_;
  const std::size_t chunk_bytes_;
  std::unique_ptr<crypto::Aes256Gcm> aead_;
  erase::UniqueFd fd_;
  crypto::SecureBytes plain_;         // the current chunk's plaintext
  std::vector<std::uint8_t> record_;  // one sealed record as read
  std::size_t avail_begin_ = 0;
  std::size_t avail_end_ = 0;
  std::uint64_t index_ = 0;     // next chunk index
  std::uint64_t sealed_ = 0;    // plaintext bytes of the chunks opened so far
  std::uint64_t position_ = 0;  // plaintext bytes returned
  bool finished_ = false;       // the final record was authenticated
  pipeline::Status error_;
};

}  // namespace mfp::security::store
