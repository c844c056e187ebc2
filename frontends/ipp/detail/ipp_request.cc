#include "frontends/ipp/detail/ipp_request.h"

#include <algorithm>
#include <charconv>

#include "frontends/ipp/ipp_limits.h"
#include "frontends/status_map.h"

namespace mfp::frontends::ipp::detail {

IppValue text(std::string v) {
  return IppValue::string(IppValueTag::text_without_language, std::move(v));
}
IppValue uri(std::string v) {
  return IppValue::string(IppValueTag::uri, std::move(v));
}

// The job id a URI names: ".../ipp/print/<id>".
std::optional<std::uint64_t> job_id_of_uri(std::string_view u) {
  const std::size_t slash = u.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view digits = u.substr(slash + 1);
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id == 0) return std::nullopt;
  const std::string_view before = u.substr(0, slash);
  if (!before.ends_with("/ipp/print") && !before.ends_with("/ipp")) return std::nullopt;
  return id;
}

IppMessage response_to(const IppMessage& request, IppStatus status, std::string message) {
  IppMessage r;
  r.version_major = request.version_major == 1 ? 1 : 2;
  r.version_minor =
      request.version_major == 1 ? 1 : std::min<std::uint8_t>(request.version_minor, 2);
  r.code = static_cast<std::uint16_t>(status);
  r.request_id = request.request_id;
  r.add(IppGroupTag::operation,
        IppAttribute("attributes-charset", IppValue::string(IppValueTag::charset, "utf-8")));
  r.add(IppGroupTag::operation,
        IppAttribute("attributes-natural-language",
                     IppValue::string(IppValueTag::natural_language, "en")));
  if (!message.empty()) {
    if (message.size() > kMaxTextLength) message.resize(kMaxTextLength);
    r.add(IppGroupTag::operation, IppAttribute("status-message", text(std::move(message))));
  }
  return r;
}

IppMessage error_response(const IppMessage& request, const pipeline::Status& status) {
  return response_to(request, ipp_status_for(status), status.message());
}

}  // namespace mfp::frontends::ipp::detail
