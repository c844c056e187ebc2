#include "frontends/ipp/ipp_reader.h"

#include <new>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace mfp::frontends::ipp {
namespace {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

constexpr std::uint8_t kEndOfAttributes = 0x03;
constexpr std::uint8_t kExtensionTag = 0x7F;

std::int32_t be32(const std::uint8_t* p) {
  return static_cast<std::int32_t>(std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 |
                                   std::uint32_t{p[2]} << 8 | std::uint32_t{p[3]});
}

// One parse: a cursor over the header bytes plus the counters the limits apply to.
class Parser {
 public:
  Parser(std::span<const std::uint8_t> bytes, const IppLimits& limits, IppError* error)
      : limits_(limits), error_(error) {
    // Only the first max_header_bytes may hold attributes; running past them is "too large",
    // not "truncated", when the input was longer.
    capped_ = bytes.size() > limits.max_header_bytes;
    data_ = capped_ ? bytes.first(limits.max_header_bytes) : bytes;
  }

  Result<ParsedRequest> run() {
    ParsedRequest out;
    IppMessage& m = out.message;
    if (data_.size() < 8) {
      return fail(IppStatus::client_error_bad_request, StatusCode::truncated,
                  "IPP header: fewer than 8 bytes");
    }
    m.version_major = data_[0];
    m.version_minor = data_[1];
    m.code = static_cast<std::uint16_t>(data_[2] << 8 | data_[3]);
    m.request_id = be32(&data_[4]);
    request_id_ = m.request_id;
    pos_ = 8;
    if (m.version_major != 1 && m.version_major != 2) {
      return fail(IppStatus::server_error_version_not_supported, StatusCode::unsupported,
                  "IPP version " + std::to_string(m.version_major) + "." +
                      std::to_string(m.version_minor) + " not supported");
    }

    std::unordered_set<std::string_view> names;  // views into data_, stable for the parse
    while (true) {
      std::uint8_t tag = 0;
      MFP_RETURN_IF_ERROR(u8(tag));
      if (tag == kEndOfAttributes) break;
      if (is_group_tag(tag)) {
        MFP_RETURN_IF_ERROR(count_attribute());
        m.groups.push_back(IppGroup{static_cast<IppGroupTag>(tag), {}});
        names.clear();
        continue;
      }
      if (tag < 0x10) return bad("reserved delimiter tag " + std::to_string(tag));
      if (m.groups.empty()) return bad("value tag before any attribute group");
      std::vector<IppAttribute>& attrs = m.groups.back().attributes;

      std::string_view name;
      MFP_RETURN_IF_ERROR(string_field(name, "attribute name"));
      const auto vtag = static_cast<IppValueTag>(tag);
      if (vtag == IppValueTag::end_collection || vtag == IppValueTag::member_attr_name) {
        return bad(std::string(to_string(vtag)) + " outside a collection");
      }
      if (name.empty()) {
        if (attrs.empty()) return bad("additional value without an attribute");
      } else {
        if (name.size() > kMaxNameLength) {
          return too_long("attribute name longer than " + std::to_string(kMaxNameLength));
        }
        if (!names.insert(name).second) return bad("duplicate attribute " + std::string(name));
        MFP_RETURN_IF_ERROR(count_attribute());
        attrs.emplace_back().name.assign(name);
      }
      MFP_RETURN_IF_ERROR(count_value(attrs.back()));
      MFP_ASSIGN_OR_RETURN(IppValue value, read_value(vtag, 1));
      attrs.back().values.push_back(std::move(value));
    }
    out.document_offset = pos_;
    return out;
  }

 private:
  Status fail(IppStatus ipp, StatusCode code, std::string message) {
    Status status(code, "IPP request: " + message);
    if (error_ != nullptr) {
      error_->status = ipp;
      error_->request_id = request_id_;
      error_->message = std::move(message);
    }
    return status;
  }
  Status bad(std::string message) {
    return fail(IppStatus::client_error_bad_request, StatusCode::malformed_data,
                std::move(message));
  }
  Status too_long(std::string message) {
    return fail(IppStatus::client_error_request_value_too_long, StatusCode::limit_exceeded,
                std::move(message));
  }
  Status too_large(std::string message) {
    return fail(IppStatus::client_error_request_entity_too_large, StatusCode::limit_exceeded,
                std::move(message));
  }

