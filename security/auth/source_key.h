#pragma once
// source_key: the key a per-source limit counts a peer address under. An IPv4 address (or an
// IPv4-mapped IPv6 one) is its own key; an IPv6 address is keyed by its /64 prefix, because
// one subscriber or host is routinely given a whole /64 (SLAAC, privacy addresses, RFC 6177)
// and can rotate through 2^64 addresses at will: keyed per address, a client would escape the
// throttle by changing its interface identifier. Text that is not an IP literal keys as itself.
//
// Never throws (an allocation failure returns an empty key: every such source then counts as
// one, which errs on the side of throttling).

#include <string>
#include <string_view>

namespace mfp::security::auth {

// "2001:db8:1:2::5" -> "2001:db8:1:2::/64"; "::ffff:10.0.0.1" -> "10.0.0.1"; "10.0.0.1" and
// non-addresses unchanged. A zone ("fe80::1%eth0") is dropped before keying.
[[nodiscard]] std::string source_key(std::string_view address);

}  // namespace mfp::security::auth
