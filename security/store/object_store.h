#pragma once
// ObjectStore: sealed storage for everything a user submitted, scanned or received and every
// page the pipeline stores (DESIGN.md section 4, items 1 and 3). Each object is a stream of
// AES-256-GCM chunks under its own random data key, named by a random ObjectId, owned by an
// OwnerTag and labelled with a kind. Nothing is ever written in plaintext: no plaintext
// temporary files, nothing user-supplied in file names.
//
// Layout under the directory given to open():
//   objects/<id>.obj       the sealed chunks (format: detail/chunk_format.h)
//   keys/<id>.key          the data key wrapped by KeyManager::wrap, owner, kind and length,
//                          HMAC'd with KeyManager::derive("object-keys") (detail/key_record.h)
//   objects/<id>.obj.tmp, keys/<id>.key.tmp   an object being written (sealed too)
// An object exists when both its files exist. A commit writes and fsyncs both temporary files,
// renames the object file and then the key file into place (fsyncing each directory), so a
// crash leaves either no object or a whole one; the key file's rename is the commit point.
// Destroying the key file makes the object unrecoverable, so removal overwrites it first.
//
// Ownership and lifetime: the store keeps references to the KeyManager, Drbg and Eraser given
// to open(), which must outlive it and every writer and reader it made; writers and readers
// must not outlive the store. One store per directory per process. Thread-safe; each writer or
// reader is used by one thread at a time. Reading an object while it is being removed fails
// with integrity_error (its bytes are overwritten under the reader).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "pipeline/owner_tag.h"
#include "pipeline/status.h"
#include "security/crypto/drbg.h"
#include "security/crypto/secure_bytes.h"
#include "security/erase/eraser.h"
#include "security/keys/key_manager.h"
#include "security/store/durability.h"
#include "security/store/object_id.h"
#include "security/store/object_info.h"
#include "security/store/object_reader.h"
#include "security/store/object_writer.h"

namespace mfp::security::store {

struct ObjectStoreOptions {
  // Plaintext bytes per sealed chunk (1 KiB .. 16 MiB); the reader takes it from each object's
  // key file, so it may change between runs.
  std::size_t chunk_bytes = 64 * 1024;
};

class ObjectStore {
 public:
  // Opens (creating when absent, mode 0700) the store in `dir`. `dir` must be the eraser's base
  // directory or lie under it. Before returning it calls eraser.resume() (finishing overwrites
  // a power loss interrupted), then overwrites and removes every temporary file and every
  // half object (an object file without key file or the reverse) left by a crash.
  // invalid_argument for bad options or a `dir` outside the eraser's base; io_error, or the
  // resume's or KeyManager's error, otherwise.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<ObjectStore>> open(
      const std::filesystem::path& dir, keys::KeyManager& keys, crypto::Drbg& drbg,
      erase::Eraser& eraser, ObjectStoreOptions options = {}) noexcept;
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;
  ~ObjectStore();

  // Starts a new object owned by `owner`. `kind` is 1..64 characters of [a-z0-9._-]
  // (invalid_argument otherwise). Nothing is visible until the writer commits.
  [[nodiscard]] pipeline::Result<std::unique_ptr<ObjectWriter>> create(
      const pipeline::OwnerTag& owner, std::string_view kind,
      Durability durability = Durability::durable) noexcept;
  // Opens object `id` for sequential reading by `expected_owner` (compared with the whole
  // OwnerTag). not_found when it does not exist; integrity_error when its key file fails
  // authentication or its object file header does not belong to it; permission_denied when
  // the owner differs (decided before any key is unwrapped or byte decrypted).
  [[nodiscard]] pipeline::Result<std::unique_ptr<ObjectReader>> open_object(
      const ObjectId& id, const pipeline::OwnerTag& expected_owner) noexcept;

  // Owner, kind and length from the authenticated key file (for the access policy, which then
  // opens with the owner it approved). not_found or integrity_error.
  [[nodiscard]] pipeline::Result<ObjectInfo> info(const ObjectId& id) const noexcept;
  // Plaintext length; as info().
  [[nodiscard]] pipeline::Result<std::uint64_t> size(const ObjectId& id) const noexcept;
  // True when both files of the object exist (no authentication).
  [[nodiscard]] bool exists(const ObjectId& id) const noexcept;
  // Ids of the committed objects, sorted. io_error when a directory cannot be listed.
  [[nodiscard]] pipeline::Result<std::vector<ObjectId>> list() const noexcept;
  // Releases the object: the eraser journals it, overwrites the key file, then the object file,
  // with the "Overwrite Storage" passes and unlinks both (Eraser::erase). not_found when it
  // does not exist; the eraser's error otherwise (the release then stays pending).
  [[nodiscard]] pipeline::Status remove(const ObjectId& id) noexcept;
  // Releases the object later: the eraser journals it now (durably, key file first) and
  // overwrites it in its next run_pending() (or resume() after a power loss). not_found when
  // it does not exist.
  [[nodiscard]] pipeline::Status remove_later(const ObjectId& id) noexcept;

  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }
  [[nodiscard]] std::size_t chunk_bytes() const noexcept { return chunk_bytes_; }

 private:
  friend class ObjectWriter;
  friend class ObjectReader;
  ObjectStore(std::filesystem::path dir, keys::KeyManager& keys, crypto::Drbg& drbg,
              erase::Eraser& eraser, std::size_t chunk_bytes, crypto::SecureBytes mac_key,
              std::vector<std::uint8_t> master_key_id) noexcept;

  [[nodiscard]] std::filesystem::path object_path(const ObjectId& id) const;
  [[nodiscard]] std::filesystem::path key_path(const ObjectId& id) const;
  [[nodiscard]] std::filesystem::path object_temp_path(const ObjectId& id) const;
  [[nodiscard]] std::filesystem::path key_temp_path(const ObjectId& id) const;
  [[nodiscard]] pipeline::Status clean_up() noexcept;

  const std::filesystem::path dir_;
  const std::filesystem::path objects_dir_;
  const std::filesystem::path keys_dir_;
  keys::KeyManager& keys_;
  crypto::Drbg& drbg_;
  erase::Eraser& eraser_;
  const std::size_t chunk_bytes_;
  const crypto::SecureBytes mac_key_;  // HMAC key of the key files
  const std::vector<std::uint8_t> master_key_id_;
};

}  // namespace mfp::security::store
