#pragma once
// Sealed object streams as the pipeline sees them: what a stage or the job system stores (a
// spooled document, a finished engine page) goes through the envelope into sealed storage as
// an object owned by its job, and comes back only to that job. The implementation (keys,
// AES-GCM chunks, overwrite on release) lives in security/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "pipeline/owner_tag.h"
#include "pipeline/status.h"

namespace mfp::pipeline {

// Whether a committed object must survive a power loss (a spooled document) or may be lost
// with its job (an engine page). Either way it is sealed and overwritten on release.
enum class Persistence : std::uint8_t { durable, transient };

// Names a committed object. Not secret: the id is random and says nothing about the content.
struct ObjectRef {
  std::string id;
  OwnerTag owner;
  std::uint64_t size = 0;  // plaintext bytes
};

// Writes one object as a stream. Destroying it without commit() discards (and overwrites)
// everything written.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  [[nodiscard]] virtual Status write(std::span<const std::uint8_t> bytes) noexcept = 0;
  // Makes the object durable and visible, atomically.
  [[nodiscard]] virtual Result<ObjectRef> commit() noexcept = 0;
};

// Reads one object as a stream; every byte returned has been authenticated.
class ObjectReader {
 public:
  virtual ~ObjectReader() = default;
  // Up to out.size() bytes; 0 at the end. integrity_error when the object was tampered with.
  [[nodiscard]] virtual Result<std::size_t> read(std::span<std::uint8_t> out) noexcept = 0;
};

}  // namespace mfp::pipeline