  Status need(std::size_t n) {
    if (data_.size() - pos_ >= n) return Status::ok();
    if (capped_) {
      return too_large("attributes longer than " + std::to_string(limits_.max_header_bytes) +
                       " bytes");
    }
    return fail(IppStatus::client_error_bad_request, StatusCode::truncated,
                "message ends inside its attributes at byte " + std::to_string(data_.size()));
  }
  Status u8(std::uint8_t& v) {
    MFP_RETURN_IF_ERROR(need(1));
    v = data_[pos_++];
    return Status::ok();
  }
  // A SIGNED-SHORT length; negative is garbage.
  Status length(std::size_t& v, const char* what) {
    MFP_RETURN_IF_ERROR(need(2));
    const unsigned raw = unsigned{data_[pos_]} << 8 | data_[pos_ + 1];
    pos_ += 2;
    if (raw > kMaxWireLength) return bad(std::string("negative ") + what + " length");
    v = raw;
    return Status::ok();
  }
  // A length-prefixed field; the view points into data_.
  Status string_field(std::string_view& v, const char* what) {
    std::size_t n = 0;
    MFP_RETURN_IF_ERROR(length(n, what));
    MFP_RETURN_IF_ERROR(need(n));
    v = std::string_view(reinterpret_cast<const char*>(data_.data() + pos_), n);
    pos_ += n;
    return Status::ok();
  }

  Status count_attribute() {
    if (++attributes_ > limits_.max_attributes) {
      return too_large("more than " + std::to_string(limits_.max_attributes) + " attributes");
    }
    return Status::ok();
  }
  // Counts one more value for the message and for `a`.
  Status count_value(const IppAttribute& a) {
    if (++values_ > limits_.max_values) {
      return too_large("more than " + std::to_string(limits_.max_values) + " values");
    }
    if (a.values.size() >= limits_.max_values_per_attribute) {
      return too_large("attribute " + a.name + " has more than " +
                       std::to_string(limits_.max_values_per_attribute) + " values");
    }
    return Status::ok();
  }

  // Reads the value-length and value of a value whose tag and name were read; a begCollection
  // goes on to read its members. `depth` is the collection depth this value would open.
  Result<IppValue> read_value(IppValueTag tag, std::size_t depth) {
    std::string_view v;
    MFP_RETURN_IF_ERROR(string_field(v, "value"));
    const auto t = static_cast<std::uint8_t>(tag);
    const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
    auto exact = [&](std::size_t n) -> Status {
      if (v.size() == n) return Status::ok();
      return bad(std::string(to_string(tag)) + " value of " + std::to_string(v.size()) +
                 " bytes, not " + std::to_string(n));
    };
    if (is_out_of_band(tag)) return IppValue::out_of_band(tag);  // RFC 8010: value ignored
    switch (tag) {
      case IppValueTag::integer:
      case IppValueTag::enumeration:
        MFP_RETURN_IF_ERROR(exact(4));
        return IppValue{tag, be32(p)};
      case IppValueTag::boolean:
        MFP_RETURN_IF_ERROR(exact(1));
        if (p[0] > 1) return bad("boolean value " + std::to_string(p[0]));
        return IppValue::boolean(p[0] == 1);
      case IppValueTag::date_time: {
        MFP_RETURN_IF_ERROR(exact(11));
        IppDateTime d;
        d.year = static_cast<std::uint16_t>(p[0] << 8 | p[1]);
        d.month = p[2];
        d.day = p[3];
        d.hour = p[4];
        d.minutes = p[5];
        d.seconds = p[6];
        d.deci_seconds = p[7];
        d.utc_direction = static_cast<char>(p[8]);
        d.utc_hours = p[9];
        d.utc_minutes = p[10];
        return IppValue::date_time(d);
      }
      case IppValueTag::resolution:
        MFP_RETURN_IF_ERROR(exact(9));
        return IppValue::resolution({be32(p), be32(p + 4), static_cast<std::int8_t>(p[8])});
      case IppValueTag::range_of_integer:
        MFP_RETURN_IF_ERROR(exact(8));
        return IppValue::range({be32(p), be32(p + 4)});
      case IppValueTag::beg_collection:
        MFP_RETURN_IF_ERROR(exact(0));
        return read_collection(depth);
      case IppValueTag::text_with_language:
      case IppValueTag::name_with_language:
        return localized(tag, v);
      default:
        break;
    }
    if (t == kExtensionTag || t >= 0x80 || tag == IppValueTag::end_collection ||
        tag == IppValueTag::member_attr_name) {
      return bad("value tag " + std::to_string(t) + " not allowed here");
    }
    if (v.size() > max_value_length_for(tag, limits_)) {
      return too_long(std::string(to_string(tag)) + " value of " + std::to_string(v.size()) +
                      " bytes");
    }
    return IppValue::string(tag, std::string(v));
  }

