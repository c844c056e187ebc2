#pragma once
// OwnerTag: who owns a job and every band, page and object made from it.

#include <cstdint>
#include <string>

namespace mfp::pipeline {

// The owner's stable user id and the job it belongs to. Carried by every band so the envelope
// can refuse a band that is presented under another job or owner.
struct OwnerTag {
  std::uint64_t user_id = 0;  // 0 = unauthenticated
  std::uint64_t job_id = 0;

  friend bool operator==(const OwnerTag&, const OwnerTag&) = default;
};

}  // namespace mfp::pipeline
