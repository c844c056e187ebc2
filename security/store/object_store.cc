#include "security/store/object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <string>
#include <system_error>
#include <utility>

#include "security/erase/file_io.h"
#include "security/store/detail/chunk_format.h"
#include "security/store/detail/key_record.h"

namespace mfp::security::store {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

namespace {

constexpr std::string_view kObjectExt = ".obj";
constexpr std::string_view kKeyExt = ".key";
constexpr std::string_view kTempExt = ".tmp";
constexpr int kIdAttempts = 4;

bool valid_kind(std::string_view kind) noexcept {
  if (kind.empty() || kind.size() > detail::kMaxKindBytes) return false;
  return std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

bool is_regular(const std::filesystem::path& p) noexcept {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Status with_object(const ObjectId& id, const Status& s) {
  return Status(s.code(), "object " + id.hex() + ": " + s.message());
}

// Reads and verifies the key file of `id`.
Result<detail::KeyRecord> load_key_record(const std::filesystem::path& key_file,
                                          const std::filesystem::path& object_file,
                                          const ObjectId& id, std::span<const std::uint8_t> mac_key,
                                          std::span<const std::uint8_t> key_id) noexcept {
  try {
    auto fd = erase::open_file(key_file, O_RDONLY);
    if (!fd || !is_regular(object_file)) {
      if (fd || fd.status().code() == StatusCode::not_found) {
        return Status(StatusCode::not_found, "object " + id.hex() + " does not exist");
      }
      return with_object(id, fd.status());
    }
    std::vector<std::uint8_t> buf(detail::kMaxKeyRecordBytes + 1);
    MFP_ASSIGN_OR_RETURN(const std::size_t n, erase::read_full(fd->get(), buf, "key file"));
    buf.resize(n);
    auto rec = detail::decode_key_record(buf, mac_key, key_id);
    if (!rec) return with_object(id, rec.status());
    if (rec->id != id) {
      return Status(StatusCode::integrity_error,
                    "object " + id.hex() + ": key file belongs to another object (moved)");
    }
    if (rec->chunk_bytes < detail::kMinChunkBytes || rec->chunk_bytes > detail::kMaxChunkBytes ||
        !valid_kind(rec->kind)) {
      return Status(StatusCode::integrity_error, "object " + id.hex() + ": key file is malformed");
    }
    return rec;
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

// Names in `dir` (no recursion), or io_error.
Result<std::vector<std::string>> names_in(const std::filesystem::path& dir) noexcept {
  try {
    std::vector<std::string> names;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      names.push_back(it->path().filename().native());
    }
    if (ec) return Status(StatusCode::io_error, "object store: cannot list: " + ec.message());
    return names;
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

// The id of "<32 hex><ext>", or nullopt.
std::optional<ObjectId> id_of(std::string_view name, std::string_view ext) noexcept {
  if (!ends_with(name, ext)) return std::nullopt;
  return ObjectId::from_hex(name.substr(0, name.size() - ext.size()));
}

}  // namespace

ObjectStore::ObjectStore(std::filesystem::path dir, keys::KeyManager& keys, crypto::Drbg& drbg,
                         erase::Eraser& eraser, std::size_t chunk_bytes,
                         crypto::SecureBytes mac_key,
                         std::vector<std::uint8_t> master_key_id) noexcept
    : dir_(std::move(dir)),
      objects_dir_(dir_ / "objects"),
      keys_dir_(dir_ / "keys"),
      keys_(keys),
      drbg_(drbg),
      eraser_(eraser),
      chunk_bytes_(chunk_bytes),
      mac_key_(std::move(mac_key)),
      master_key_id_(std::move(master_key_id)) {}

ObjectStore::~ObjectStore() = default;

std::filesystem::path ObjectStore::object_path(const ObjectId& id) const {
  return objects_dir_ / (id.hex() + std::string(kObjectExt));
}
std::filesystem::path ObjectStore::key_path(const ObjectId& id) const {
  return keys_dir_ / (id.hex() + std::string(kKeyExt));
}
std::filesystem::path ObjectStore::object_temp_path(const ObjectId& id) const {
  return objects_dir_ / (id.hex() + std::string(kObjectExt) + std::string(kTempExt));
}
std::filesystem::path ObjectStore::key_temp_path(const ObjectId& id) const {
  return keys_dir_ / (id.hex() + std::string(kKeyExt) + std::string(kTempExt));
}

Result<std::unique_ptr<ObjectStore>> ObjectStore::open(const std::filesystem::path& dir,
                                                       keys::KeyManager& keys, crypto::Drbg& drbg,
                                                       erase::Eraser& eraser,
                                                       ObjectStoreOptions options) noexcept {
  try {
    if (options.chunk_bytes < detail::kMinChunkBytes ||
        options.chunk_bytes > detail::kMaxChunkBytes) {
      return Status(StatusCode::invalid_argument, "object store: chunk size out of range");
    }
    MFP_RETURN_IF_ERROR(erase::ensure_directory(dir));
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(dir, ec);
    if (ec) return Status(StatusCode::io_error, "object store: cannot resolve its directory");
    const auto rel = canonical.lexically_relative(eraser.base_dir());
    if (rel.empty() || *rel.begin() == "..") {
      return Status(StatusCode::invalid_argument,
                    "object store: directory is not under the eraser's base directory");
    }
    MFP_RETURN_IF_ERROR(erase::ensure_directory(canonical / "objects"));
    MFP_RETURN_IF_ERROR(erase::ensure_directory(canonical / "keys"));
    MFP_RETURN_IF_ERROR(erase::sync_directory(canonical));
    MFP_RETURN_IF_ERROR(erase::sync_directory(canonical.parent_path()));
    MFP_ASSIGN_OR_RETURN(crypto::SecureBytes mac_key, keys.derive("object-keys"));
    std::unique_ptr<ObjectStore> store(new ObjectStore(std::move(canonical), keys, drbg, eraser,
                                                       options.chunk_bytes, std::move(mac_key),
                                                       keys.key_id()));
    MFP_RETURN_IF_ERROR(eraser.resume());
    MFP_RETURN_IF_ERROR(store->clean_up());
    return store;
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Status ObjectStore::clean_up() noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(const auto object_names, names_in(objects_dir_));
    MFP_ASSIGN_OR_RETURN(const auto key_names, names_in(keys_dir_));
    std::vector<std::filesystem::path> doomed;
    std::set<ObjectId> objects, keys;
    for (const auto& n : object_names) {
      if (id_of(n, std::string(kObjectExt) + std::string(kTempExt))) {
        doomed.push_back(objects_dir_ / n);
      } else if (const auto id = id_of(n, kObjectExt)) {
        objects.insert(*id);
      }
    }
    for (const auto& n : key_names) {
      if (id_of(n, std::string(kKeyExt) + std::string(kTempExt))) {
        doomed.push_back(keys_dir_ / n);
      } else if (const auto id = id_of(n, kKeyExt)) {
        keys.insert(*id);
      }
    }
    // Half objects: a crash between the two renames of a commit, or during a removal.
    for (const auto& id : objects) {
      if (!keys.contains(id)) doomed.push_back(object_path(id));
    }
    for (const auto& id : keys) {
      if (!objects.contains(id)) doomed.push_back(key_path(id));
    }
    if (doomed.empty()) return Status::ok();
    return eraser_.erase(doomed);
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Result<std::unique_ptr<ObjectWriter>> ObjectStore::create(const pipeline::OwnerTag& owner,
                                                          std::string_view kind,
                                                          Durability durability) noexcept {
  if (!valid_kind(kind)) {
    return Status(StatusCode::invalid_argument, "object store: kind must be 1..64 of [a-z0-9._-]");
  }
  try {
    for (int attempt = 0; attempt < kIdAttempts; ++attempt) {
      MFP_ASSIGN_OR_RETURN(const ObjectId id, ObjectId::random(drbg_));
      if (is_regular(object_path(id)) || is_regular(key_path(id)) ||
          is_regular(key_temp_path(id))) {
        continue;
      }
      const auto temp = object_temp_path(id);
      auto fd = erase::open_file(temp, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (!fd) {
        if (fd.status().code() == StatusCode::conflict) continue;  // id taken meanwhile
        return fd.status();
      }
      MFP_ASSIGN_OR_RETURN(crypto::SecureBytes data_key, keys_.new_data_key());
      auto wrapped = keys_.wrap(data_key.span());
      auto aead = crypto::Aes256Gcm::create(data_key.span());
      data_key.clear();
      Status st = !wrapped ? wrapped.status() : !aead ? aead.status() : Status::ok();
      if (st.is_ok()) {
        const auto header =
            detail::make_object_header(id, static_cast<std::uint32_t>(chunk_bytes_));
        st = erase::write_all(fd->get(), header, "object file");
      }
      if (!st.is_ok()) {
        ::unlink(temp.c_str());  // holds at most a header: nothing to overwrite
        return st;
      }
      return std::unique_ptr<ObjectWriter>(
          new ObjectWriter(*this, id, owner, std::string(kind), std::move(aead).value(),
                           std::move(wrapped).value(), std::move(fd).value(), durability));
    }
    return Status(StatusCode::internal, "object store: no free object id");
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Result<std::unique_ptr<ObjectReader>> ObjectStore::open_object(
    const ObjectId& id, const pipeline::OwnerTag& expected_owner) noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(detail::KeyRecord rec, load_key_record(key_path(id), object_path(id), id,
                                                                mac_key_.span(), master_key_id_));
    if (!(rec.owner == expected_owner)) {
      return Status(StatusCode::permission_denied,
                    "object " + id.hex() + " belongs to another owner");
    }
    auto data_key = keys_.unwrap(rec.wrapped_key);
    if (!data_key) return with_object(id, data_key.status());
    auto aead = crypto::Aes256Gcm::create(data_key->span());
    data_key->clear();
    if (!aead) return aead.status();
    auto fd = erase::open_file(object_path(id), O_RDONLY);
    if (!fd) return with_object(id, fd.status());
    detail::ObjectHeader header{};
    MFP_ASSIGN_OR_RETURN(const std::size_t n, erase::read_full(fd->get(), header, "object file"));
    if (n != header.size() || !detail::object_header_matches(header, id, rec.chunk_bytes)) {
      return Status(StatusCode::integrity_error,
                    "object " + id.hex() + ": object file does not belong to this object (moved)");
    }
    ObjectInfo info{id, rec.owner, std::move(rec.kind), rec.size};
    return std::unique_ptr<ObjectReader>(new ObjectReader(
        std::move(info), rec.chunk_bytes, std::move(aead).value(), std::move(fd).value()));
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Result<ObjectInfo> ObjectStore::info(const ObjectId& id) const noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(detail::KeyRecord rec, load_key_record(key_path(id), object_path(id), id,
                                                                mac_key_.span(), master_key_id_));
    return ObjectInfo{id, rec.owner, std::move(rec.kind), rec.size};
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Result<std::uint64_t> ObjectStore::size(const ObjectId& id) const noexcept {
  MFP_ASSIGN_OR_RETURN(const ObjectInfo i, info(id));
  return i.size;
}

bool ObjectStore::exists(const ObjectId& id) const noexcept {
  try {
    return is_regular(key_path(id)) && is_regular(object_path(id));
  } catch (const std::exception&) {
    return false;
  }
}

Result<std::vector<ObjectId>> ObjectStore::list() const noexcept {
  try {
    MFP_ASSIGN_OR_RETURN(const auto object_names, names_in(objects_dir_));
    MFP_ASSIGN_OR_RETURN(const auto key_names, names_in(keys_dir_));
    std::set<ObjectId> objects;
    for (const auto& n : object_names) {
      if (const auto id = id_of(n, kObjectExt)) objects.insert(*id);
    }
    std::vector<ObjectId> ids;
    for (const auto& n : key_names) {
      if (const auto id = id_of(n, kKeyExt); id && objects.contains(*id)) ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Status ObjectStore::remove(const ObjectId& id) noexcept {
  try {
    if (!exists(id)) return Status(StatusCode::not_found, "object " + id.hex() + " does not exist");
    const std::filesystem::path files[] = {key_path(id), object_path(id)};  // key first
    return eraser_.erase(files);
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

Status ObjectStore::remove_later(const ObjectId& id) noexcept {
  try {
    if (!exists(id)) return Status(StatusCode::not_found, "object " + id.hex() + " does not exist");
    const std::filesystem::path files[] = {key_path(id), object_path(id)};  // key first
    return eraser_.schedule(files);
  } catch (...) {
    return pipeline::current_exception_status("object store");
  }
}

}  // namespace mfp::security::store
