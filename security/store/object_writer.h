#pragma once
// ObjectWriter: streams one new object into the store. write() takes any sizes; bytes are
// buffered into fixed-size chunks, each sealed (AES-256-GCM under the object's own random data
// key) and appended to a temporary file as soon as it is full, so a 100 MB object never sits
// whole in memory: only one chunk of plaintext, in SecureBytes, zeroed when the writer dies.
// commit() seals the final chunk, writes the key file and makes the object visible atomically.
// abort(), or destruction without commit(), overwrites and removes the temporary files (they
// hold only ciphertext under a key that dies with the writer, so a crash cannot expose them
// either).
//
// Failure: the first failed write() or commit() aborts the object (temporary files erased) and
// every later call returns that error. Made by ObjectStore::create(); must not outlive the
// store. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/owner_tag.h"
#include "pipeline/status.h"
#include "security/crypto/aead.h"
#include "security/crypto/secure_bytes.h"
#include "security/erase/unique_fd.h"
#include "security/store/durability.h"
#include "security/store/object_id.h"

namespace mfp::security::store {

class ObjectStore;

class ObjectWriter {
 public:
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;
  // Aborts unless committed (errors ignored: the eraser journals and audits them).
  ~ObjectWriter();

  [[nodiscard]] const ObjectId& id() const noexcept { return id_; }
  [[nodiscard]] const pipeline::OwnerTag& owner() const noexcept { return owner_; }
  // Plaintext bytes accepted so far.
  [[nodiscard]] std::uint64_t size() const noexcept { return total_ + fill_; }

  // Appends `bytes`. io_error / resource_exhausted when the disk refuses; conflict after
  // commit() or abort().
  [[nodiscard]] pipeline::Status write(std::span<const std::uint8_t> bytes) noexcept;
  // Seals the final chunk, fsyncs, writes the key file and renames both files into place (each
  // directory fsync'd). After ok the object exists and survives a power loss.
  [[nodiscard]] pipeline::Status commit() noexcept;
  // Discards the object: overwrites and removes the temporary files. conflict after commit().
  [[nodiscard]] pipeline::Status abort() noexcept;

 private:
  friend class ObjectStore;
  enum class State { writing, committed, aborted };

  ObjectWriter(ObjectStore& store, ObjectId id, pipeline::OwnerTag owner, std::string kind,
               std::unique_ptr<crypto::Aes256Gcm> aead, std::vector<std::uint8_t> wrapped_key,
               erase::UniqueFd fd, Durability durability) noexcept;
  [[nodiscard]] pipeline::Status seal(std::span<const std::uint8_t> plain, bool final) noexcept;
  [[nodiscard]] pipeline::Status write_key_file(std::uint64_t total) noexcept;
  [[nodiscard]] pipeline::Status publish() noexcept;
  // Forgets the key and overwrites and removes every file written so far.
  [[nodiscard]] pipeline::Status erase_files() noexcept;
  // Records `error`, erases what was written, and returns `error`.
  [[nodiscard]] pipeline::Status fail(pipeline::Status error) noexcept;

  ObjectStore& store_;
  const ObjectId id_;
  const pipeline::OwnerTag owner_;
  const std::string kind_;
  const std::size_t chunk_bytes_;
  const bool durable_;                       // commit() fsyncs files and directories
  std::unique_ptr<crypto::Aes256Gcm> aead_;  // holds the data key; zeroed when destroyed
  const std::vector<std::uint8_t> wrapped_key_;
  erase::UniqueFd fd_;
  crypto::SecureBytes plain_;         // the chunk being filled
  std::vector<std::uint8_t> record_;  // one sealed record (ciphertext: not secret)
  std::size_t fill_ = 0;
  std::uint64_t total_ = 0;   // plaintext bytes already sealed
  std::uint64_t kicked_ = 0;  // total_ when write-back was last started
  static constexpr std::uint64_t kWritebackKickBytes = std::uint64_t{8} << 20;
  std::uint64_t index_ = 0;  // next chunk index
  State state_ = State::writing;
  pipeline::Status error_;
  bool object_published_ = false;  // the object file was renamed into place
  bool key_published_ = false;     // the key file was renamed into place
};

}  // namespace mfp::security::store
