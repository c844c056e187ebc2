#include "frontends/ipp/check_operation_attributes.h"

#include <string>
#include <string_view>

#include "pipeline/ascii_iequals.h"

namespace mfp::frontends::ipp {
namespace {

using pipeline::Status;
using pipeline::StatusCode;

// The single string value of `a` if it is called `name` and tagged `tag`, else null.
const std::string* single(const IppAttribute& a, std::string_view name, IppValueTag tag) {
  if (a.name != name || a.values.size() != 1 || a.values[0].tag != tag) return nullptr;
  return a.values[0].as_string();
}

}  // namespace

Status check_operation_attributes(const IppMessage& request, IppError* error) {
  auto fail = [&](IppStatus ipp, StatusCode code, const std::string& message) {
    if (error != nullptr) *error = {ipp, request.request_id, message};
    return Status(code, "IPP request: " + message);
  };
  auto bad = [&](const std::string& message) {
    return fail(IppStatus::client_error_bad_request, StatusCode::malformed_data, message);
  };
  if (request.request_id <= 0) return bad("request-id must be at least 1");
  if (request.groups.empty() || request.groups[0].tag != IppGroupTag::operation) {
    return bad("no operation attributes group first");
  }
  const std::vector<IppAttribute>& attrs = request.groups[0].attributes;
  const std::string* charset =
      attrs.size() >= 1 ? single(attrs[0], "attributes-charset", IppValueTag::charset) : nullptr;
  if (charset == nullptr) return bad("attributes-charset is not the first operation attribute");
  const std::string* language = attrs.size() >= 2 ? single(attrs[1], "attributes-natural-language",
                                                           IppValueTag::natural_language)
                                                  : nullptr;
  if (language == nullptr) {
    return bad("attributes-natural-language is not the second operation attribute");
  }
  if (!pipeline::ascii_iequals(*charset, "utf-8") &&
      !pipeline::ascii_iequals(*charset, "us-ascii")) {
    return fail(IppStatus::client_error_charset_not_supported, StatusCode::unsupported,
                "charset " + *charset + " not supported");
  }
  return Status::ok();
}

}  // namespace mfp::frontends::ipp
