#include "security/store/object_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "security/erase/file_io.h"
#include "security/store/detail/chunk_format.h"
#include "security/store/detail/key_record.h"
#include "security/store/object_store.h"

namespace mfp::security::store {

using pipeline::Status;
using pipeline::StatusCode;

ObjectWriter::ObjectWriter(ObjectStore& store, ObjectId id, pipeline::OwnerTag owner,
                           std::string kind, std::unique_ptr<crypto::Aes256Gcm> aead,
                           std::vector<std::uint8_t> wrapped_key, erase::UniqueFd fd,
                           Durability durability) noexcept
    : store_(store),
      id_(id),
      owner_(owner),
      kind_(std::move(kind)),
      chunk_bytes_(store.chunk_bytes_),
      durable_(durability == Durability::durable),
      aead_(std::move(aead)),
      wrapped_key_(std::move(wrapped_key)),
      fd_(std::move(fd)),
      plain_(chunk_bytes_),
      record_(detail::kRecordOverheadBytes + chunk_bytes_) {}

ObjectWriter::~ObjectWriter() {
  if (state_ == State::writing) abort().ignore();
}

Status ObjectWriter::seal(std::span<const std::uint8_t> plain, bool final) noexcept {
  const detail::RecordHeader header{static_cast<std::uint32_t>(plain.size()), final};
  const std::uint64_t total = total_ + plain.size();
  const auto nonce = detail::chunk_nonce(index_);
  const auto aad = detail::chunk_aad(id_, owner_, index_, header, total);
  std::uint8_t* rec = record_.data();
  detail::put_record_header(std::span<std::uint8_t, detail::kRecordHeaderBytes>(rec, 8), header);
  std::uint8_t* ct = rec + detail::kRecordHeaderBytes;
  MFP_RETURN_IF_ERROR(aead_->seal(
      nonce, aad, plain, std::span(ct, plain.size()),
      std::span<std::uint8_t, crypto::kAeadTagBytes>(ct + plain.size(), crypto::kAeadTagBytes)));
  // The index is used up even if the write fails: the writer fails and never reseals it.
  ++index_;
  MFP_RETURN_IF_ERROR(erase::write_all(
      fd_.get(), std::span(rec, detail::kRecordOverheadBytes + plain.size()), "object file"));
  total_ = total;
  if (durable_ && total_ - kicked_ >= kWritebackKickBytes) {
    // Start writing back what is sealed so far (asynchronous): commit()'s fsync then waits
    // only for the tail instead of the whole object. Advisory: failures surface at fsync.
    ::sync_file_range(fd_.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
    kicked_ = total_;
  }
  return Status::ok();
}

Status ObjectWriter::write(std::span<const std::uint8_t> bytes) noexcept {
  if (state_ != State::writing) {
    return error_.is_ok() ? Status(StatusCode::conflict, "object writer is closed") : error_;
  }
  while (!bytes.empty()) {
    if (fill_ == 0 && bytes.size() >= chunk_bytes_) {
      // A whole chunk straight from the caller's buffer: no plaintext copy.
      if (Status st = seal(bytes.first(chunk_bytes_), false); !st.is_ok()) return fail(st);
      bytes = bytes.subspan(chunk_bytes_);
      continue;
    }
    const std::size_t n = std::min(chunk_bytes_ - fill_, bytes.size());
    std::memcpy(plain_.data() + fill_, bytes.data(), n);
    fill_ += n;
    bytes = bytes.subspan(n);
    if (fill_ == chunk_bytes_) {
      if (Status st = seal(plain_.span(), false); !st.is_ok()) return fail(st);
      fill_ = 0;
    }
  }
  return Status::ok();
}

Status ObjectWriter::write_key_file(std::uint64_t total) noexcept {
  try {
    detail::KeyRecord rec{id_,
                          owner_,
                          kind_,
                          total,
                          static_cast<std::uint32_t>(chunk_bytes_),
                          store_.master_key_id_,
                          wrapped_key_};
    MFP_ASSIGN_OR_RETURN(const auto bytes, detail::encode_key_record(rec, store_.mac_key_.span()));
    MFP_ASSIGN_OR_RETURN(erase::UniqueFd fd, erase::open_file(store_.key_temp_path(id_),
                                                              O_WRONLY | O_CREAT | O_EXCL, 0600));
    MFP_RETURN_IF_ERROR(erase::write_all(fd.get(), bytes, "key file"));
    if (durable_) MFP_RETURN_IF_ERROR(erase::sync_file(fd.get(), "key file"));
    if (const int err = fd.close(); err != 0) return erase::errno_status(err, "close", "key file");
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("object writer");
  }
}

Status ObjectWriter::publish() noexcept {
  try {
    if (::rename(store_.object_temp_path(id_).c_str(), store_.object_path(id_).c_str()) != 0) {
      return erase::errno_status(errno, "rename", "object file");
    }
    object_published_ = true;
    if (durable_) MFP_RETURN_IF_ERROR(erase::sync_directory(store_.objects_dir_));
    // The commit point: with the key file in place the object exists.
    if (::rename(store_.key_temp_path(id_).c_str(), store_.key_path(id_).c_str()) != 0) {
      return erase::errno_status(errno, "rename", "key file");
    }
    key_published_ = true;
    return durable_ ? erase::sync_directory(store_.keys_dir_) : Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("object writer");
  }
}

Status ObjectWriter::commit() noexcept {
  if (state_ != State::writing) {
    return error_.is_ok() ? Status(StatusCode::conflict, "object writer is closed") : error_;
  }
  Status st = seal(plain_.span().first(fill_), true);
  fill_ = 0;
  crypto::secure_zero(plain_.span());
  if (st.is_ok() && durable_) st = erase::sync_file(fd_.get(), "object file");
  if (st.is_ok()) {
    if (const int err = fd_.close(); err != 0)
      st = erase::errno_status(err, "close", "object file");
  }
  if (st.is_ok()) st = write_key_file(total_);
  if (st.is_ok()) st = publish();
  if (!st.is_ok()) return fail(st);
  state_ = State::committed;
  aead_.reset();  // the data key lives on only wrapped in the key file
  plain_.clear();
  return Status::ok();
}

Status ObjectWriter::erase_files() noexcept {
  try {
    fd_.reset();
    plain_.clear();
    aead_.reset();
    const std::filesystem::path files[] = {
        key_published_ ? store_.key_path(id_) : store_.key_temp_path(id_),
        object_published_ ? store_.object_path(id_) : store_.object_temp_path(id_)};
    return store_.eraser_.erase(files);
  } catch (...) {
    return pipeline::current_exception_status("object writer");
  }
}

Status ObjectWriter::fail(Status error) noexcept {
  state_ = State::aborted;
  error_ = error;
  erase_files().ignore();  // the eraser journals and audits its own failure
  return error;
}

Status ObjectWriter::abort() noexcept {
  if (state_ == State::committed) {
    return Status(StatusCode::conflict, "object writer: already committed");
  }
  if (state_ == State::aborted) return Status::ok();
  state_ = State::aborted;
  error_ = Status(StatusCode::cancelled, "object writer was aborted");
  return erase_files();
}

}  // namespace mfp::security::store
