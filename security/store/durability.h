#pragma once
// Durability: whether an object's commit waits for it to reach the disk.

#include <cstdint>

namespace mfp::security::store {

// Whether commit() waits for the object to reach the disk. Durable objects (spooled documents,
// folder files) survive a power loss once committed. Transient objects (engine pages) are
// written the same way, sealed, but not fsync'd: a power loss aborts their job anyway, and a
// torn transient object fails authentication and is removed; it never holds plaintext either
// way. Their release is as durable as any other: the eraser journals, overwrites and fsyncs.
enum class Durability : std::uint8_t { durable, transient };

}  // namespace mfp::security::store
