#include "security/store/object_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "security/erase/file_io.h"
#include "security/store/detail/chunk_format.h"

namespace mfp::security::store {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

ObjectReader::ObjectReader(ObjectInfo info, std::size_t chunk_bytes,
                           std::unique_ptr<crypto::Aes256Gcm> aead, erase::UniqueFd fd) noexcept
    : info_(std::move(info)),
      chunk_bytes_(chunk_bytes),
      aead_(std::move(aead)),
      fd_(std::move(fd)),
      plain_(chunk_bytes),
      record_(detail::kRecordOverheadBytes + chunk_bytes) {}

ObjectReader::~ObjectReader() = default;

Status ObjectReader::fail(Status error) noexcept {
  error_ = error;
  crypto::secure_zero(plain_.span());
  avail_begin_ = avail_end_ = 0;
  fd_.reset();
  aead_.reset();
  return error;
}

Status ObjectReader::next_chunk() noexcept {
  try {
    const auto integrity = [&](std::string_view why) {
      return Status(StatusCode::integrity_error, "object " + info_.id.hex() + ": chunk " +
                                                     std::to_string(index_) + ' ' +
                                                     std::string(why));
    };
    MFP_ASSIGN_OR_RETURN(const std::size_t n, erase::read_full(fd_.get(), record_, "object file"));
    if (n == 0) return integrity("is missing: the object is truncated before its final chunk");
    if (n < detail::kRecordOverheadBytes) return integrity("is truncated");
    const auto header =
        detail::parse_record_header(std::span<const std::uint8_t, detail::kRecordHeaderBytes>(
            record_.data(), detail::kRecordHeaderBytes));
    if (!header || header->length > chunk_bytes_ ||
        (!header->final && header->length != chunk_bytes_)) {
      return integrity("has a malformed header");
    }
    const std::size_t need = detail::kRecordOverheadBytes + header->length;
    if (n < need) return integrity("is truncated");
    if (n > need) return integrity("is followed by data after the final chunk");
    if (header->final) {
      std::uint8_t extra = 0;
      MFP_ASSIGN_OR_RETURN(const std::size_t more,
                           erase::read_full(fd_.get(), std::span(&extra, 1), "object file"));
      if (more != 0) return integrity("is followed by data after the final chunk");
    }
    const std::uint64_t sealed = sealed_ + header->length;
    if (sealed > info_.size || (header->final && sealed != info_.size)) {
      return integrity("does not match the object's recorded length");
    }
    const auto nonce = detail::chunk_nonce(index_);
    const auto aad = detail::chunk_aad(info_.id, info_.owner, index_, *header, info_.size);
    const std::uint8_t* ct = record_.data() + detail::kRecordHeaderBytes;
    const Status opened = aead_->open(nonce, aad, std::span(ct, header->length),
                                      std::span<const std::uint8_t, crypto::kAeadTagBytes>(
                                          ct + header->length, crypto::kAeadTagBytes),
                                      plain_.span().first(header->length));
    if (!opened.is_ok()) {
      return integrity(
          "failed authentication (altered, reordered, or moved from another object or owner)");
    }
    ++index_;
    sealed_ = sealed;
    avail_begin_ = 0;
    avail_end_ = header->length;
    finished_ = header->final;
    return Status::ok();
  } catch (...) {
    return pipeline::current_exception_status("object reader");
  }
}

Result<std::size_t> ObjectReader::read(std::span<std::uint8_t> out) noexcept {
  if (!error_.is_ok()) return error_;
  std::size_t done = 0;
  while (done < out.size()) {
    if (avail_begin_ == avail_end_) {
      if (finished_) break;
      if (Status st = next_chunk(); !st.is_ok()) return fail(st);
      continue;
    }
    const std::size_t n = std::min(out.size() - done, avail_end_ - avail_begin_);
    std::memcpy(out.data() + done, plain_.data() + avail_begin_, n);
    avail_begin_ += n;
    done += n;
  }
  position_ += done;
  if (finished_ && avail_begin_ == avail_end_) {
    crypto::secure_zero(plain_.span());
    fd_.reset();
  }
  return done;
}

}  // namespace mfp::security::store
