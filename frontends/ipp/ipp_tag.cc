#include "frontends/ipp/ipp_tag.h"

namespace mfp::frontends::ipp {

std::string_view to_string(IppGroupTag tag) noexcept {
  switch (tag) {
    case IppGroupTag::operation:
      return "operation-attributes-tag";
    case IppGroupTag::job:
      return "job-attributes-tag";
    case IppGroupTag::end_of_attributes:
      return "end-of-attributes-tag";
    case IppGroupTag::printer:
      return "printer-attributes-tag";
    case IppGroupTag::unsupported:
      return "unsupported-attributes-tag";
    case IppGroupTag::subscription:
      return "subscription-attributes-tag";
    case IppGroupTag::event_notification:
      return "event-notification-attributes-tag";
    case IppGroupTag::document:
      return "document-attributes-tag";
  }
  return "unassigned-group-tag";
}

std::string_view to_string(IppValueTag tag) noexcept {
  switch (tag) {
    case IppValueTag::unsupported:
      return "unsupported";
    case IppValueTag::unknown:
      return "unknown";
    case IppValueTag::no_value:
      return "no-value";
    case IppValueTag::not_settable:
      return "not-settable";
    case IppValueTag::delete_attribute:
      return "delete-attribute";
    case IppValueTag::admin_define:
      return "admin-define";
    case IppValueTag::integer:
      return "integer";
    case IppValueTag::boolean:
      return "boolean";
    case IppValueTag::enumeration:
      return "enum";
    case IppValueTag::octet_string:
      return "octetString";
    case IppValueTag::date_time:
      return "dateTime";
    case IppValueTag::resolution:
      return "resolution";
    case IppValueTag::range_of_integer:
      return "rangeOfInteger";
    case IppValueTag::beg_collection:
      return "begCollection";
    case IppValueTag::text_with_language:
      return "textWithLanguage";
    case IppValueTag::name_with_language:
      return "nameWithLanguage";
    case IppValueTag::end_collection:
      return "endCollection";
    case IppValueTag::text_without_language:
      return "textWithoutLanguage";
    case IppValueTag::name_without_language:
      return "nameWithoutLanguage";
    case IppValueTag::keyword:
      return "keyword";
    case IppValueTag::uri:
      return "uri";
    case IppValueTag::uri_scheme:
      return "uriScheme";
    case IppValueTag::charset:
      return "charset";
    case IppValueTag::natural_language:
      return "naturalLanguage";
    case IppValueTag::mime_media_type:
      return "mimeMediaType";
    case IppValueTag::member_attr_name:
      return "memberAttrName";
  }
  return "unassigned-value-tag";
}

}  // namespace mfp::frontends::ipp