  // textWithLanguage/nameWithLanguage: a language and a text, each length-prefixed, filling
  // the value exactly.
  Result<IppValue> localized(IppValueTag tag, std::string_view v) {
    auto field = [&](std::string_view& out) -> bool {
      if (v.size() < 2) return false;
      const std::size_t n =
          std::size_t{static_cast<std::uint8_t>(v[0])} << 8 | static_cast<std::uint8_t>(v[1]);
      if (v.size() - 2 < n) return false;
      out = v.substr(2, n);
      v.remove_prefix(2 + n);
      return true;
    };
    std::string_view lang;
    std::string_view text;
    if (!field(lang) || !field(text) || !v.empty()) {
      return bad(std::string(to_string(tag)) + " value with inconsistent lengths");
    }
    if (lang.size() > kMaxShortTokenLength || text.size() > max_value_length_for(tag, limits_)) {
      return too_long(std::string(to_string(tag)) + " value too long");
    }
    return IppValue::localized(tag, std::string(lang), std::string(text));
  }

  // Members after a begCollection, up to and including its endCollection (RFC 8010 3.1.6).
  Result<IppValue> read_collection(std::size_t depth) {
    if (depth > limits_.max_collection_depth) {
      return too_large("collections nested deeper than " +
                       std::to_string(limits_.max_collection_depth));
    }
    IppCollection c;
    std::unordered_set<std::string_view> names;
    while (true) {
      std::uint8_t t = 0;
      MFP_RETURN_IF_ERROR(u8(t));
      if (t < 0x10) return bad("collection not closed before a delimiter tag");
      const auto tag = static_cast<IppValueTag>(t);
      std::string_view name;
      MFP_RETURN_IF_ERROR(string_field(name, "member name"));
      if (!name.empty()) return bad("named value inside a collection");
      if (tag == IppValueTag::end_collection || tag == IppValueTag::member_attr_name) {
        if (!c.members.empty() && c.members.back().values.empty()) {
          return bad("collection member " + c.members.back().name + " without a value");
        }
        std::string_view v;
        MFP_RETURN_IF_ERROR(string_field(v, "member"));
        if (tag == IppValueTag::end_collection) {
          if (!v.empty()) return bad("endCollection with a value");
          return IppValue::collection(std::move(c));
        }
        if (v.empty()) return bad("memberAttrName without a name");
        if (v.size() > kMaxNameLength) return too_long("member name too long");
        if (!names.insert(v).second) return bad("duplicate member " + std::string(v));
        MFP_RETURN_IF_ERROR(count_attribute());
        c.members.emplace_back().name.assign(v);
        continue;
      }
      if (c.members.empty()) return bad("collection value before any memberAttrName");
      MFP_RETURN_IF_ERROR(count_value(c.members.back()));
      MFP_ASSIGN_OR_RETURN(IppValue value, read_value(tag, depth + 1));
      c.members.back().values.push_back(std::move(value));
    }
  }

  const IppLimits& limits_;
  IppError* error_;
  std::span<const std::uint8_t> data_;
  bool capped_ = false;
  std::size_t pos_ = 0;
  std::size_t attributes_ = 0;
  std::size_t values_ = 0;
  std::int32_t request_id_ = 0;
};

}  // namespace

Result<ParsedRequest> IppReader::parse(std::span<const std::uint8_t> bytes, const IppLimits& limits,
                                       IppError* error) {
  try {
    return Parser(bytes, limits, error).run();
  } catch (const std::bad_alloc&) {
    if (error != nullptr) {
      const std::int32_t id = bytes.size() >= 8 ? be32(bytes.data() + 4) : 0;
      *error = {IppStatus::server_error_internal_error, id, "out of memory"};
    }
    return Status(StatusCode::resource_exhausted, "IPP request: out of memory");
  }
}

}  // namespace mfp::frontends::ipp
