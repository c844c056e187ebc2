#pragma once
// ObjectInfo: what the store knows about one sealed object without decrypting it, read from its
// authenticated key file: owner, kind and plaintext length.

#include <cstdint>
#include <string>

#include "pipeline/owner_tag.h"
#include "security/store/object_id.h"

namespace mfp::security::store {

struct ObjectInfo {
  ObjectId id;
  pipeline::OwnerTag owner;
  std::string kind;        // the producer's label ("print-spool", "page", "scan", "fax", ...)
  std::uint64_t size = 0;  // plaintext bytes
};

}  // namespace mfp::security::store
