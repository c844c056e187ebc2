#pragma once
// JobClient: the client a job came from, as far as the front end can tell without a login:
// its network address and the user name it gave (IPP requesting-user-name). A job created
// without authentication is bound to it: only the same client may add its document or close it
// (security review finding 1: every unauthenticated caller is the same "nobody", so the user
// id alone would let any anonymous client write into or close another's job). Authenticated
// jobs are bound to their user instead. Plain data.

#include <string>

namespace mfp::pipeline::jobs {

struct JobClient {
  std::string address;    // "127.0.0.1", "::1"; "local" for the device's own tools
  std::string user_name;  // as given; empty when none was

  friend bool operator==(const JobClient&, const JobClient&) = default;
};

}  // namespace mfp::pipeline::jobs
